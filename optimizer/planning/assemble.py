"""A found plan made into a ``Plan``, the same way for every route: the plan, each
next plan (``alternatives``), and each year of a roadmap. The empty plan of a
problem, each planned activity with its effort split, its period and what to do,
and the plan filled in from the chosen activities and their windows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from optimizer.model import Plan, PlannedActivity, PlanStatus, Reason
from optimizer.planning.schedule import Timeline, last_start_for
from optimizer.planning.solve.problem import Problem, clinician_hours
from optimizer.planning.solve.search import Outcome
from optimizer.rules.eligibility import Candidate


def empty_plan(problem: Problem) -> Plan:
    """The year's plan before anything is chosen (infeasible until filled in)."""
    rules, scenario = problem.rules, problem.scenario
    return Plan(
        status=PlanStatus.INFEASIBLE,
        year=problem.year,
        target=problem.target,
        needed_points=max(0, problem.target - rules.automatic_points(scenario)),
        score=rules.score(scenario, 0),
        total_effort=0.0,
        last_start=rules.last_start,
        submission_window=(rules.submission_open, rules.submission_close),
        warnings=problem.warnings,
        as_of=problem.as_of,
        scenario=problem.given,
        excluded=problem.eligibility.excluded,
        borrowed_from=problem.context.borrowed_from,
    )


def planned_activity(
    candidate: Candidate,
    problem: Problem,
    *,
    staff_hours: float | None = None,
    share: float = 1.0,
) -> PlannedActivity:
    """One chosen activity as the plan shows it. ``staff_hours``: the assigned
    clinicians' hours when a roster says who does it (else each participant spends the
    per-clinician estimate); ``share``: the part of the effort spent (a roadmap's
    continued activity costs less than a new one)."""
    a, context = candidate.activity, problem.context
    guide = context.estimates.get(a.id, context.default_effort)
    days = a.period_days or problem.rules.period_days
    practice = candidate.hours.practice
    clinician = candidate.effort - practice if staff_hours is None else staff_hours
    return PlannedActivity(
        id=a.id,
        title=a.title,
        subcategory=a.subcategory,
        weight=a.weight,
        points=candidate.points,
        effort=round((practice + clinician) * share, 2),
        practice_effort=round(practice * share, 2),
        clinician_effort=round(clinician * share, 2),
        paired_measures=candidate.paired_measures,
        clinicians_needed=problem.clinicians_needed,
        period_days=days,
        last_start=last_start_for(problem.rules, days),
        what_to_do=guide.what_to_do,
        evidence_to_keep=guide.evidence_to_keep,
        effort_reason=candidate.hours.reason,
    )


def shown_order(chosen: Sequence[Candidate]) -> list[Candidate]:
    """The order a plan lists its activities in: most points first, then by ID."""
    return sorted(chosen, key=lambda c: (-c.points, c.id))


def planned_activities(problem: Problem, outcome: Outcome) -> tuple[PlannedActivity, ...]:
    """The chosen activities as the plan shows them, each clinician's own hours
    counted where the roster says who does it."""
    staff = {a.activity: a.clinicians for a in outcome.assignments}
    by_id = {c.id: c for c in problem.scenario.roster}

    def staff_hours(candidate: Candidate) -> float | None:
        if candidate.id not in staff:
            return None
        return math.fsum(clinician_hours(by_id[n], candidate) for n in staff[candidate.id])

    return tuple(
        planned_activity(c, problem, staff_hours=staff_hours(c))
        for c in shown_order(outcome.chosen)
    )


def total_effort(activities: Sequence[PlannedActivity]) -> float:
    return round(math.fsum(a.effort for a in activities), 2)


def found_plan(
    problem: Problem,
    outcome: Outcome,
    timeline: Timeline,
    *,
    activities: tuple[PlannedActivity, ...] | None = None,
    reasons: tuple[Reason, ...] = (),
    warnings: tuple[str, ...] = (),
) -> Plan:
    """The plan of ``outcome``, laid out as ``timeline`` (``activities``: as shown,
    when the caller prices them otherwise, e.g. a roadmap's continued ones)."""
    chosen = shown_order(outcome.chosen)
    shown = planned_activities(problem, outcome) if activities is None else activities
    order = {c.id: i for i, c in enumerate(chosen)}
    return replace(
        empty_plan(problem),
        status=PlanStatus.FULL_CREDIT if problem.full_credit else PlanStatus.OPTIMAL,
        reasons=reasons,
        score=problem.rules.score(problem.scenario, sum(c.points for c in chosen)),
        total_effort=total_effort(shown),
        activities=shown,
        warnings=(*problem.warnings, *warnings, *apm_credit_note(problem, shown)),
        assignments=tuple(sorted(outcome.assignments, key=lambda a: order[a.activity])),
        schedule=timeline.windows,
    )


def apm_credit_note(problem: Problem, activities: Sequence[PlannedActivity]) -> tuple[str, ...]:
    """What the APM half credit needs, when a plan relies on it with no activity."""
    rules = problem.rules
    if activities or not rules.apm_credit_only(problem.scenario):
        return ()
    return (
        f"The APM credit ({rules.apm_points} of {rules.category_max} points) counts only "
        "if the practice attests at least one improvement activity or submits Quality and "
        "Promoting Interoperability data (42 CFR 414.1380(b)(3)(i)): this plan has no "
        "activity",
    )


def infeasible_plan(
    problem: Problem, reasons: tuple[Reason, ...], warnings: tuple[str, ...] = ()
) -> Plan:
    """The plan of a problem no choice of activities solves, with why."""
    return replace(empty_plan(problem), reasons=reasons, warnings=(*problem.warnings, *warnings))
