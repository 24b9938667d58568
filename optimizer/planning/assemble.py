"""The parts every plan is assembled from, shared by ``plan`` and each year of a
roadmap: the empty plan of a year, the first day a new activity may start, the
schedule of the chosen activities, and each planned activity with its effort split,
its period and what to do."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from optimizer.model import Plan, PlannedActivity, PlanStatus, Scenario
from optimizer.planning.schedule import Timeline, last_start_for, schedule_windows
from optimizer.rules.context import YearContext
from optimizer.rules.eligibility import Candidate


def earliest(scenario: Scenario, as_of: date | None) -> date | None:
    """The first day a new activity of the year may start: the later of the start date
    and the day the plan is made."""
    return max((d for d in (scenario.start_date, as_of) if d is not None), default=None)


def empty_plan(
    scenario: Scenario,
    context: YearContext,
    warnings: Sequence[str],
    as_of: date | None,
    given: Scenario | None = None,
) -> Plan:
    """The year's plan before anything is chosen (infeasible until filled in);
    ``given`` is the scenario as the user gave it, when planning adjusted it."""
    rules = context.rules
    return Plan(
        status=PlanStatus.INFEASIBLE,
        year=scenario.year,
        target=rules.target_for(scenario),
        needed_points=max(0, rules.target_for(scenario) - rules.automatic_points(scenario)),
        score=rules.score(scenario, 0),
        total_effort=0.0,
        last_start=rules.last_start,
        submission_window=(rules.submission_open, rules.submission_close),
        warnings=tuple(warnings),
        as_of=as_of,
        scenario=given or scenario,
    )


def schedule_for(
    chosen: Sequence[Candidate], scenario: Scenario, context: YearContext, as_of: date | None
) -> Timeline:
    """The windows of the chosen activities: each of its own period, new ones from the
    earliest day, running ones where they began."""
    return schedule_windows(
        [c.id for c in chosen],
        context.rules,
        start=earliest(scenario, as_of),
        max_concurrent=scenario.max_concurrent,
        days={c.id: c.activity.period_days for c in chosen if c.activity.period_days},
        fixed={
            a: began or date(scenario.year, 1, 1) for a, began in scenario.running_since.items()
        },
    )


def planned_activity(
    candidate: Candidate,
    context: YearContext,
    clinicians: int | None,
    *,
    staff_hours: float | None = None,
    share: float = 1.0,
) -> PlannedActivity:
    """One chosen activity as the plan shows it. ``staff_hours``: the assigned
    clinicians' hours when a roster says who does it (else each participant spends the
    per-clinician estimate); ``share``: the part of the effort spent (a roadmap's
    continued activity costs less than a new one)."""
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
        effort=round((practice + clinician) * share, 2),
        practice_effort=round(practice * share, 2),
        clinician_effort=round(clinician * share, 2),
        paired_measures=candidate.paired_measures,
        clinicians_needed=clinicians,
        period_days=days,
        last_start=last_start_for(rules, days),
        what_to_do=guide.what_to_do,
        evidence_to_keep=guide.evidence_to_keep,
        effort_reason=candidate.hours.reason,
    )
