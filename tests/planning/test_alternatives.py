"""Alternatives: the next-cheapest plans, none containing another, and the cheapest
plan without each planned activity; checked against an exhaustive enumeration."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations, islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import drawn_inventory, make_inventory
from optimizer import (
    Clinician,
    Inventory,
    PlanStatus,
    Reporting,
    Scenario,
    ScenarioError,
    Solver,
    SpecialStatus,
)
from optimizer.model import Activity, Weight
from optimizer.planning.alternatives.next_plans import MAX_ALTERNATIVES, alternatives
from optimizer.planning.solve.limits import CountLimit
from optimizer.planning.solve.problem import prepare
from optimizer.planning.solve.search import plans_in_order

SMALL = frozenset({SpecialStatus.SMALL_PRACTICE})
MEASURES = ["001", "134", "236"]


def points(activity: Activity, scenario: Scenario) -> int:
    """PRODUCT.md: medium 10 / high 20 to 2024, 20 each from 2025; doubled with a status."""
    base = 10 if scenario.year <= 2024 and activity.weight is Weight.MEDIUM else 20
    return base * (2 if scenario.statuses else 1)


def feasible_plans(inventory: Inventory, scenario: Scenario, pairings) -> list[frozenset[str]]:
    """Every subset of the allowed activities that meets the scenario's rules."""
    needed = min(scenario.target or 40, 40) - (20 if scenario.apm else 0)
    allowed = [a for a in inventory.activities if a.id not in scenario.exclude]
    plans = []
    for size in range(len(allowed) + 1):
        for subset in combinations(allowed, size):
            ids = frozenset(a.id for a in subset)
            paired = sum(1 for a in subset if pairings.get(a.id, frozenset()) & scenario.quality)
            if (
                scenario.include <= ids
                and paired >= scenario.min_paired
                and sum(points(a, scenario) for a in subset) >= needed
            ):
                plans.append(ids)
    return plans


def key(inventory: Inventory, ids) -> tuple[int, int]:
    """(effort in hundredths, number of activities): the order plans are ranked in."""
    return (sum(round(inventory.get(i).effort * 100) for i in ids), len(ids))


@st.composite
def practices(draw):
    year = draw(st.sampled_from([2024, 2025]))
    n = draw(st.integers(1, 8))
    ids = [f"IA_T_{i}" for i in range(1, n + 1)]
    inventory = drawn_inventory(draw, year, ids)
    pairings = {i: frozenset(draw(st.sets(st.sampled_from(MEASURES), max_size=1))) for i in ids}
    include = draw(st.sets(st.sampled_from(ids), max_size=1))
    scenario = Scenario(
        year=year,
        statuses=draw(st.sets(st.just(SpecialStatus.RURAL), max_size=1)),
        apm=draw(st.booleans()),
        quality=draw(st.sets(st.sampled_from(MEASURES), max_size=2)),
        min_paired=draw(st.integers(0, 1)),
        include=include,
        exclude=draw(st.sets(st.sampled_from(ids), max_size=1)) - include,
    )
    return inventory, scenario, pairings, draw(st.integers(1, 6))


@pytest.mark.parametrize(
    ("solver", "examples"), [("auto", 400), ("highs", 150)], ids=["dp", "highs"]
)
def test_alternatives_match_exhaustive_enumeration_of_minimal_plans(solver, examples):
    """The alternatives are the next-cheapest plans that no other plan is contained in,
    and each replacement is the cheapest plan without that activity (both routes)."""

    @settings(max_examples=examples, deadline=None)
    @given(practices())
    def check(practice):
        check_practice(practice, solver)

    check()


def check_practice(practice, solver):
    inventory, scenario, pairings, count = practice
    plans = feasible_plans(inventory, scenario, pairings)
    minimal = [p for p in plans if not any(q < p for q in plans)]
    ranked = sorted(key(inventory, p) for p in minimal)

    result = alternatives(scenario, inventory, pairings=pairings, count=count, solver=solver)

    if result.plan.status is not PlanStatus.OPTIMAL or not result.plan.activities:
        assert [] == list(result.plans)
        return
    found = [frozenset(a.activities) for a in result.plans]
    assert ranked[1 : count + 1] == [key(inventory, p) for p in found]
    assert all(p in minimal for p in found)
    assert len(set(found) | {frozenset(result.plan.activity_ids)}) == len(found) + 1
    for replacement in result.replacements:
        without = [p for p in plans if replacement.activity not in p]
        best = min((key(inventory, p) for p in without), default=None)
        got = None if replacement.plan is None else key(inventory, replacement.plan.activities)
        assert best == got


