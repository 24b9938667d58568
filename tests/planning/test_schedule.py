"""The 90-day schedule: windows inside the year, starting by the last start date,
after the user's start date, with at most K at once; no room is explained."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_inventory, said
from optimizer import (
    PlanStatus,
    Scenario,
    ScenarioError,
    SpecialStatus,
    bundled_inventory,
    plan,
    rules_for,
    schedule_windows,
)
from optimizer.planning.schedule import last_start_for, room

IDS = [f"IA_PM_{i}" for i in range(1, 9)]


@pytest.mark.parametrize(
    ("year", "days", "expected"),
    [
        (2017, 90, date(2017, 10, 2)),
        (2021, 90, date(2021, 10, 3)),
        (2024, 90, date(2024, 10, 3)),
        (2021, 365, date(2021, 1, 1)),
        (2021, 30, date(2021, 12, 2)),
    ],
    ids=["2017-guidance-oct-2", "2021-oct-3", "2024-leap-oct-3", "year-long", "30-days"],
)
def test_last_start_by_year_and_length(year, days, expected):
    """90 days: the rules table's date; other lengths end on December 31 at the latest."""
    assert expected == last_start_for(rules_for(year), days)


@pytest.mark.parametrize(
    ("start", "max_concurrent", "expected"),
    [
        (None, None, None),
        (None, 1, 4),
        (None, 2, 8),
        (date(2021, 8, 1), 1, 1),
        (date(2021, 10, 3), 3, 3),
        (date(2021, 10, 4), None, 0),
        (date(2020, 6, 1), 1, 4),
    ],
    ids=["no-limit", "one-lane", "two-lanes", "august", "last-day", "too-late", "last-year"],
)
def test_room_left_in_2021(start, max_concurrent, expected):
    """How many 90-day windows still fit: K lanes of (last start - start) // 90 + 1."""
    assert expected == room(rules_for(2021), start=start, max_concurrent=max_concurrent)


@settings(max_examples=150, deadline=None)
@given(
    year=st.integers(2017, 2026),
    offset=st.integers(0, 400),
    count=st.integers(0, 8),
    max_concurrent=st.one_of(st.none(), st.integers(1, 4)),
)
def test_windows_lie_inside_the_year_and_respect_every_limit(year, offset, count, max_concurrent):
    """Whenever the windows fit, each is 90 days, starts on or after the start date and
    by the last start, ends by December 31, and no day has more than K running."""
    start = date(year, 1, 1) + timedelta(days=offset - 30)
    ids = IDS[:count]
    fits = room(rules_for(year), start=start, max_concurrent=max_concurrent)

    timeline = schedule_windows(ids, rules_for(year), start=start, max_concurrent=max_concurrent)

    assert (fits is None or count <= fits) == timeline.feasible
    if not timeline.feasible:
        return
    assert sorted(ids) == sorted(w.activity for w in timeline.windows)
    for window in timeline.windows:
        assert 90 == window.days
        assert max(start, date(year, 1, 1)) <= window.start <= last_start_for(rules_for(year))
        assert window.end <= date(year, 12, 31)
    if max_concurrent is not None:
        days = {w.start + timedelta(days=d) for w in timeline.windows for d in range(90)}
        busiest = max(
            (sum(w.start <= day <= w.end for w in timeline.windows) for day in days), default=0
        )
        assert busiest <= max_concurrent


def test_one_at_a_time_runs_back_to_back():
    """With one activity at a time the windows follow each other from the start date."""
    expected = [
        ("IA_PM_1", date(2021, 3, 1), date(2021, 5, 29), 90),
        ("IA_PM_2", date(2021, 5, 30), date(2021, 8, 27), 90),
    ]

    timeline = schedule_windows(
        ["IA_PM_1", "IA_PM_2"], rules_for(2021), start=date(2021, 3, 1), max_concurrent=1
    )

    assert expected == [(w.activity, w.start, w.end, w.days) for w in timeline.windows]


def test_an_activity_with_its_own_period_gets_that_length():
    """A year-long activity gets 365 days from January 1; others keep 90."""
    timeline = schedule_windows(["IA_PM_1", "IA_PM_2"], rules_for(2021), days={"IA_PM_1": 365})

    assert [365, 90] == [w.days for w in timeline.windows]


def test_a_long_activity_after_its_last_start_is_explained():
    """A 365-day activity cannot start in March: the reason names its last start."""
    timeline = schedule_windows(
        ["IA_PM_1"], rules_for(2021), start=date(2021, 3, 1), days={"IA_PM_1": 365}
    )

    assert (
        "no room left this year for IA_PM_1: its 365-day window must start by 2021-01-01, "
        "and the earliest free start is 2021-03-01"
    ) == timeline.reason


