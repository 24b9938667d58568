"""Invariants over random small practices: the integer program's plan is exactly
as cheap as an exhaustive search, and it never breaks a rule.

The exhaustive search re-derives the rules here from PRODUCT.md on purpose, so
that it does not share code (or mistakes) with ``eligibility.py`` and ``rules.py``.
"""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import Attestation, PlanStatus, Scenario, SpecialStatus, plan
from optimizer.model import Activity, Inventory, Weight


def points_by_product_rules(activity: Activity, scenario: Scenario) -> int:
    """PRODUCT.md: medium 10 / high 20 to 2024, 20 each from 2025; doubled with a status."""
    weighted = scenario.year <= 2024
    base = 10 if weighted and activity.weight is Weight.MEDIUM else 20
    return base * (2 if scenario.statuses else 1)


def allowed(activity: Activity, scenario: Scenario, pairings: dict[str, frozenset[str]]) -> bool:
    if activity.id in scenario.exclude:
        return False
    if activity.frequency_years and any(
        h.activity_id == activity.id and 0 < scenario.year - h.year < activity.frequency_years
        for h in scenario.history
    ):
        return False
    paired = bool(pairings.get(activity.id, frozenset()) & scenario.quality)
    return paired or not scenario.require_pairing


def exhaustive(
    inventory: Inventory, scenario: Scenario, pairings: dict[str, frozenset[str]]
) -> tuple[int, int] | None:
    """(effort in hundredths, count) of the best plan by trying every subset, or None."""
    needed = min(scenario.target, 40) - (20 if scenario.apm else 0)
    best = None
    acts = inventory.activities
    for size in range(len(acts) + 1):
        for subset in combinations(acts, size):
            ids = {a.id for a in subset}
            if not scenario.include <= ids:
                continue
            if not all(allowed(a, scenario, pairings) for a in subset):
                continue
            paired = sum(1 for a in subset if pairings.get(a.id, frozenset()) & scenario.quality)
            if paired < scenario.min_paired:
                continue
            if sum(points_by_product_rules(a, scenario) for a in subset) < needed:
                continue
            key = (sum(round(a.effort * 100) for a in subset), size)
            best = key if best is None or key < best else best
    return best


@st.composite
def practices(draw):
    year = draw(st.integers(2017, 2026))
    n = draw(st.integers(1, 7))
    ids = [f"IA_T_{i}" for i in range(1, n + 1)]  # no real ID: none is conditional
    activities = tuple(
        Activity(
            id=i,
            title=i,
            weight=draw(st.sampled_from([Weight.MEDIUM, Weight.HIGH])) if year <= 2024 else None,
            effort=draw(st.integers(0, 5000)) / 100,
            frequency_years=draw(st.sampled_from([None, None, 4])),
        )
        for i in ids
    )
    inventory = Inventory(year, activities, source="random")
    pairings = {i: frozenset(draw(st.sets(st.sampled_from(["001", "134", "236"])))) for i in ids}
    include = draw(st.sets(st.sampled_from(ids), max_size=2))
    exclude = draw(st.sets(st.sampled_from(ids), max_size=2)) - include
    history = draw(
        st.lists(st.builds(Attestation, st.sampled_from(ids), st.integers(year - 5, year - 1)))
    )
    scenario = Scenario(
        year=year,
        statuses=draw(st.sets(st.sampled_from(list(SpecialStatus)), max_size=2)),
        apm=draw(st.booleans()),
        history=tuple(history),
        quality=draw(st.sets(st.sampled_from(["001", "134", "236"]), max_size=2)),
        require_pairing=draw(st.booleans()),
        min_paired=draw(st.integers(0, 2)),
        include=include,
        exclude=exclude,
        target=draw(st.sampled_from([40, 40, 30, 20])),
    )
    return inventory, scenario, pairings


@pytest.mark.parametrize(
    ("solver", "examples"), [("auto", 200), ("highs", 100), ("cbc", 40)], ids=["dp", "highs", "cbc"]
)
def test_plan_equals_exhaustive_search_and_breaks_no_rule(solver, examples):
    """On random small practices every solver's plan is as cheap as the best subset,
    and legal."""

    @settings(max_examples=examples, deadline=None)
    @given(practices())
    def check(practice):
        check_practice(practice, solver)

    check()


def check_practice(practice, solver_name):
    inventory, scenario, pairings = practice

    result = plan(scenario, inventory, pairings=pairings, solver=solver_name)
    best = exhaustive(inventory, scenario, pairings)

    if best is None:
        assert PlanStatus.INFEASIBLE == result.status
        return
    chosen = [inventory.get(i) for i in result.activity_ids]
    assert PlanStatus.OPTIMAL == result.status
    assert best == (sum(round(a.effort * 100) for a in chosen), len(chosen))
    assert scenario.include <= set(result.activity_ids)
    assert all(allowed(a, scenario, pairings) for a in chosen)
    earned = sum(points_by_product_rules(a, scenario) for a in chosen)
    assert min(scenario.target, 40) <= earned + result.automatic_points
    assert min(40, earned + result.automatic_points) == result.points
