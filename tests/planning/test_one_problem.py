"""One planning problem: every route (the plan, the next plans, a roadmap's year, the
dynamic program and the integer program, the what-if table) answers from the same
``Problem``, so the routes agree.

The first tests are the four disagreements found on main before the routes shared
one problem (issue 19); the property tests then draw practices with running
activities, at-most-K-at-a-time, start days, rosters with their own hours, caps and
statuses, includes and excludes, and check the routes against each other.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import product

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import drawn_inventory
from optimizer import (
    Clinician,
    Inventory,
    PlanStatus,
    Reporting,
    Scenario,
    ScenarioError,
    Solver,
    SpecialStatus,
    alternatives,
    bundled_inventory,
    plan,
    prepare,
    roadmap,
    what_if_table,
)
from optimizer.planning.resolve import resolve_year
from optimizer.planning.whatif import plan_variants, variants
from optimizer.rules.eligibility import assess
from optimizer.rules.exclusions import ExclusionReach

SEPTEMBER = date(2026, 9, 1)


class TestTheFourBugs:
    """Each failed on main before the routes shared one problem."""

    def test_alternatives_and_roadmap_leave_running_activities_out_of_the_schedule_cap(self):
        """A running activity needs no new window: the next plans and a one-year
        roadmap see the same room as the plan does."""
        scenario = Scenario(2026, running=(("IA_BE_4", None),), max_concurrent=1)

        best = plan(scenario, as_of=SEPTEMBER)
        others = alternatives(scenario, as_of=SEPTEMBER, best=best)
        one_year = roadmap(scenario, 2026, as_of=SEPTEMBER)

        assert (("IA_BE_4", "IA_PSPA_23"), 9.0) == (best.activity_ids, best.total_effort)
        instead = {r.activity: r.plan for r in others.replacements}["IA_PSPA_23"]
        assert instead is not None
        assert (("IA_BE_27", "IA_BE_4"), 9.5) == (instead.activities, instead.total_effort)
        assert (PlanStatus.OPTIMAL, best.activity_ids, best.total_effort) == (
            one_year.status,
            one_year.years[0].plan.activity_ids,
            one_year.total_effort,
        )

    def test_alternatives_with_a_roster_cost_what_planning_them_costs(self):
        """Clinicians' hours are counted once: an alternative's effort is the effort of
        planning exactly that set, and the alternatives come cheapest first."""
        ids = [a.id for a in bundled_inventory(2024).activities]
        roster = tuple(
            Clinician(f"{i:010d}", efforts=tuple((a, 0.1) for a in ids)) for i in range(1, 5)
        )
        scenario = Scenario(2024, reporting=Reporting.GROUP, clinicians=4, roster=roster)

        best = plan(scenario)
        others = alternatives(scenario, best=best, count=3)

        assert 11.9 == best.total_effort
        efforts = [a.total_effort for a in others.plans]
        assert efforts == sorted(efforts)
        for alternative in others.plans:
            same = plan(replace(scenario, include=frozenset(alternative.activities)))
            assert same.total_effort == alternative.total_effort
        assert 17.9 in efforts

    def test_alternatives_see_the_statuses_the_roster_gives_the_group(self):
        """Four rural clinicians make a rural group, for the swaps too."""
        roster = tuple(
            Clinician(f"{i:010d}", statuses=frozenset({SpecialStatus.RURAL})) for i in range(1, 5)
        )
        scenario = Scenario(2024, reporting=Reporting.GROUP, clinicians=4, roster=roster)

        best = plan(scenario)
        swaps = {r.activity: r for r in alternatives(scenario, best=best).replacements}

        assert ("IA_PSPA_23",) == best.activity_ids
        assert ("IA_PSPA_22",) == swaps["IA_PSPA_23"].added
        assert swaps["IA_PSPA_23"].plan is not None
        assert 1.5 == swaps["IA_PSPA_23"].plan.extra_effort

    def test_a_roadmap_prices_a_running_activity_as_running_only_in_its_year(self):
        """Running activities and their start days hold in the first year only."""
        scenario = Scenario(2026, running=(("IA_BE_4", None),))

        years = roadmap(scenario, 2028, as_of=date(2026, 3, 1)).years
        priced = {y.plan.year: {a.id: a.effort_reason for a in y.plan.activities} for y in years}

        assert "already running: nearly free" == priced[2026]["IA_BE_4"]
        assert all(priced[y].get("IA_BE_4") != "already running: nearly free" for y in (2027, 2028))

    def test_a_running_start_day_does_not_break_the_next_year(self, capsys):
        """--running ID:DAY over two years plans both (main exited 2)."""
        from optimizer.cli.mips_ia import main

        code = main(
            [
                "roadmap",
                "--years",
                "2026-2027",
                "--running",
                "IA_BE_4:2026-03-02",
                "--as-of",
                "2026-03-01",
            ]
        )

        assert 0 == code
        assert "IA_BE_4" in capsys.readouterr().out


# --- The routes against each other ----------------------------------------------

MEASURES = ("001", "236")


@st.composite
def practices(draw: st.DrawFn, *, roster: bool = True) -> tuple[Scenario, Inventory, dict]:
    """A small practice: an inventory of 2-7 activities of several periods, and a
    scenario drawing every input the routes must agree on."""
    year = draw(st.sampled_from([2024, 2026]))
    n = draw(st.integers(2, 7))
    ids = [f"IA_T_{i}" for i in range(1, n + 1)]
    inventory = drawn_inventory(draw, year, ids, periods=True)
    pairings = {i: frozenset(draw(st.sets(st.sampled_from(MEASURES), max_size=1))) for i in ids}
    as_of = draw(st.one_of(st.none(), st.dates(date(year, 1, 1), date(year, 10, 1))))
    running_ids = draw(st.sets(st.sampled_from(ids), max_size=2))
    began = as_of or date(year, 12, 31)
    running = tuple(
        (i, draw(st.one_of(st.none(), st.dates(date(year, 1, 1), min(began, date(year, 6, 30))))))
        for i in sorted(running_ids)
    )
    include = draw(st.sets(st.sampled_from(ids), max_size=1))
    scenario = Scenario(
        year=year,
        statuses=frozenset(draw(st.sets(st.just(SpecialStatus.RURAL), max_size=1))),
        apm=draw(st.booleans()),
        quality=frozenset(draw(st.sets(st.sampled_from(MEASURES), max_size=2))),
        min_paired=draw(st.integers(0, 1)),
        include=frozenset(include),
        exclude=frozenset(draw(st.sets(st.sampled_from(ids), max_size=1)) - include - running_ids),
        running=running,
        max_concurrent=draw(st.sampled_from([None, None, 1, 2])),
        start_date=draw(st.one_of(st.none(), st.dates(date(year, 1, 1), date(year, 9, 30)))),
    )
    if roster and draw(st.booleans()):
        size = draw(st.integers(1, 4))
        clinicians = tuple(
            Clinician(
                f"{k:010d}",
                efforts=tuple(
                    (i, draw(st.integers(0, 8)) / 4)
                    for i in draw(st.sets(st.sampled_from(ids), max_size=3))
                ),
                max_activities=draw(st.sampled_from([None, None, 1, 2])),
                statuses=frozenset(draw(st.sets(st.just(SpecialStatus.RURAL), max_size=1))),
                cannot=frozenset(draw(st.sets(st.sampled_from(ids), max_size=1))),
            )
            for k in range(1, size + 1)
        )
        scenario = replace(scenario, reporting=Reporting.GROUP, clinicians=size, roster=clinicians)
    return scenario, inventory, pairings, as_of


def _planned(scenario, inventory, pairings, as_of, solver=Solver.AUTO):
    try:
        return plan(scenario, inventory, pairings=pairings, as_of=as_of, solver=solver)
    except ScenarioError:
        assume(False)  # a combination the checks refuse in words, not a plan
        raise


def _rank(result):
    """What the routes must agree on: the status, and the effort with the count."""
    if result.status is PlanStatus.INFEASIBLE:
        return (result.status,)
    return (result.status, round(result.total_effort, 2), len(result.activities))


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@SETTINGS
@given(practices())
def test_assess_asks_the_exclusion_rules_of_every_activity_they_can_reach(practice):
    """``assess`` asks ``scenario_exclusion`` only of the activities ``ExclusionReach``
    says a rule can reach; asking it of every activity gives the same split."""
    scenario, inventory, pairings, as_of = practice
    try:
        context = resolve_year(scenario, inventory, pairings)
        skipping = assess(scenario, context, as_of)
    except ScenarioError:
        assume(False)
        raise
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ExclusionReach, "reaches", lambda self, activity, checked, short: True)
        asking_all = assess(scenario, context, as_of)
    assert (asking_all.candidates, asking_all.excluded) == (
        skipping.candidates,
        skipping.excluded,
    )


@SETTINGS
@given(practices())
def test_without_an_activity_is_planning_without_it(practice):
    """Each replacement is the plan with that activity excluded, and the first
    alternative is the true second best: the cheapest plan that lacks one of the best
    plan's activities (any other minimal plan lacks one)."""
    scenario, inventory, pairings, as_of = practice
    best = _planned(scenario, inventory, pairings, as_of)
    assume(best.status is PlanStatus.OPTIMAL and best.activities)

    others = alternatives(scenario, inventory, pairings=pairings, as_of=as_of, best=best, count=2)

    seconds = []
    for replacement in others.replacements:
        excluded = replace(
            scenario,
            exclude=scenario.exclude | {replacement.activity},
            running=tuple(r for r in scenario.running if r[0] != replacement.activity),
        )
        direct = _planned(excluded, inventory, pairings, as_of)
        if replacement.plan is None:
            assert PlanStatus.INFEASIBLE == direct.status
            continue
        assert direct.total_effort == replacement.plan.total_effort
        seconds.append((direct.total_effort, len(direct.activities)))
    if others.plans:
        first = others.plans[0]
        assert min(seconds) == (first.total_effort, len(first.activities))
    else:
        assert not seconds


