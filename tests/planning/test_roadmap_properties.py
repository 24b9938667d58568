"""Invariants of the roadmap over random small practices and spans: it is exactly
as cheap as the best combination of single-year plans when a repeat costs full
effort and nothing links the years, and as cheap as an exhaustive search over
every year's subsets once frequency limits, history and the repeat saving do.

The exhaustive search re-derives the rules from PRODUCT.md, as in
``test_properties.py``, so it shares no code with the planner.
"""

from __future__ import annotations

from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import Attestation, Inventory, PlanStatus, Scenario, SpecialStatus, plan
from optimizer.model import Activity, Weight
from optimizer.planning.roadmap.build import roadmap


def points(activity: Activity, year: int, special: bool) -> int:
    """PRODUCT.md: medium 10 / high 20 to 2024, 20 each from 2025; doubled with a status."""
    base = 10 if year <= 2024 and activity.weight is Weight.MEDIUM else 20
    return base * (2 if special else 1)


def needed(scenario: Scenario) -> int:
    return max(0, min(scenario.target or 40, 40) - (20 if scenario.apm else 0))


def year_options(inventory: Inventory, scenario: Scenario, special: bool) -> list[frozenset[str]]:
    """Every subset of the year's allowed activities that reaches the points needed."""
    allowed = [
        a
        for a in inventory.activities
        if a.id not in scenario.exclude
        and not (
            a.frequency_years
            and any(
                h.activity_id == a.id and 0 < inventory.year - h.year < a.frequency_years
                for h in scenario.history
            )
        )
    ]
    return [
        frozenset(a.id for a in subset)
        for size in range(len(allowed) + 1)
        for subset in combinations(allowed, size)
        if sum(points(a, inventory.year, special) for a in subset) >= needed(scenario)
    ]


def exhaustive(inventories, scenario, specials, repeat_effort) -> int | None:
    """The least total effort (hundredths of an hour) over every combination of
    per-year subsets that keeps the frequency limits, or None. A year with no subset
    of its own is left out, and nothing continues across the gap it leaves."""
    by_year = {y: year_options(inventories[y], scenario, specials[y]) for y in inventories}
    years = sorted(y for y, found in by_year.items() if found)
    options = [by_year[y] for y in years]
    if not years:
        return None
    done_before = {h.activity_id for h in scenario.history if h.year == years[0] - 1}
    best = None
    for combo in product(*options):
        clash = any(
            a in combo[j]
            and inventories[years[i]].get(a).frequency_years
            and years[i] - years[j] < inventories[years[i]].get(a).frequency_years
            for i in range(len(years))
            for j in range(i)
            for a in combo[i]
        )
        if clash:
            continue
        total = 0
        for i, chosen in enumerate(combo):
            follows = i > 0 and years[i - 1] == years[i] - 1
            before = combo[i - 1] if follows else (done_before if i == 0 else frozenset())
            for a in chosen:
                units = round(inventories[years[i]].get(a).effort * 100)
                total += round(units * repeat_effort) if a in before else units
        best = total if best is None or total < best else best
    return best


@st.composite
def spans(draw, frequency: bool, latest: int = 2027):
    """A span of 1-3 years from 2023 on (2027 plans on the 2026 rules), 1-4 activities."""
    first = draw(st.integers(2023, 2026))
    last = draw(st.integers(first, min(first + 2, latest)))
    n = draw(st.integers(1, 4))
    ids = [f"IA_T_{i}" for i in range(1, n + 1)]
    weights = {i: draw(st.sampled_from([Weight.MEDIUM, Weight.HIGH])) for i in ids}
    every = {i: draw(st.sampled_from([None, 2, 3, 4])) if frequency else None for i in ids}
    inventories = {
        year: Inventory(
            year,
            tuple(
                Activity(
                    id=i,
                    title=i,
                    weight=weights[i] if year <= 2024 else None,
                    effort=draw(st.integers(0, 3000)) / 100,
                    frequency_years=every[i],
                )
                for i in ids
            ),
            source="random",
        )
        for year in range(first, last + 1)
    }
    history = draw(
        st.lists(st.builds(Attestation, st.sampled_from(ids), st.integers(first - 5, first - 1)))
        if frequency
        else st.just([])
    )
    statuses = {
        year: draw(st.sets(st.just(SpecialStatus.RURAL), max_size=1)) for year in inventories
    }
    scenario = Scenario(
        year=first,
        apm=draw(st.booleans()),
        history=tuple(history),
        exclude=draw(st.sets(st.sampled_from(ids), max_size=1)),
        target=draw(st.sampled_from([40, 40, 30, 20])),
    )
    return scenario, last, inventories, {y: frozenset(s) for y, s in statuses.items()}


@settings(max_examples=60, deadline=None)
@given(spans(frequency=False, latest=2026))
def test_full_effort_repeats_make_the_best_combination_of_single_years(span):
    """With repeats at full effort and no frequency limits, the roadmap costs exactly
    the sum of each year's own least-effort plan, and leaves out exactly the years
    with none."""
    scenario, last, inventories, statuses = span
    singles = [
        plan(
            Scenario(
                year=y,
                statuses=statuses[y],
                apm=scenario.apm,
                exclude=scenario.exclude,
                target=scenario.target,
            ),
            inventories[y],
        )
        for y in sorted(inventories)
    ]

    result = roadmap(
        scenario, last, statuses_by_year=statuses, inventories=inventories, repeat_effort=1
    )

    if all(p.status is PlanStatus.INFEASIBLE for p in singles):
        assert PlanStatus.INFEASIBLE == result.status
        return
    unplanned = [p.status is PlanStatus.INFEASIBLE for p in singles]
    assert unplanned == [y.status is PlanStatus.INFEASIBLE for y in result.years]
    assert round(sum(p.total_effort for p in singles), 2) == result.total_effort
    assert [p.points for p in singles] == [y.plan.points for y in result.years]


@settings(max_examples=300, deadline=None)
@given(spans(frequency=True), st.sampled_from([0.0, 0.5, 0.75, 1.0]))
def test_roadmap_equals_exhaustive_search(span, repeat_effort):
    """With frequency limits, history and a repeat saving, the roadmap's total effort
    equals the best of every combination of per-year subsets."""
    scenario, last, inventories, statuses = span
    specials = {y: bool(statuses[y]) for y in inventories}

    result = roadmap(
        scenario,
        last,
        statuses_by_year=statuses,
        inventories=inventories,
        repeat_effort=repeat_effort,
    )
    best = exhaustive(inventories, scenario, specials, repeat_effort)

    if best is None:
        assert PlanStatus.INFEASIBLE == result.status
        return
    assert PlanStatus.OPTIMAL == result.status
    assert best == round(result.total_effort * 100)
