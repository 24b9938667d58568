"""What is a status worth? The same practice planned with each special status
and credit switched the other way, side by side (the app's what-if table and
the workbook's What-if sheet)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Scenario, SpecialStatus
from optimizer.planning.pipeline import Found, solve_plan
from optimizer.planning.resolve import resolve_year
from optimizer.planning.solve.problem import problem_in
from optimizer.planning.solve.status import Solver
from optimizer.rules.context import YearContext
from optimizer.rules.eligibility import Eligibility
from optimizer.rules.year_rules import rules_for
from optimizer.wording import EFFORT

STATUS_LABELS = {
    SpecialStatus.SMALL_PRACTICE: "small practice",
    SpecialStatus.RURAL: "rural",
    SpecialStatus.HPSA: "HPSA",
    SpecialStatus.NON_PATIENT_FACING: "non-patient facing",
}


WHAT_IF_COLUMNS = (
    "What if",
    "Status",
    "Activities",
    "Points",
    EFFORT,
    "Change in effort (h)",
)
"""The what-if table's columns, in the app and the workbook alike."""


@dataclass(frozen=True, slots=True)
class WhatIf:
    """One row of the what-if table: a variant of the scenario and its plan."""

    label: str
    scenario: Scenario
    plan: Plan
    effort_change: float | None

    def as_row(self) -> dict[str, Any]:
        """The row of the what-if table (app and workbook), by ``WHAT_IF_COLUMNS``."""
        feasible = self.plan.status is not PlanStatus.INFEASIBLE
        values = (
            self.label,
            self.plan.status.label,
            ", ".join(self.plan.activity_ids) or "none",
            self.plan.points,
            self.plan.total_effort if feasible else None,
            self.effort_change,
        )
        return dict(zip(WHAT_IF_COLUMNS, values, strict=True))


def variants(scenario: Scenario) -> list[tuple[str, Scenario]]:
    """The scenario as entered, then with each status or credit flipped."""
    rules = rules_for(scenario.year)
    out = [("as entered", scenario)]
    for status, label in STATUS_LABELS.items():
        on = status in scenario.statuses
        statuses = scenario.statuses - {status} if on else scenario.statuses | {status}
        out.append((f"{'without' if on else 'with'} {label}", replace(scenario, statuses=statuses)))
    flags = [
        ("APM participation", scenario.apm, replace(scenario, apm=not scenario.apm)),
        ("medical-home credit", scenario.pcmh, replace(scenario, pcmh=not scenario.pcmh)),
    ]
    if rules.app_full_credit and scenario.mvp is None:
        flags.append(
            ("APM Performance Pathway", scenario.app, replace(scenario, app=not scenario.app))
        )
    out += [(f"{'without' if on else 'with'} {label}", flipped) for label, on, flipped in flags]
    return out


def plan_variants(
    context: YearContext,
    scenarios: Sequence[Scenario],
    as_of: date | None = None,
    solver: Solver | str = Solver.AUTO,
) -> list[Plan]:
    """The plans of several variants of one practice in one resolved year, each as
    ``plan`` makes it; variants that differ only in credits share one assessment,
    and those that pose the same problem one solve."""
    assessed: dict[Scenario, Eligibility] = {}
    found: dict[tuple[object, ...], Found] = {}
    return [
        solve_plan(problem_in(context, s, as_of, assessed=assessed), solver, found=found)
        for s in scenarios
    ]


def what_if_table(
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    pairings: Pairings | None = None,
    solver: Solver | str = Solver.AUTO,
    as_of: date | None = None,
) -> tuple[WhatIf, ...]:
    """Plan every variant; the change in effort is against the scenario as entered.
    The year is resolved once: a status or credit changes the problem, not the year."""
    context = resolve_year(scenario, inventory, pairings)
    labelled = variants(scenario)
    plans = plan_variants(context, [variant for _, variant in labelled], as_of, solver)
    rows: list[WhatIf] = []
    base_effort: float | None = None
    for (label, variant), result in zip(labelled, plans, strict=True):
        effort = None if result.status is PlanStatus.INFEASIBLE else result.total_effort
        if not rows:
            base_effort = effort
        change = None if effort is None or base_effort is None else round(effort - base_effort, 2)
        rows.append(WhatIf(label, variant, result, change))
    return tuple(rows)