@SETTINGS
@given(practices())
def test_the_dynamic_program_and_the_integer_program_agree(practice):
    """AUTO (the dynamic program, or HiGHS with a roster) and HiGHS give plans of one
    effort and size."""
    scenario, inventory, pairings, as_of = practice
    auto = _planned(scenario, inventory, pairings, as_of)
    highs = _planned(scenario, inventory, pairings, as_of, Solver.HIGHS)

    assert _rank(auto) == _rank(highs)


@SETTINGS
@given(practices(roster=False))
def test_a_one_year_roadmap_is_the_plan(practice):
    """A roadmap of one year (no history to continue) is that year's plan."""
    scenario, inventory, pairings, as_of = practice
    alone = _planned(scenario, inventory, pairings, as_of)

    one_year = roadmap(
        scenario,
        scenario.year,
        inventories={scenario.year: inventory},
        pairings=pairings,
        as_of=as_of,
    )

    assert _rank(alone) == _rank(one_year.years[0].plan)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(practices())
def test_each_what_if_row_is_the_plan_with_that_toggle(practice):
    """The what-if table's rows are plans of the toggled scenarios."""
    scenario, inventory, pairings, as_of = practice
    _planned(scenario, inventory, pairings, as_of)  # refused combinations are skipped

    rows = what_if_table(scenario, inventory, pairings=pairings, as_of=as_of)

    assert [label for label, _ in variants(scenario)] == [row.label for row in rows]
    for row in rows:
        assert _rank(_planned(row.scenario, inventory, pairings, as_of)) == _rank(row.plan)


