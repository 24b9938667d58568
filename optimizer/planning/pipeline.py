"""``plan``: a Scenario in, a Plan out, in one straight line.

1. Resolve the year's rules, inventory, pairings and efforts, once (``resolve``).
2. Check the Scenario against the rules (``rules/checks``).
3. Eligibility: each activity in or out, with its reason (``rules/eligibility``).
4. Solve: the exact fast path (``knapsack``) when it applies, else the integer
   program (``milp``, with ``roster_model`` for a group's roster).
5. Schedule: a window of each activity's length (``schedule``).
6. Explain: the reasons, in words (``explain``).
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pulp

from optimizer.model import (
    Inventory,
    Pairings,
    Plan,
    PlanStatus,
    Reason,
    Scenario,
)
from optimizer.planning import explain
from optimizer.planning.assemble import earliest, empty_plan, planned_activity, schedule_for
from optimizer.planning.resolve import resolve_year
from optimizer.planning.solve.knapsack import least_effort
from optimizer.planning.solve.limits import count_limits
from optimizer.planning.solve.milp import Outcome, solve_milp
from optimizer.planning.solve.roster import RosterModel
from optimizer.rules.checks import check_scenario
from optimizer.rules.eligibility import Eligibility, assess
from optimizer.rules.group_rule import needed_for
from optimizer.rules.group_status import roster_statuses
from optimizer.rules.year_rules import YearRules


def _solve(
    eligibility: Eligibility,
    scenario: Scenario,
    rules: YearRules,
    needed_points: int,
    clinicians: int | None,
    solver: pulp.LpSolver | None,
    earliest: date | None,
) -> Outcome:
    candidates = eligibility.candidates
    if scenario.include - {c.id for c in candidates}:
        return Outcome((), feasible=False)  # a required activity is ruled out
    limits = count_limits(scenario, rules, clinicians, earliest)
    if solver is None and not limits and not scenario.roster:
        found = least_effort(
            candidates, needed_points, include=scenario.include, min_paired=scenario.min_paired
        )
        return Outcome(found or (), feasible=found is not None)
    roster = None
    if scenario.roster and clinicians is not None:
        roster = RosterModel(scenario, clinicians, candidates)
    return solve_milp(
        candidates,
        needed_points,
        include=scenario.include,
        min_paired=scenario.min_paired,
        limits=limits,
        roster=roster,
        solver=solver,
    )


def plan(
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    pairings: Pairings | None = None,
    solver: pulp.LpSolver | None = None,
    as_of: date | None = None,
) -> Plan:
    """The least-effort plan for ``scenario`` (bundled inventory and pairings by
    default), made on the day ``as_of`` (None: no day, so nothing is late)."""
    first_day = earliest(scenario, as_of)
    context = resolve_year(scenario, inventory, pairings)
    warnings = check_scenario(scenario, context, as_of)
    warnings += [f"From your history: {note}" for note in context.history_notes]
    rules = context.rules
    given = scenario
    held, decided = roster_statuses(scenario, rules)
    if held - scenario.statuses:
        scenario = replace(scenario, statuses=scenario.statuses | held)
    warnings += decided
    empty = empty_plan(scenario, context, warnings, as_of, given)
    needed = empty.needed_points
    eligibility = assess(scenario, context, as_of)
    clinicians = needed_for(rules, scenario)
    full = rules.automatic_points(scenario) >= rules.category_max
    if full:
        # Nothing is needed; activities the user insists on are kept, for no points more.
        kept = tuple(c for c in eligibility.candidates if c.id in scenario.include)
        outcome = Outcome(kept, feasible=True)
    else:
        outcome = _solve(eligibility, scenario, rules, needed, clinicians, solver, first_day)
    chosen = sorted(outcome.chosen, key=lambda c: (-c.points, c.id))
    timeline = schedule_for(chosen, scenario, context, as_of)
    notes = (*empty.warnings, *eligibility.messages)
    found: tuple[Reason, ...] = ()
    if full:
        notes += explain.kept_under_full_credit(eligibility, scenario)
        found = (explain.full_credit(scenario, rules),)
    if not outcome.feasible or not timeline.feasible:
        reasons = explain.infeasible(
            eligibility,
            scenario,
            needed,
            clinicians_needed=clinicians,
            limits=count_limits(scenario, rules, clinicians, first_day),
            schedule_problem=timeline.reason if outcome.feasible else "",
        )
        return replace(empty, excluded=eligibility.excluded, reasons=reasons, warnings=notes)

    staff = {a.activity: a.clinicians for a in outcome.assignments}
    by_id = {c.id: c for c in scenario.roster}
    activities = tuple(
        planned_activity(
            c,
            context,
            clinicians,
            staff_hours=math.fsum(
                by_id[n].effort_for(c.id, c.hours.per_clinician) for n in staff[c.id]
            )
            if c.id in staff
            else None,
        )
        for c in chosen
    )
    return replace(
        empty,
        status=PlanStatus.FULL_CREDIT if full else PlanStatus.OPTIMAL,
        reasons=found,
        score=rules.score(scenario, sum(c.points for c in chosen)),
        total_effort=round(math.fsum(a.effort for a in activities), 2),
        activities=activities,
        excluded=eligibility.excluded,
        warnings=notes,
        assignments=tuple(a for c in chosen for a in outcome.assignments if a.activity == c.id),
        schedule=timeline.windows,
    )