def weighted_inventory():
    """The cheapest 40-point set is C + A + B (23 h); the next is C + A + D (25 h)."""
    return make_inventory(
        2024,
        ("IA_T_1", "medium", 5),  # A
        ("IA_T_2", "medium", 6),  # B
        ("IA_T_0", "high", 12),  # C
        ("IA_T_3", "medium", 7),  # D
        ("IA_T_5", "medium", 8),
    )


class TestHandChecked:
    def test_next_cheapest_plans_in_order(self):
        """After C + A + B (23 h) come C + A + D (24 h), then a 25 h plan."""
        result = alternatives(Scenario(year=2024), weighted_inventory(), count=2)

        assert ("IA_T_0", "IA_T_1", "IA_T_3") == result.plans[0].activities
        assert [(24.0, 1.0), (25.0, 2.0)] == [
            (a.total_effort, a.extra_effort) for a in result.plans
        ]

    def test_a_plan_with_an_extra_activity_is_no_alternative(self):
        """Adding a free activity to the best plan never shows up as an alternative."""
        inventory = make_inventory(
            2025, ("IA_T_1", None, 1), ("IA_T_2", None, 0), ("IA_T_3", None, 9)
        )

        result = alternatives(Scenario(year=2025, statuses=SMALL), inventory, count=5)

        assert [("IA_T_1",), ("IA_T_3",)] == [a.activities for a in result.plans]

    def test_replacement_of_each_activity(self):
        """Without A the cheapest plan takes D instead (+2 h)."""
        result = alternatives(Scenario(year=2024), weighted_inventory(), count=1)
        by_activity = {r.activity: r for r in result.replacements}

        assert (("IA_T_3",), 2.0) == (
            by_activity["IA_T_1"].added,
            by_activity["IA_T_1"].plan.extra_effort,
        )

    def test_a_required_activity_is_not_replaced(self):
        """A must-include activity gets no replacement: the user asked for it."""
        scenario = Scenario(year=2024, include={"IA_T_0"})

        result = alternatives(scenario, weighted_inventory(), count=1)

        assert "IA_T_0" not in [r.activity for r in result.replacements]

    def test_no_replacement_when_nothing_else_reaches_the_target(self):
        """An activity no plan can do without has no replacement."""
        inventory = make_inventory(2025, ("IA_T_1", None, 1), ("IA_T_2", None, 2))

        result = alternatives(Scenario(year=2025), inventory, count=1)

        assert [None, None] == [r.plan for r in result.replacements]
        assert () == result.plans

    def test_full_credit_has_no_alternatives(self):
        result = alternatives(Scenario(year=2024, pcmh=True), weighted_inventory())

        assert (PlanStatus.FULL_CREDIT, (), ()) == (
            result.plan.status,
            result.plans,
            result.replacements,
        )

    def test_group_with_a_roster_counts_the_clinicians_own_hours(self):
        """With a roster, an alternative's effort includes the assigned clinicians' hours."""
        roster = (
            Clinician("A", efforts=(("IA_T_1", 10.0),)),
            Clinician("B", cannot=frozenset({"IA_T_1"})),
        )
        scenario = Scenario(year=2025, reporting=Reporting.GROUP, roster=roster)
        inventory = make_inventory(
            2025, ("IA_T_1", None, 1), ("IA_T_2", None, 2), ("IA_T_3", None, 3)
        )

        result = alternatives(scenario, inventory, count=1)

        assert (("IA_T_2", "IA_T_3"), 5.0) == (result.plan.activity_ids, result.plan.total_effort)
        assert [(("IA_T_1", "IA_T_2"), 13.0)] == [
            (a.activities, a.total_effort) for a in result.plans
        ]

    def test_cbc_finds_the_same(self):
        result = alternatives(Scenario(year=2024), weighted_inventory(), count=3, solver="cbc")

        assert [24.0, 25.0, 25.0] == [a.total_effort for a in result.plans]

    def test_json(self):
        data = alternatives(Scenario(year=2024), weighted_inventory(), count=1).to_dict()

        assert [
            {
                "activities": ["IA_T_0", "IA_T_1", "IA_T_3"],
                "total_effort": 24.0,
                "extra_effort": 1.0,
            }
        ] == data["alternatives"]
        assert {"activity", "replacement", "plan"} == set(data["replacements"][0])


