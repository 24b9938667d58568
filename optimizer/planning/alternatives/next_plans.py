"""The plans after the best one: the next-cheapest plans, none containing another
(the best plan plus an activity is no alternative, only a dearer copy), and for
each planned activity the cheapest plan without it (what to do instead).

They come from the same problem and the same search as the plan itself
(``solve/search.plans_in_order``, by the dynamic program or the integer program
as for ``plan``), and each is priced the way ``plan`` prices it (``assemble``),
so an alternative costs what planning that set of activities costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from optimizer.errors import ScenarioError
from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Scenario
from optimizer.planning.assemble import planned_activities, total_effort
from optimizer.planning.pipeline import solve_plan
from optimizer.planning.solve.problem import Problem, prepare
from optimizer.planning.solve.search import Outcome, fitting
from optimizer.planning.solve.status import Solver

MAX_ALTERNATIVES = 20
"""The most alternatives asked for at once: past a few, they differ only in trifles."""


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another plan: its activities, their effort, and the effort above the best plan's."""

    activities: tuple[str, ...]
    total_effort: float
    extra_effort: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "activities": list(self.activities),
            "total_effort": self.total_effort,
            "extra_effort": self.extra_effort,
        }


@dataclass(frozen=True, slots=True)
class Replacement:
    """The cheapest plan without one planned activity (None: no plan does without it)."""

    activity: str
    plan: Alternative | None
    added: tuple[str, ...] = ()
    """The activities that plan adds to the best plan: the replacement itself."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "activity": self.activity,
            "replacement": list(self.added),
            "plan": None if self.plan is None else self.plan.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Alternatives:
    """The best plan, the next-cheapest plans and each activity's replacement."""

    plan: Plan
    plans: tuple[Alternative, ...] = ()
    replacements: tuple[Replacement, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "alternatives": [a.to_dict() for a in self.plans],
            "replacements": [r.to_dict() for r in self.replacements],
        }


def count_problem(value: object) -> str | None:
    """What is wrong with a number of alternatives, in words (None: nothing)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ALTERNATIVES:
        return None
    return f"must be a whole number from 1 to {MAX_ALTERNATIVES}, got {value!r}"


def _alternative(problem: Problem, outcome: Outcome, best: Plan) -> Alternative:
    total = total_effort(planned_activities(problem, outcome))
    return Alternative(tuple(sorted(outcome.ids)), total, round(total - best.total_effort, 2))


def alternatives_for(
    problem: Problem, best: Plan, count: int = 5, solver: Solver | str = Solver.AUTO
) -> Alternatives:
    """The ``count`` next-cheapest plans of ``problem`` after ``best`` (its plan), and
    the cheapest plan without each planned activity the user did not require."""
    trouble = count_problem(count)
    if trouble:
        raise ScenarioError(f"'alternatives' {trouble}")
    solver = Solver.of(solver)
    if best.status is not PlanStatus.OPTIMAL or not best.activities:
        return Alternatives(best)
    keep = frozenset(best.activity_ids)
    found: list[Alternative] = []
    for outcome, _ in fitting(problem, solver, count=count, keep=keep):
        if frozenset(outcome.ids) == keep:
            continue  # the best plan itself
        found.append(_alternative(problem, outcome, best))
        if len(found) == count:
            break
    replacements = []
    for activity_id in best.activity_ids:
        if activity_id in problem.include:
            continue
        search = fitting(problem, solver, banned={activity_id}, count=count + 1, keep=keep)
        instead = next((o for o, _ in search), None)
        other = None if instead is None else _alternative(problem, instead, best)
        added = () if other is None else tuple(a for a in other.activities if a not in keep)
        replacements.append(Replacement(activity_id, other, added))
    return Alternatives(best, tuple(found), tuple(replacements))


def alternatives(
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    count: int = 5,
    pairings: Pairings | None = None,
    solver: Solver | str = Solver.AUTO,
    as_of: date | None = None,
    best: Plan | None = None,
) -> Alternatives:
    """The ``count`` next-cheapest plans after the best one, and the cheapest plan
    without each planned activity the user did not require. ``best`` is the plan
    already made for ``scenario`` on ``as_of`` (made here when not given)."""
    trouble = count_problem(count)
    if trouble:
        raise ScenarioError(f"'alternatives' {trouble}")
    problem = prepare(scenario, inventory, pairings, best.as_of if best else as_of)
    return alternatives_for(problem, best or solve_plan(problem, solver), count, solver)
