"""Plans made on a given day (issue 11): no window starts before it; after a year's
last start only the activities the practice already runs count; a closed submission
window is said with its date; with no year given, the year a practice can still act
on. Dates: RULES-RESEARCH.md section 4 (last start October 3, submission windows)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_inventory
from optimizer import ExclusionCode, PlanStatus, Scenario, ScenarioError, plan
from optimizer.planning.year_ahead import actionable_year

INVENTORY = make_inventory(
    2025, ("IA_BE_1", None, 5.0), ("IA_BE_4", None, 6.0), ("IA_PM_2", None, 30.0)
)


def test_no_window_starts_before_the_day_of_the_plan():
    """Planned in June, both activities start on June 2 at the earliest."""
    result = plan(Scenario(year=2025), INVENTORY, as_of=date(2025, 6, 2))

    assert {date(2025, 6, 2)} == {w.start for w in result.schedule}


def test_after_the_last_start_new_activities_are_too_late_and_the_plan_is_not_optimal():
    """On October 4 no new 90-day activity fits in the year: no plan, the date said."""
    result = plan(Scenario(year=2025), INVENTORY, as_of=date(2025, 10, 4))

    assert PlanStatus.INFEASIBLE == result.status
    assert "too_late" == result.reasons[0].code
    late = sum(e.code is ExclusionCode.TOO_LATE for e in result.excluded)
    assert (
        f"{late} activities can no longer run their period in 2025; for example "
        f"{result.excluded[0].id} can no longer run its 90 days in 2025: the last start was "
        "2025-10-03 and today is 2025-10-04 (only activities the practice already runs "
        "still count)"
    ) == result.reasons[0].text
    assert {ExclusionCode.TOO_LATE} == {e.code for e in result.excluded}


def test_after_the_last_start_running_activities_still_make_a_plan():
    """Two activities already running since March reach full credit in November, at
    their own windows and nearly no effort."""
    running = (("IA_BE_1", date(2025, 3, 3)), ("IA_PM_2", date(2025, 4, 1)))
    scenario = Scenario(year=2025, running=running)

    result = plan(scenario, INVENTORY, as_of=date(2025, 11, 20))

    assert (PlanStatus.OPTIMAL, ("IA_BE_1", "IA_PM_2")) == (result.status, result.activity_ids)
    assert [(date(2025, 3, 3), date(2025, 5, 31)), (date(2025, 4, 1), date(2025, 6, 29))] == [
        (w.start, w.end) for w in result.schedule
    ]
    assert 1.0 == result.total_effort


def test_one_running_activity_is_not_enough_and_says_what_would_help():
    """With one running activity of the two needed, the fix names the running ones."""
    scenario = Scenario(year=2025, running=(("IA_BE_1", None),))

    result = plan(scenario, INVENTORY, as_of=date(2025, 11, 20))

    assert PlanStatus.INFEASIBLE == result.status
    assert (
        "The one activity still allowed earns 20 points, and 40 points are needed"
        == result.reasons[0].text
    )
    assert result.reasons[0].fix.startswith("mark more of the activities the practice")


def test_a_running_activity_that_would_end_after_december_is_ruled_out():
    """Begun on November 1, a 90-day activity cannot finish in the year."""
    scenario = Scenario(year=2025, running=(("IA_BE_1", date(2025, 11, 1)),))

    result = plan(scenario, INVENTORY, as_of=date(2025, 11, 5))
    exclusion = next(e for e in result.excluded if e.id == "IA_BE_1")

    assert (ExclusionCode.TOO_LATE, "began on 2025-11-01: its 90 days would end after "
            "December 31, 2025") == (exclusion.code, exclusion.reason)  # fmt: skip


def test_a_running_activity_must_begin_in_its_own_year():
    """A window that began in another year is refused in words."""
    with pytest.raises(ScenarioError) as caught:
        Scenario(year=2025, running=(("IA_BE_1", date(2024, 12, 1)),))

    expected = "IA_BE_1 runs for 2025, so its window must begin in 2025, not on 2024-12-01"
    assert expected == str(caught.value)


@pytest.mark.parametrize(
    ("as_of", "warning"),
    [
        (date(2025, 6, 1), None),
        (
            date(2025, 10, 4),
            "Today (2025-10-04) is past 2025's last 90-day start (2025-10-03): only "
            "activities the practice already runs can still count; submit them 2026-01-02 "
            "to 2026-03-31",
        ),
        (
            date(2026, 4, 1),
            "The submission window for PY2025 closed on 2026-03-31: as of 2026-04-01 "
            "nothing can be submitted for it any more",
        ),
    ],
    ids=["in-time", "past-the-last-start", "window-closed"],
)
def test_the_day_is_said_against_the_year(as_of, warning):
    """Late in the year, or after the submission window, the plan says so with the date."""
    result = plan(Scenario(year=2025, running=(("IA_BE_1", None),)), INVENTORY, as_of=as_of)

    assert warning == next((w for w in result.warnings if "2025" in w[:40]), None)


@pytest.mark.parametrize(
    ("today", "year", "why"),
    [
        (date(2026, 5, 1), 2026, "activities can still start until 2026-10-03"),
        (
            date(2025, 12, 1),
            2026,
            "activities can still start until 2026-10-03; PY2025 can still be submitted "
            "until 2026-03-31 (choose it to attest what you ran)",
        ),
        (
            date(2026, 11, 25),
            2027,
            "PY2026's last start (2026-10-03) has passed; activities can still start until "
            "2027-10-03. PY2027's CMS list is not loaded yet, so the plan is provisional, on "
            "PY2026's activities and rules carried forward; PY2026 can still be submitted "
            "until 2027-03-31 (choose it to attest what you ran)",
        ),
        (
            date(2027, 11, 25),
            2027,
            "its last start (2027-10-03) has passed, so only activities the practice already "
            "runs can count; submit them 2028-01-04 to 2028-03-31. PY2028 cannot be planned: "
            "load its CMS list first",
        ),
    ],
    ids=["in-the-year", "between-years", "after-the-last-start", "past-2027"],
)
def test_with_no_year_given_the_year_a_practice_can_still_act_on(today, year, why):
    """The first year whose activities can still start, else the last one that can
    still be submitted, with the reason in words."""
    assert (year, why) == actionable_year(today)


def test_when_only_the_long_activities_are_late_the_real_block_is_named():
    """On August 1 only the 6-month activities are too late; 'All paired' with no quality
    measure is what leaves nothing, and that is what the plan says."""
    result = plan(Scenario(year=2026, require_pairing=True), as_of=date(2026, 8, 1))

    assert PlanStatus.INFEASIBLE == result.status
    assert ["reach_40_points"] == [r.code for r in result.reasons]
    assert result.reasons[0].text.startswith("'All paired' keeps only activities that pair")
