"""Each year of a roadmap as a ``Plan``: what the multi-year program chose for it,
scored, scheduled and explained as ``plan`` does it, with a continued activity
at the repeat share of its effort."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from optimizer.model import Plan, PlannedActivity, PlanStatus
from optimizer.planning import explain
from optimizer.planning.assemble import earliest, empty_plan, planned_activity, schedule_for
from optimizer.planning.roadmap.model import YearChoice, repeat_units
from optimizer.planning.roadmap.years import YearSetup
from optimizer.planning.solve.knapsack import EFFORT_UNIT, effort_units
from optimizer.planning.solve.limits import count_limits
from optimizer.rules.eligibility import Candidate, Eligibility
from optimizer.rules.group_rule import needed_for


def repeat_effort_problem(value: float) -> str | None:
    """What is wrong with a repeat effort, in words (None: nothing)."""
    if not (isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= 1):
        return f"must be a share of an activity's effort from 0 to 1, got {value!r}"
    return None


def _base(setup: YearSetup, warnings: Sequence[str], as_of: date | None) -> Plan:
    """The year's plan before anything is chosen (infeasible until filled in)."""
    return empty_plan(setup.scenario, setup.context, warnings, as_of)


def full_credit_year(setup: YearSetup, warnings: Sequence[str], as_of: date | None) -> Plan:
    """A year with full credit and nothing to do."""
    return replace(
        _base(setup, warnings, as_of),
        status=PlanStatus.FULL_CREDIT,
        reasons=(explain.full_credit(setup.scenario, setup.context.rules),),
    )


def infeasible_year(
    setup: YearSetup,
    eligibility: Eligibility,
    warnings: Sequence[str],
    *,
    own: bool,
    schedule_problem: str = "",
) -> Plan:
    """A year of a roadmap that does not exist; ``own``: the year has no plan even on
    its own, so its reasons say why."""
    plan = _base(setup, (*warnings, *eligibility.messages), None)
    if not own and not schedule_problem:
        return replace(plan, excluded=eligibility.excluded)
    scenario, rules = setup.scenario, setup.context.rules
    clinicians = needed_for(rules, scenario)
    reasons = explain.infeasible(
        eligibility,
        scenario,
        plan.needed_points,
        clinicians_needed=clinicians,
        limits=count_limits(scenario, rules, clinicians, earliest(scenario, plan.as_of)),
        schedule_problem=schedule_problem,
    )
    return replace(plan, excluded=eligibility.excluded, reasons=reasons)


def _planned(
    candidate: Candidate, setup: YearSetup, continued: bool, repeat_effort: float
) -> PlannedActivity:
    """The activity as ``plan`` shows it; a continued one at the repeat share of its
    effort, in the integral hundredths the program compared."""
    clinicians = needed_for(setup.context.rules, setup.scenario)
    if not continued:
        return planned_activity(candidate, setup.context, clinicians)
    planned = planned_activity(candidate, setup.context, clinicians, share=repeat_effort)
    effort = repeat_units(effort_units(candidate), repeat_effort) / EFFORT_UNIT
    return replace(planned, effort=effort)


def year_plan(
    setup: YearSetup,
    eligibility: Eligibility,
    warnings: Sequence[str],
    choice: YearChoice,
    repeat_effort: float,
    as_of: date | None,
) -> Plan:
    """The plan of one year of a roadmap, from the program's choice for it."""
    scenario, rules = setup.scenario, setup.context.rules
    chosen = sorted(choice.chosen, key=lambda c: (-c.points, c.id))
    timeline = schedule_for(chosen, scenario, setup.context, as_of)
    if not timeline.feasible:
        return infeasible_year(
            setup, eligibility, warnings, own=True, schedule_problem=timeline.reason
        )
    activities = tuple(_planned(c, setup, c.id in choice.continued, repeat_effort) for c in chosen)
    return replace(
        _base(setup, (*warnings, *eligibility.messages), as_of),
        status=PlanStatus.OPTIMAL,
        score=rules.score(scenario, sum(c.points for c in chosen)),
        total_effort=round(math.fsum(a.effort for a in activities), 2),
        activities=activities,
        excluded=eligibility.excluded,
        schedule=timeline.windows,
    )