def inventory_2021():
    return make_inventory(
        2021,
        ("IA_PM_1", "high", 5),
        ("IA_PM_2", "high", 6),
        ("IA_PM_7", "medium", 1),
        ("IA_PM_4", "medium", 1),
        ("IA_PM_5", "medium", 1),
        ("IA_PM_6", "medium", 1),
    )


def test_every_plan_carries_its_schedule():
    """A plan's windows start on the start date and end by December 31."""
    result = plan(Scenario(year=2021, start_date=date(2021, 5, 1)), inventory_2021(), pairings={})

    assert PlanStatus.OPTIMAL == result.status
    assert sorted(result.activity_ids) == sorted(w.activity for w in result.schedule)
    assert {date(2021, 5, 1)} == {w.start for w in result.schedule}
    assert [
        {"activity": w.activity, "start": w.start.isoformat(), "end": w.end.isoformat()}
        for w in result.schedule
    ] == result.to_dict()["schedule"]


def test_a_late_start_date_leaves_no_plan_and_says_the_last_start():
    """Starting after October 3 leaves no activity time to run its period this year,
    in words: eligibility rules each one out from the start date, so the reason is
    the timing (the start date binds, so the fix is to start earlier)."""
    result = plan(Scenario(year=2021, start_date=date(2021, 10, 4)), inventory_2021(), pairings={})

    assert PlanStatus.INFEASIBLE == result.status
    assert (
        (
            "too_late",
            "6 activities can no longer run their period in 2021; for example IA_PM_1 cannot "
            "run its 90 days in 2021 from the plan's start on 2021-10-04: its last start is "
            "2021-10-03",
            "start earlier or plan the next year",
        ),
    ) == said(result.reasons)


def test_room_for_fewer_activities_picks_dearer_but_fewer():
    """From August with one at a time only one 90-day window fits: nothing reaches 40
    points alone, so no plan; from June two fit and the two high activities win."""
    late = Scenario(year=2021, start_date=date(2021, 8, 1), max_concurrent=1)
    june = Scenario(year=2021, start_date=date(2021, 6, 1), max_concurrent=1)

    late_plan = plan(late, inventory_2021(), pairings={})
    june_plan = plan(june, inventory_2021(), pairings={})

    assert PlanStatus.INFEASIBLE == late_plan.status
    assert (
        (
            "schedule_room",
            "From 2021-08-01 with at most 1 activity at a time there is room for 1 activity "
            "of 90 days (the last possible start is 2021-10-03); 2 activities are needed for "
            "40 points",
            "start earlier or run more activities at once",
        ),
    ) == said(late_plan.reasons)
    assert ("IA_PM_1", "IA_PM_2") == june_plan.activity_ids
    assert [date(2021, 6, 1), date(2021, 8, 30)] == [w.start for w in june_plan.schedule]


def test_without_limits_the_cheapest_plan_is_unchanged():
    """A start date in time and no concurrency limit change nothing but the dates."""
    plain = plan(Scenario(year=2021), inventory_2021(), pairings={})
    dated = plan(Scenario(year=2021, start_date=date(2021, 9, 1)), inventory_2021(), pairings={})

    assert plain.activity_ids == dated.activity_ids


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_date": "August"}, "'start_date' must be a date like 2021-08-01: 'August'"),
        ({"max_concurrent": 0}, "'max_concurrent' must be at least 1: 0"),
    ],
    ids=["bad-date", "zero-at-once"],
)
def test_bad_schedule_settings_are_refused(fields, message):
    """A start date that is not a date, or no activity at a time, is a ScenarioError."""
    with pytest.raises(ScenarioError) as raised:
        Scenario(year=2021, **fields)

    assert message == str(raised.value)


def test_an_activity_of_six_months_gets_184_days_and_starts_by_july_1():
    """IA_ERP_1 asks for 6 months of registration (its CMS description): its window is
    184 days and its last start July 1, while a 90-day activity may start by October 3."""
    inventory = bundled_inventory(2026)
    scenario = Scenario(year=2026, include={"IA_ERP_1"}, statuses={SpecialStatus.RURAL})

    result = plan(scenario, inventory)
    (activity,) = result.activities
    (window,) = result.schedule

    assert (184, date(2026, 7, 1)) == (activity.period_days, activity.last_start)
    assert 184 == window.days
