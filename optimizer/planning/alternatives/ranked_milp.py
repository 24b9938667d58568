"""The integer-program route of ``alternatives``: ``milp.py``'s model solved again
and again with cuts, for a group with a roster (whose clinicians' own hours the
dynamic program of ``ranked_plans.py`` does not know) or when a solver is named.

    sum(x_a for a in S) <= |S| - 1      for each plan S found    "not_plan_K"
    x_a = 0                              for the activity left out "without:ID"

A cut rules out the plan S and every plan containing it. The objective is effort,
then the number of activities, so a plan's strict subsets are always cheaper: the
plans come out cheapest first, and each is one no activity can be dropped from.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pulp

from optimizer.errors import SolverError
from optimizer.model import Scenario
from optimizer.planning.solve.knapsack import effort_units
from optimizer.planning.solve.limits import CountLimit
from optimizer.planning.solve.roster import RosterModel
from optimizer.rules.eligibility import Candidate

Found = tuple[tuple[str, ...], float]
"""A plan's activity IDs (sorted) and its effort, the staff's own hours included."""


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


@dataclass(frozen=True, slots=True)
class Setting:
    """What the model of one practice-year needs besides its candidates."""

    needed: int
    scenario: Scenario
    clinicians: int | None
    limits: Sequence[CountLimit]
    solver: pulp.LpSolver


def _model(candidates: Sequence[Candidate], setting: Setting) -> _Model:
    built = _Model(candidates, setting.needed, setting.scenario, setting.clinicians, setting.solver)
    for limit in setting.limits:
        built.limit(limit.name, limit.most)
    return built


def ranked_by_milp(
    candidates: Sequence[Candidate], first: Collection[str], count: int, setting: Setting
) -> list[Found]:
    """The ``count`` cheapest plans after ``first``, none containing another."""
    ranked = _model(candidates, setting)
    ranked.cut(first)
    plans = []
    for _ in range(count):
        found = ranked.solve()
        if found is None:
            break
        plans.append(found)
        ranked.cut(found[0])
    return plans


def without_by_milp(
    candidates: Sequence[Candidate], activity_id: str, setting: Setting
) -> Found | None:
    """The cheapest plan without ``activity_id`` (None: no plan does without it)."""
    without = _model(candidates, setting)
    without.leave_out(activity_id)
    return without.solve()
