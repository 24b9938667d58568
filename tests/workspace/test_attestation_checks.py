"""Attestation is checked before it is recorded, each reason in words: the submission
window, every activity of the plan done, ended and run its period, the points, and
the group rule. A plan with no activities, or for a closed year, is not kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.errors import AttestationRefusedError, WorkspaceError
from optimizer.model import Reporting
from optimizer.workspace import (
    PlanRequest,
    Profile,
    ProgressChange,
    ProgressStatus,
    add_practice,
    attest_year,
    get_practice_year,
    mark_progress,
    plan_practice_year,
    practice_to_dict,
)
from optimizer.workspace.attestation_checks import attestation_problems, points_done
from optimizer.workspace.plans import planned_years

DONE = ProgressStatus.DONE
IN_WINDOW = date(2027, 1, 15)
GROUP = "Group Practice"


def _done(ws, activity: str, name: str = ACME, **change: object) -> None:
    dates = {"start": date(2026, 2, 1), "end": date(2026, 5, 31), **change}
    mark_progress(ws, name, YEAR, activity, ProgressChange(status=DONE, **dates))  # type: ignore[arg-type]


def _refused(ws, today: date, name: str = ACME) -> tuple[str, ...]:
    with pytest.raises(AttestationRefusedError) as caught:
        attest_year(ws, name, YEAR, today)
    assert [] == practice_to_dict(ws, name)["attestations"]
    return caught.value.reasons


def test_a_year_is_not_attested_before_its_window_opens(ws, acme) -> None:
    """Attested on 2026-03-16: the 2026 window opens 2027-01-04, and the activities
    marked done (February to May) have not ended."""
    _done(ws, "IA_BE_27")
    _done(ws, "IA_PSPA_23")

    assert (
        "the 2026 submission window opens 2027-01-04: attest from then (today is 2026-03-16)",
        "IA_BE_27 ends 2026-05-31, after today (2026-03-16): it is done once it has ended",
        "IA_PSPA_23 ends 2026-05-31, after today (2026-03-16): it is done once it has ended",
    ) == _refused(ws, date(2026, 3, 16))


def test_a_year_is_not_attested_after_its_window_closed(ws, acme) -> None:
    """On 2027-04-01 the 2026 window (closed 2027-03-31) takes no attestation."""
    _done(ws, "IA_BE_27")
    _done(ws, "IA_PSPA_23")

    assert (
        "the 2026 submission window closed 2027-03-31: 2026 can no longer be attested",
    ) == _refused(ws, date(2027, 4, 1))


def test_one_of_two_done_is_refused_for_the_other_and_the_points(ws, acme) -> None:
    """The planned activity not done and the 20 missing points are both said."""
    _done(ws, "IA_BE_27")

    assert (
        "IA_PSPA_23 is planned, not done: mark it done with its dates, or dropped if it "
        "will not be done",
        "the activities done reach 20 of the 40 points the plan aims for",
    ) == _refused(ws, IN_WINDOW)


def test_a_dropped_activity_still_leaves_the_points_short(ws, acme) -> None:
    """Dropping the activity not done leaves only the points short."""
    _done(ws, "IA_BE_27")
    mark_progress(ws, ACME, YEAR, "IA_PSPA_23", ProgressChange(status=ProgressStatus.DROPPED))

    assert ("the activities done reach 20 of the 40 points the plan aims for",) == _refused(
        ws, IN_WINDOW
    )


def test_nothing_done_is_refused(ws, acme) -> None:
    """With no activity done, every planned one and the missing mark are said."""
    assert (
        "no activity of 2026 is marked done: mark each one done with its start and end dates",
        "IA_BE_27 is planned, not done: mark it done with its dates, or dropped if it will "
        "not be done",
        "IA_PSPA_23 is planned, not done: mark it done with its dates, or dropped if it will "
        "not be done",
    ) == _refused(ws, IN_WINDOW)


def test_an_activity_done_must_have_ended_by_today(ws, acme) -> None:
    """Done with an end after today (kept before the check existed) is a reason."""
    _done(ws, "IA_BE_27", end=date(2026, 12, 31))
    _done(ws, "IA_PSPA_23")
    info = get_practice_year(ws, ACME, YEAR)

    assert (
        "the 2026 submission window opens 2027-01-04: attest from then (today is 2026-06-01)",
        "IA_BE_27 ends 2026-12-31, after today (2026-06-01): it is done once it has ended",
    ) == attestation_problems(info, date(2026, 6, 1))


def test_an_activity_done_must_have_run_its_period(ws, acme) -> None:
    """A period shorter than the activity's minimum is a reason."""
    _done(ws, "IA_BE_27")
    _done(ws, "IA_PSPA_23")
    info = get_practice_year(ws, ACME, YEAR)
    short = replace(info.progress[0], end=date(2026, 2, 28))
    info = replace(info, progress=(short, *info.progress[1:]))

    assert (
        "IA_BE_27 must run at least 90 continuous days: 2026-02-01 to 2026-02-28 is 28 days",
    ) == attestation_problems(info, IN_WINDOW)