@pytest.mark.parametrize("count", [0, 21, -1], ids=["zero", "over-20", "negative"])
def test_count_outside_1_to_20_is_refused(count):
    with pytest.raises(ScenarioError) as error:
        alternatives(Scenario(year=2024), weighted_inventory(), count=count)

    assert f"'alternatives' must be a whole number from 1 to 20, got {count}" == str(error.value)
    assert 20 == MAX_ALTERNATIVES


@st.composite
def candidate_sets(draw):
    """Random candidates of 2024 (10 or 20 points, paired or not, as eligibility makes
    them) and a need, with a count cap."""
    n = draw(st.integers(1, 8))
    ids = [f"IA_T_{i}" for i in range(1, n + 1)]
    inventory = Inventory(
        2024,
        tuple(
            Activity(
                id=i,
                title=i,
                weight=draw(st.sampled_from([Weight.MEDIUM, Weight.HIGH])),
                effort=draw(st.integers(0, 8)) / 2,
            )
            for i in ids
        ),
        source="random",
    )
    pairings = {i: frozenset({"001"}) for i in ids if draw(st.booleans())}
    scenario = Scenario(
        year=2024,
        quality=frozenset({"001"}),
        min_paired=draw(st.integers(0, 2)),
        include=frozenset(draw(st.sets(st.sampled_from(ids), max_size=1))),
    )
    problem = replace(
        prepare(scenario, inventory, pairings), needed=draw(st.sampled_from([0, 20, 40]))
    )
    most = draw(st.sampled_from([None, None, 1, 2, 3]))
    if most is not None:
        problem = replace(problem, limits=(CountLimit("test_limit", most, "a test", ()),))
    return problem, draw(st.integers(1, 6))


def plans_meeting(problem) -> list[frozenset[str]]:
    most = min((limit.most for limit in problem.limits), default=None)
    return [
        frozenset(c.id for c in subset)
        for size in range(len(problem.choosable) + 1)
        for subset in combinations(problem.choosable, size)
        if sum(c.points for c in subset) >= problem.needed
        and sum(1 for c in subset if c.paired_measures) >= problem.min_paired
        and problem.include <= {c.id for c in subset}
        and (most is None or size <= most)
    ]


@pytest.mark.parametrize("solver", [Solver.AUTO, Solver.HIGHS], ids=["dp", "highs"])
def test_plans_in_order_match_exhaustive_enumeration_with_a_count_limit(solver):
    """Both routes give the plans that contain no other, cheapest first, with or
    without a count limit, and the cheapest plan without each activity."""

    @settings(max_examples=300 if solver is Solver.AUTO else 60, deadline=None)
    @given(candidate_sets())
    def check(case):
        problem, count = case
        efforts = dict(zip((c.id for c in problem.choosable), problem.costs, strict=True))

        def rank(ids):
            return (sum(efforts[i] for i in ids), len(ids))

        plans = plans_meeting(problem)
        minimal = sorted((p for p in plans if not any(q < p for q in plans)), key=rank)
        found = [
            frozenset(o.ids)
            for o in islice(
                plans_in_order(problem, solver, count=count, keep=minimal[0] if minimal else ()),
                count + 1,
            )
        ]
        assert [rank(p) for p in minimal[: count + 1]] == [rank(p) for p in found]
        for activity_id in (minimal[0] if minimal else frozenset()) - problem.include:
            best = min((rank(p) for p in plans if activity_id not in p), default=None)
            got = next(
                iter(plans_in_order(problem, solver, banned={activity_id}, keep=minimal[0])),
                None,
            )
            assert best == (None if got is None else rank(got.ids))

    check()
