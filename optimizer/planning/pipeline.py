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
    PlannedActivity,
    PlanStatus,
    Scenario,
)
from optimizer.planning import explain
from optimizer.planning.count_limits import count_limits
from optimizer.planning.knapsack import least_effort
from optimizer.planning.milp import Outcome, solve_milp
from optimizer.planning.resolve import resolve_year
from optimizer.planning.roster_model import RosterModel
from optimizer.planning.schedule import last_start_for, schedule_windows
from optimizer.rules.checks import check_scenario
from optimizer.rules.context import YearContext
from optimizer.rules.eligibility import Candidate, Eligibility, assess
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


def _planned(
    candidate: Candidate, context: YearContext, clinicians: int | None, staff_hours: float | None
) -> PlannedActivity:
    """``staff_hours``: the assigned clinicians' hours, when a roster says who does it;
    else each of the candidate's participants spends the per-clinician estimate."""
    a, rules = candidate.activity, context.rules
    guide = context.estimates.get(a.id, context.default_effort)
    days = a.period_days or rules.period_days
    practice = candidate.hours.practice
    clinician = candidate.effort - practice if staff_hours is None else staff_hours
    return PlannedActivity(
        id=a.id,
        title=a.title,
        subcategory=a.subcategory,
        weight=a.weight,
        points=candidate.points,
        effort=round(practice + clinician, 2),
        practice_effort=practice,
        clinician_effort=round(clinician, 2),
        paired_measures=candidate.paired_measures,
        clinicians_needed=clinicians,
        period_days=days,
        last_start=last_start_for(rules, days),
        what_to_do=guide.what_to_do,
        evidence_to_keep=guide.evidence_to_keep,
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
    context = resolve_year(scenario, inventory, pairings)
    warnings = check_scenario(scenario, context, as_of)
    rules = context.rules
    given = scenario
    held, decided = roster_statuses(scenario, rules)
    if held - scenario.statuses:
        scenario = replace(scenario, statuses=scenario.statuses | held)
    warnings += decided
    needed = max(0, rules.target_for(scenario) - rules.automatic_points(scenario))
    empty = Plan(
        status=PlanStatus.INFEASIBLE,
        year=scenario.year,
        target=rules.target_for(scenario),
        needed_points=needed,
        score=rules.score(scenario, 0),
        total_effort=0.0,
        last_start=rules.last_start,
        submission_window=(rules.submission_open, rules.submission_close),
        warnings=tuple(warnings),
        as_of=as_of,
        scenario=given,
    )
    eligibility = assess(scenario, context, as_of)
    clinicians = needed_for(rules, scenario)
    earliest = max((d for d in (scenario.start_date, as_of) if d is not None), default=None)
    full = rules.automatic_points(scenario) >= rules.category_max
    if full:
        # Nothing is needed; activities the user insists on are kept, for no points more.
        kept = tuple(c for c in eligibility.candidates if c.id in scenario.include)
        outcome = Outcome(kept, feasible=True)
    else:
        outcome = _solve(eligibility, scenario, rules, needed, clinicians, solver, earliest)
    chosen = sorted(outcome.chosen, key=lambda c: (-c.points, c.id))
    running = scenario.running_since
    timeline = schedule_windows(
        [c.id for c in chosen],
        rules,
        start=earliest,
        max_concurrent=scenario.max_concurrent,
        days={c.id: c.activity.period_days for c in chosen if c.activity.period_days},
        fixed={a: began or date(scenario.year, 1, 1) for a, began in running.items()},
    )
    notes = (*empty.warnings, *eligibility.messages)
    if full:
        notes += explain.kept_under_full_credit(eligibility, scenario)
    if not outcome.feasible or not timeline.feasible:
        reasons = explain.infeasible(
            eligibility,
            scenario,
            needed,
            clinicians_needed=clinicians,
            limits=count_limits(scenario, rules, clinicians, earliest),
            schedule_problem=timeline.reason if outcome.feasible else "",
        )
        return replace(empty, excluded=eligibility.excluded, reasons=reasons, warnings=notes)

    staff = {a.activity: a.clinicians for a in outcome.assignments}
    by_id = {c.id: c for c in scenario.roster}
    activities = tuple(
        _planned(
            c,
            context,
            clinicians,
            math.fsum(by_id[n].effort_for(c.id, c.hours.per_clinician) for n in staff[c.id])
            if c.id in staff
            else None,
        )
        for c in chosen
    )
    return replace(
        empty,
        status=PlanStatus.FULL_CREDIT if full else PlanStatus.OPTIMAL,
        reasons=(explain.full_credit(scenario, rules),) if full else (),
        score=rules.score(scenario, sum(c.points for c in chosen)),
        total_effort=round(math.fsum(a.effort for a in activities), 2),
        activities=activities,
        excluded=eligibility.excluded,
        warnings=notes,
        assignments=tuple(a for c in chosen for a in outcome.assignments if a.activity == c.id),
        schedule=timeline.windows,
    )