def test_the_problem_is_resolved_once_and_read_by_each_route():
    """``prepare`` holds what the routes read: the statuses from the roster applied,
    the exempt running activities, the points still needed."""
    roster = tuple(
        Clinician(f"{i:010d}", statuses=frozenset({SpecialStatus.RURAL})) for i in range(1, 5)
    )
    group = Scenario(2024, reporting=Reporting.GROUP, clinicians=4, roster=roster)
    running = Scenario(2026, running=(("IA_BE_4", None),), max_concurrent=1)

    rural = prepare(group)
    timed = prepare(running, as_of=SEPTEMBER)

    assert SpecialStatus.RURAL in rural.scenario.statuses
    assert SpecialStatus.RURAL not in rural.given.statuses
    assert [("schedule_room", frozenset({"IA_BE_4"}))] == [
        (limit.name, limit.exempt) for limit in timed.limits
    ]
    assert (40, SEPTEMBER) == (timed.needed, timed.earliest)
    assert len(timed.costs) == len(timed.choosable)


@pytest.mark.parametrize("days", [0, 1, 40])
def test_the_earliest_day_is_the_later_of_the_start_and_the_day_planned(days):
    start = SEPTEMBER + timedelta(days=days - 20)
    problem = prepare(Scenario(2026, start_date=start), as_of=SEPTEMBER)

    assert max(start, SEPTEMBER) == problem.earliest


@pytest.mark.parametrize("year", [2024, 2026])
def test_every_combination_of_the_toggles_is_planned_as_plan_plans_it(year):
    """Planned together (one assessment per kind of status, one solve per problem),
    each of the 128 variants is the plan ``plan`` makes of it."""
    base = Scenario(year, include=frozenset({"IA_BE_4"}), efforts=(("IA_PSPA_23", 0.5),))
    matrix = [
        replace(
            base,
            statuses=frozenset(s for s, on in zip(SpecialStatus, bits[:4], strict=True) if on),
            apm=bits[4],
            pcmh=bits[5],
            app=bits[6] and year >= 2023,
        )
        for bits in product((False, True), repeat=7)
    ]
    context = resolve_year(base)

    together = plan_variants(context, matrix, as_of=date(year, 3, 1))

    for scenario, result in zip(matrix, together, strict=True):
        alone = plan(scenario, as_of=date(year, 3, 1))
        assert (alone.status, alone.activity_ids, alone.total_effort, alone.score) == (
            result.status,
            result.activity_ids,
            result.total_effort,
            result.score,
        )