def test_marking_done_with_an_end_after_today_is_refused(ws, acme) -> None:
    """On 2026-06-01 an activity ending 2026-12-31 cannot be done yet."""
    change = ProgressChange(status=DONE, start=date(2026, 2, 1), end=date(2026, 12, 31))

    with pytest.raises(WorkspaceError) as caught:
        mark_progress(ws, ACME, YEAR, "IA_BE_27", change, today=date(2026, 6, 1))

    assert (
        "IA_BE_27 cannot be done with its end date 2026-12-31 after today (2026-06-01): "
        "mark it running until it ends"
    ) == str(caught.value)
    assert ProgressStatus.PLANNED is get_practice_year(ws, ACME, YEAR).progress[0].status


@pytest.fixture
def group(ws):  # type: ignore[no-untyped-def]
    """A group of 6 clinicians with its 2026 plan: each activity needs 3 of them."""
    add_practice(ws, GROUP, Profile(clinicians=6, reporting=Reporting.GROUP))
    return plan_year(ws, name=GROUP)


def test_a_group_needs_half_its_clinicians_recorded(ws, group) -> None:
    """3 of 6 clinicians needed, none recorded: refused for each activity."""
    _done(ws, "IA_BE_27", GROUP)
    _done(ws, "IA_PSPA_23", GROUP)

    assert (
        "IA_BE_27 needs 3 clinicians of the group taking part, 0 clinicians recorded",
        "IA_PSPA_23 needs 3 clinicians of the group taking part, 0 clinicians recorded",
    ) == _refused(ws, IN_WINDOW, GROUP)


def test_a_group_with_its_clinicians_recorded_is_attested(ws, group) -> None:
    """With 3 clinicians recorded on each activity, the year is attested."""
    three = ("Dr Lee", "Dr Kim", "Dr Roe")
    _done(ws, "IA_BE_27", GROUP, clinicians=three)
    _done(ws, "IA_PSPA_23", GROUP, clinicians=three)

    rows = attest_year(ws, GROUP, YEAR, IN_WINDOW)

    assert ["IA_BE_27", "IA_PSPA_23"] == [r.activity_id for r in rows]


def test_points_done_count_only_the_activities_done(ws, acme) -> None:
    """1 of 2 activities done: 20 points done of the 40 planned."""
    _done(ws, "IA_BE_27")

    assert 20 == points_done(get_practice_year(ws, ACME, YEAR))


def test_a_plan_with_no_activities_is_not_kept(ws) -> None:
    """After the last start (2026-10-03) no activity can start: nothing is kept."""
    add_practice(ws, ACME, Profile(clinicians=6))

    with pytest.raises(WorkspaceError) as caught:
        plan_practice_year(ws, ACME, PlanRequest(year=YEAR, as_of=date(2026, 10, 10)))

    assert str(caught.value).startswith(
        f"the 2026 plan of '{ACME}' has no activities, so none was kept: "
    )
    assert () == planned_years(ws, ACME)


def test_a_year_whose_window_closed_is_not_planned(ws) -> None:
    """2017's window closed 2018-04-03: planning it in 2026 is refused."""
    add_practice(ws, ACME, Profile(clinicians=6))

    with pytest.raises(WorkspaceError) as caught:
        plan_practice_year(ws, ACME, PlanRequest(year=2017, as_of=date(2026, 10, 10)))

    assert (
        "the 2017 submission window closed 2018-04-03: a plan for 2017 can no longer be "
        "attested, so none was kept"
    ) == str(caught.value)
    assert () == planned_years(ws, ACME)


MEDICAL_HOME = "Medical Home Clinic"


@pytest.fixture
def medical_home(ws):  # type: ignore[no-untyped-def]
    """A patient-centered medical home: its 40 points come from the status, no activity."""
    add_practice(ws, MEDICAL_HOME, Profile(clinicians=6))
    return plan_year(ws, name=MEDICAL_HOME, pcmh=True)


def test_a_medical_home_plan_is_kept_with_no_activities(ws, medical_home) -> None:
    """The status's 40 points are the plan: kept, with nothing to track."""
    assert ((), 40) == (medical_home.progress, medical_home.points)


def test_a_medical_home_plan_is_attested_in_the_window(ws, medical_home) -> None:
    """With no activity to do, the year is attested once its window is open: IA_PCMH,
    the activity CMS takes for the medical-home credit."""
    rows = attest_year(ws, MEDICAL_HOME, YEAR, IN_WINDOW)

    assert ["IA_PCMH"] == [r.activity_id for r in rows]
    assert IN_WINDOW == get_practice_year(ws, MEDICAL_HOME, YEAR).attested_on


def test_a_medical_home_plan_is_not_attested_before_its_window(ws, medical_home) -> None:
    """The window is the only reason a medical home waits."""
    assert (
        "the 2026 submission window opens 2027-01-04: attest from then (today is 2026-03-16)",
    ) == _refused(ws, date(2026, 3, 16), MEDICAL_HOME)


def test_an_app_year_is_attested_with_no_activity_of_later_history(ws) -> None:
    """The APP's full credit has no activity to attest: the year is marked attested,
    and the next year's plan reads no made-up activity from it."""
    add_practice(ws, MEDICAL_HOME, Profile(clinicians=6))
    plan_year(ws, name=MEDICAL_HOME, app=True)
    attest_year(ws, MEDICAL_HOME, YEAR, IN_WINDOW)
    request = PlanRequest(year=YEAR + 1, as_of=date(YEAR + 1, 1, 5), fields={"app": True})

    _, info = plan_practice_year(ws, MEDICAL_HOME, request)

    assert IN_WINDOW == get_practice_year(ws, MEDICAL_HOME, YEAR).attested_on
    assert () == info.scenario.history
