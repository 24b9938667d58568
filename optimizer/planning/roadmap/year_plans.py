"""Each year of a roadmap as a ``Plan``: what the multi-year program chose for it,
assembled as ``plan`` assembles one (``assemble``), with a continued activity at
the repeat share of its effort."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

from optimizer.model import Plan, PlannedActivity, Reason
from optimizer.planning import explain
from optimizer.planning.assemble import found_plan, planned_activity, shown_order
from optimizer.planning.roadmap.model import YearChoice, repeat_units
from optimizer.planning.schedule import Timeline
from optimizer.planning.solve.problem import EFFORT_UNIT, Problem
from optimizer.planning.solve.search import Outcome
from optimizer.rules.eligibility import Candidate


def repeat_effort_problem(value: float) -> str | None:
    """What is wrong with a repeat effort, in words (None: nothing)."""
    if not (isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= 1):
        return f"must be a share of an activity's effort from 0 to 1, got {value!r}"
    return None


def year_plan(
    problem: Problem,
    choice: YearChoice,
    timeline: Timeline,
    repeat_effort: float,
    as_of: date | None,
) -> Plan:
    """The plan of one year of a roadmap, from the program's choice for it; a
    continued activity at the repeat share of its effort, in the integral hundredths
    the program compared."""
    cost = dict(zip((c.id for c in problem.choosable), problem.costs, strict=True))

    def shown(candidate: Candidate) -> PlannedActivity:
        if candidate.id not in choice.continued:
            return planned_activity(candidate, problem)
        planned = planned_activity(candidate, problem, share=repeat_effort)
        effort = repeat_units(cost[candidate.id], repeat_effort) / EFFORT_UNIT
        return replace(planned, effort=effort)

    activities = tuple(shown(c) for c in shown_order(choice.chosen))
    reasons: tuple[Reason, ...] = ()
    notes: tuple[str, ...] = ()
    if problem.full_credit:
        reasons = (explain.full_credit(problem.scenario, problem.rules),)
        notes = explain.kept_under_full_credit(problem.eligibility, problem.scenario)
    plan = found_plan(
        problem,
        Outcome(choice.chosen),
        timeline,
        activities=activities,
        reasons=reasons,
        warnings=notes,
    )
    return replace(plan, as_of=as_of)
