"""A roadmap with a year that cannot be planned plans the others and flags that year
in words, instead of leaving every year without a plan."""

from __future__ import annotations

from datetime import date

from conftest import make_inventory
from optimizer import PlanStatus, Scenario, SpecialStatus
from optimizer.planning.roadmap.build import roadmap

SMALL = frozenset({SpecialStatus.SMALL_PRACTICE})


def test_december_roadmap_plans_the_years_ahead_and_flags_this_one():
    """As of 2026-12-02, 2026 is past its last start: flagged; 2027-2029 are planned."""
    result = roadmap(Scenario(year=2026), 2029, as_of=date(2026, 12, 2))

    assert PlanStatus.OPTIMAL == result.status
    assert [PlanStatus.INFEASIBLE, *[PlanStatus.OPTIMAL] * 3] == [y.status for y in result.years]
    assert all(y.plan.activities for y in result.years[1:])
    assert [("too_late:2026", True)] == [
        (r.code, r.text.startswith("2026: ")) for r in result.reasons
    ]
    assert (
        "2026 cannot be planned (the reasons follow), so the roadmap plans the other years "
        "without it"
    ) in result.assumptions


def test_a_year_left_out_breaks_the_chain_of_repeats():
    """With 2023 unplannable (one medium activity: 20 points), 2024 does not continue
    2022's activity: it costs its full effort."""
    inventories = {
        2022: make_inventory(2022, ("IA_T_1", "high", 5)),
        2023: make_inventory(2023, ("IA_T_1", "medium", 5)),
        2024: make_inventory(2024, ("IA_T_1", "high", 5)),
    }

    result = roadmap(Scenario(year=2022, statuses=SMALL), 2024, inventories=inventories)

    assert [PlanStatus.OPTIMAL, PlanStatus.INFEASIBLE, PlanStatus.OPTIMAL] == [
        y.status for y in result.years
    ]
    assert ((), 5.0) == (result.year(2024).continued, result.year(2024).plan.total_effort)
