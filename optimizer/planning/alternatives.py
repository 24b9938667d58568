"""The plans after the best one: the next-cheapest plans, none containing another
(the best plan plus an activity is no alternative, only a dearer copy), and for
each planned activity the cheapest plan without it (what to do instead).

Both come from the integer program of ``milp.py``, solved again with cuts:

    sum(x_a for a in S) <= |S| - 1      for each plan S found    "not_plan_K"
    x_a = 0                              for the activity left out "without:ID"

A cut rules out the plan S and every plan containing it. The objective is effort,
then the number of activities, so a plan's strict subsets are always cheaper: the
plans come out cheapest first, and each is minimal (no activity can be dropped).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pulp

from optimizer.errors import ScenarioError, SolverError
from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Scenario
from optimizer.planning.count_limits import count_limits
from optimizer.planning.knapsack import effort_units
from optimizer.planning.milp import make_solver
from optimizer.planning.pipeline import plan as make_plan
from optimizer.planning.resolve import resolve_year
from optimizer.planning.roster_model import RosterModel
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


class _Model:
    """The integer program of one practice-year, to be solved again and again."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        needed: int,
        scenario: Scenario,
        clinicians: int | None,
        solver: pulp.LpSolver,
    ) -> None:
        self.candidates = tuple(candidates)
        self.solver = solver
        self.prob = pulp.LpProblem("ia_alternatives", pulp.LpMinimize)
        ids = [c.id for c in candidates]
        self.x = self.prob.add_variable_dicts("choose", ids, cat=pulp.LpBinary)
        # As in milp.py: effort in hundredths, times (n + 1), plus one per activity.
        scale = len(candidates) + 1
        cost = pulp.lpSum((effort_units(c) * scale + 1) * self.x[c.id] for c in candidates)
        self.roster: RosterModel | None = None
        if scenario.roster and clinicians is not None:
            self.roster = RosterModel(scenario, clinicians, candidates)
            cost += self.roster.add_to(self.prob, self.x, scale)
        self.prob += cost
        earned = pulp.lpSum(c.points * self.x[c.id] for c in candidates)
        self.prob += (earned >= needed, f"reach_{needed}_points")
        for activity_id in sorted(scenario.include & set(ids)):
            self.prob += (self.x[activity_id] == 1, f"must_include:{activity_id}")
        if scenario.min_paired:
            paired = pulp.lpSum(self.x[c.id] for c in candidates if c.paired_measures)
            self.prob += (paired >= scenario.min_paired, f"at_least_{scenario.min_paired}_paired")
        self.cuts = 0

    def limit(self, name: str, most: int) -> None:
        self.prob += (pulp.lpSum(self.x.values()) <= most, name)

    def cut(self, plan: Collection[str]) -> None:
        """Rule out ``plan`` and every plan that contains it."""
        self.prob += (
            pulp.lpSum(self.x[a] for a in plan) <= len(plan) - 1,
            f"not_plan_{self.cuts}",
        )
        self.cuts += 1

    def leave_out(self, activity_id: str) -> None:
        self.prob += (self.x[activity_id] == 0, f"without:{activity_id}")

    def solve(self) -> tuple[tuple[str, ...], float] | None:
        """The cheapest plan left and its effort (own hours of the staff included)."""
        try:
            self.prob.solve(self.solver)
        except pulp.PulpSolverError as exc:
            msg = f"The solver failed to run ({exc}); try again, or plan with --solver highs"
            raise SolverError(msg) from exc
        if pulp.LpStatus[self.prob.status] != "Optimal":
            return None
        chosen = [c for c in self.candidates if (self.x[c.id].value() or 0) > 0.5]
        own = 0.0
        if self.roster is not None:
            efforts = {c.id: c for c in self.roster.scenario.roster}
            own = math.fsum(
                efforts[n].effort_for(a.activity)
                for a in self.roster.assignments(c.id for c in chosen)
                for n in a.clinicians
            )
        total = round(math.fsum(c.effort for c in chosen) + own, 2)
        return tuple(sorted(c.id for c in chosen)), total


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
    already made for ``scenario`` (made here when not given)."""
    problem = count_problem(count)
    if problem:
        raise ScenarioError(f"'alternatives' {problem}")
    best = best or make_plan(scenario, inventory, pairings=pairings, solver=solver, as_of=as_of)
    if best.status is not PlanStatus.OPTIMAL or not best.activities:
        return Alternatives(best)
    context = resolve_year(scenario, inventory, pairings)
    rules = context.rules
    candidates = assess(scenario, context).candidates
    if not scenario.roster:  # a roster's own hours make activities of a kind differ
        candidates = worth_keeping(
            candidates,
            include=scenario.include,
            needed=best.needed_points,
            min_paired=scenario.min_paired,
            count=count,
            keep=best.activity_ids,
        )
    clinicians = needed_for(rules, scenario)
    limits = count_limits(scenario, rules, clinicians)
    use = solver or make_solver("highs")

    def model() -> _Model:
        built = _Model(candidates, best.needed_points, scenario, clinicians, use)
        for limit in limits:
            built.limit(limit.name, limit.most)
        return built

    def alternative(found: tuple[tuple[str, ...], float]) -> Alternative:
        ids, total = found
        return Alternative(ids, total, round(total - best.total_effort, 2))

    ranked = model()
    ranked.cut(best.activity_ids)
    plans = []
    for _ in range(count):
        found = ranked.solve()
        if found is None:
            break
        plans.append(alternative(found))
        ranked.cut(found[0])
    replacements = []
    for activity_id in best.activity_ids:
        if activity_id in scenario.include:
            continue
        without = model()
        without.leave_out(activity_id)
        found = without.solve()
        other = None if found is None else alternative(found)
        added = (
            ()
            if other is None
            else tuple(a for a in other.activities if a not in best.activity_ids)
        )
        replacements.append(Replacement(activity_id, other, added))
    return Alternatives(best, tuple(plans), tuple(replacements))
