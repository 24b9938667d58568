"""The plans after the best one: the next-cheapest plans, none containing another
(the best plan plus an activity is no alternative, only a dearer copy), and for
each planned activity the cheapest plan without it (what to do instead).

Two exact routes, as for ``plan``: a dynamic program with Lawler's partition
(``ranked_plans.py``) by default, and the integer program with cuts
(``alternatives_milp.py``) for a group with a roster or when a solver is named.
Both first drop the candidates that cannot change which efforts the cheapest
plans have (``worth_keeping``).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pulp

from optimizer.errors import ScenarioError
from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Scenario
from optimizer.planning.alternatives.ranked_dp import Need, cheapest_without, ranked_plans
from optimizer.planning.alternatives.ranked_milp import (
    Found,
    Setting,
    ranked_by_milp,
    without_by_milp,
)
from optimizer.planning.pipeline import plan as make_plan
from optimizer.planning.resolve import resolve_year
from optimizer.planning.solve.knapsack import effort_units
from optimizer.planning.solve.limits import count_limits
from optimizer.planning.solve.milp import make_solver
from optimizer.rules.eligibility import Candidate, assess
from optimizer.rules.group_rule import needed_for

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


def most_in_a_plan(
    candidates: Sequence[Candidate], include: Collection[str], needed: int, min_paired: int
) -> int:
    """An upper bound on the activities of a plan no activity can be dropped from: the
    required ones, those the points need (each is needed only while the total minus
    it falls short, so fewer than needed / smallest points + 1 of them) and those the
    paired count needs."""
    optional = [c for c in candidates if c.id not in include]
    smallest = min((c.points for c in optional if c.points > 0), default=0)
    by_points = -(-needed // smallest) if smallest else 0
    return len(include) + by_points + min_paired


def worth_keeping(
    candidates: Sequence[Candidate],
    *,
    include: Collection[str],
    needed: int,
    min_paired: int,
    count: int,
    keep: Collection[str] = (),
) -> tuple[Candidate, ...]:
    """The candidates that can be in the ``count`` + 1 cheapest plans no activity can
    be dropped from (the best plan and ``count`` alternatives), or in the cheapest
    plan without one of the best plan's activities.

    Activities of the same points and pairing are interchangeable in a plan. If a
    plan of at most ``most`` activities used the activity ranked r-th cheapest of its
    kind, swapping it for each cheaper one of its kind not in the plan would give
    r - most other plans, none dearer; so past rank ``count`` + ``most`` + 1 an
    activity cannot change which efforts the cheapest plans have. ``keep`` (the best
    plan's activities) and the required ones are always kept.
    """
    most = most_in_a_plan(candidates, include, needed, min_paired)
    depth = count + most + 1
    kinds: dict[tuple[int, bool], list[int]] = {}
    for index, candidate in enumerate(candidates):
        kinds.setdefault((candidate.points, bool(candidate.paired_measures)), []).append(index)
    kept = {i for i, c in enumerate(candidates) if c.id in include or c.id in keep}
    for indices in kinds.values():
        kept.update(sorted(indices, key=lambda i: (effort_units(candidates[i]), i))[:depth])
    return tuple(candidates[i] for i in sorted(kept))


def _effort(candidates: Sequence[Candidate], ids: Collection[str]) -> Found:
    chosen = tuple(sorted(ids))
    return chosen, round(math.fsum(c.effort for c in candidates if c.id in set(ids)), 2)


def alternatives(
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    count: int = 5,
    pairings: Pairings | None = None,
    solver: pulp.LpSolver | None = None,
    as_of: date | None = None,
    best: Plan | None = None,
) -> Alternatives:
    """The ``count`` next-cheapest plans after the best one, and the cheapest plan
    without each planned activity the user did not require. ``best`` is the plan
    already made for ``scenario`` (made here when not given). Like ``plan``, an
    exact dynamic program unless the scenario has a roster or ``solver`` is given."""
    problem = count_problem(count)
    if problem:
        raise ScenarioError(f"'alternatives' {problem}")
    best = best or make_plan(scenario, inventory, pairings=pairings, solver=solver, as_of=as_of)
    if best.status is not PlanStatus.OPTIMAL or not best.activities:
        return Alternatives(best)
    context = resolve_year(scenario, inventory, pairings)
    candidates = assess(scenario, context, best.as_of).candidates
    if not scenario.roster:  # a roster's own hours make activities of a kind differ
        candidates = worth_keeping(
            candidates,
            include=scenario.include,
            needed=best.needed_points,
            min_paired=scenario.min_paired,
            count=count,
            keep=best.activity_ids,
        )
    clinicians = needed_for(context.rules, scenario)
    start = max((d for d in (scenario.start_date, best.as_of) if d is not None), default=None)
    limits = count_limits(scenario, context.rules, clinicians, start)
    swappable = [a for a in best.activity_ids if a not in scenario.include]
    if solver is None and not scenario.roster:
        need = Need(
            best.needed_points,
            scenario.min_paired,
            scenario.include,
            min((limit.most for limit in limits), default=None),
        )
        found = [
            _effort(candidates, ids)
            for ids in ranked_plans(candidates, best.activity_ids, count, need)
        ]
        instead = {a: cheapest_without(candidates, a, need) for a in swappable}
        without = {
            a: None if ids is None else _effort(candidates, ids) for a, ids in instead.items()
        }
    else:
        setting = Setting(
            best.needed_points, scenario, clinicians, limits, solver or make_solver("highs")
        )
        found = ranked_by_milp(candidates, best.activity_ids, count, setting)
        without = {a: without_by_milp(candidates, a, setting) for a in swappable}

    def alternative(plan: Found) -> Alternative:
        ids, total = plan
        return Alternative(ids, total, round(total - best.total_effort, 2))

    replacements = []
    for activity_id, plan in without.items():
        other = None if plan is None else alternative(plan)
        added = (
            ()
            if other is None
            else tuple(a for a in other.activities if a not in best.activity_ids)
        )
        replacements.append(Replacement(activity_id, other, added))
    return Alternatives(best, tuple(alternative(p) for p in found), tuple(replacements))
