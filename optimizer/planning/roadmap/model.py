"""The multi-year integer program: which activities in each year of a roadmap,
for the least effort over all its years.

    x[y,a] in {0, 1}   activity a is done in year y (a eligible in y)
    c[y,a] in [0, 1]   a continues from year y-1 into y
    minimise  sum e[y,a] * x[y,a] - (e[y,a] - r[y,a]) * c[y,a]   (then fewer activities)
              e: the effort, r = F * e: a repeat year's effort
    subject to, in each year y:
        sum points[y,a] * x[y,a] >= needed_y              "reach_N_points:Y"
        x[y,a] = 1 for an activity the user must do      "must_include:ID:Y"
        sum x[y,a] over paired a >= K                    "at_least_K_paired:Y"
        sum x[y,a] <= most                               "schedule_room:Y", "clinician_cap:Y"
        c[y,a] <= x[y,a]                                 "continues:ID:Y"
        c[y,a] <= x[y-1,a], or 0 when a was not done in y-1  "continued_from:ID:Y"
    and across the years, for an activity limited to once every N years:
        x[y',a] + x[y,a] <= 1 for y - N < y' < y           "once_every_N_years:ID:Y'-Y"

Each year's own rows and its objective terms are the ones every route builds
(``solve/model.add_problem``, its rows named for the year); the roadmap adds the
continuations and the frequency rows between the years.
An activity is followed across a re-ID (``year_changes.latest_id``). The years
before the roadmap enter through eligibility (history within N years rules an
activity out) and through ``done_before`` (a continuation into the first year).
c need not be integral: with a saving on it the optimum makes it min(x[y,a], x[y-1,a]).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import pulp

from optimizer.planning.solve import names
from optimizer.planning.solve.model import YearModel, add_problem, add_row
from optimizer.planning.solve.problem import Problem
from optimizer.planning.solve.roster import Term
from optimizer.planning.solve.status import Solver, SolveStatus, run
from optimizer.rules.eligibility import Candidate
from optimizer.sources.year_changes import latest_id


@dataclass(frozen=True, slots=True)
class YearChoice:
    """What the roadmap does in one year: the chosen candidates, and the IDs among
    them continued from the year before (at the repeat effort)."""

    year: int
    chosen: tuple[Candidate, ...]
    continued: frozenset[str] = frozenset()


def repeat_units(units: int, repeat_effort: float) -> int:
    """A repeat year's effort, in the integral hundredths of an hour efforts are
    compared in."""
    return round(units * repeat_effort)


def _keys(problem: Problem) -> dict[str, str]:
    """The one name each of the year's candidates keeps across re-IDs (their own ID
    when two of one year would share it) -> its ID that year."""
    keyed: dict[str, str] = {}
    for candidate in problem.choosable:
        key = latest_id(candidate.id)
        keyed[candidate.id if key in keyed else key] = candidate.id
    return keyed


class RoadmapModel:
    """The years' integer program, to be solved again with a year's plan cut when
    that plan does not fit the year's schedule."""

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        repeat_effort: float,
        done_before: Collection[str] = (),
        solver: Solver = Solver.AUTO,
    ) -> None:
        self.solver = solver
        self.done_before = frozenset(done_before)
        self.prob = pulp.LpProblem("ia_roadmap", pulp.LpMinimize)
        scale = sum(len(p.choosable) for p in problems) + 1
        self.years: list[YearModel] = [
            add_problem(self.prob, p, scale=scale, year=p.year) for p in problems
        ]
        self.keys = [_keys(p) for p in problems]
        terms: list[Term] = [t for y in self.years for t in y.terms]
        for i, year in enumerate(self.years):
            problem = year.problem
            cost = dict(zip((c.id for c in problem.choosable), problem.costs, strict=True))
            for key, activity_id in self.keys[i].items():
                saving = cost[activity_id] - repeat_units(cost[activity_id], repeat_effort)
                before = self.keys[i - 1].get(key) if self._follows(i) else None
                done = i == 0 and activity_id in done_before
                if saving <= 0 or (before is None and not done):
                    continue
                name = names.in_year(names.about(names.CONTINUES, activity_id), problem.year)
                carry = self.prob.add_variable(f"continue_{problem.year}_{activity_id}", 0, 1)
                le = pulp.LpConstraintLE
                add_row(self.prob, [(carry, 1), (year.x[activity_id], -1)], le, 0, name)
                if before is not None:
                    name = names.in_year(
                        names.about(names.CONTINUED_FROM, activity_id), problem.year
                    )
                    previous = self.years[i - 1].x[before]
                    add_row(self.prob, [(carry, 1), (previous, -1)], le, 0, name)
                terms.append((carry, -saving * scale))
        self._frequency_rows()
        self.prob.setObjective(pulp.LpAffineExpression(terms))
        self.cuts = 0

    def _follows(self, index: int) -> bool:
        """The ``index``-th year comes right after the one before it in the program (a
        year left out of a roadmap breaks the chain: nothing continues across it)."""
        if index == 0:
            return False
        return self.years[index - 1].problem.year == self.years[index].problem.year - 1

    def _frequency_rows(self) -> None:
        for i, year in enumerate(self.years):
            problem = year.problem
            by_id = {c.id: c for c in problem.choosable}
            for key, activity_id in self.keys[i].items():
                every = by_id[activity_id].activity.frequency_years
                if not every:
                    continue
                for j in range(i):
                    earlier = self.years[j]
                    other = self.keys[j].get(key)
                    if problem.year - earlier.problem.year < every and other is not None:
                        name = names.once_every(
                            every, activity_id, earlier.problem.year, problem.year
                        )
                        terms = [(earlier.x[other], 1), (year.x[activity_id], 1)]
                        add_row(self.prob, terms, pulp.LpConstraintLE, 1, name)

    def cut(self, index: int, plan: Collection[str]) -> None:
        """Rule out ``plan`` (and every plan containing it) in the ``index``-th year."""
        year = self.years[index]
        terms = [(year.x[a], 1) for a in plan]
        name = names.in_year(f"{names.NOT_PLAN}_{self.cuts}", year.problem.year)
        add_row(self.prob, terms, pulp.LpConstraintLE, len(terms) - 1, name)
        self.cuts += 1

    def solve(self) -> tuple[YearChoice, ...] | None:
        """The least-effort choice for every year at once (None: none exists)."""
        if run(self.prob, self.solver) is SolveStatus.INFEASIBLE:
            return None
        choices = []
        earlier: set[str] = set()
        for i, year in enumerate(self.years):
            chosen = year.chosen()
            key_of = {a: k for k, a in self.keys[i].items()}
            continued = frozenset(
                c.id
                for c in chosen
                if key_of[c.id] in earlier or (i == 0 and c.id in self.done_before)
            )
            choices.append(YearChoice(year.problem.year, chosen, continued))
            follows = i + 1 < len(self.years) and self._follows(i + 1)
            earlier = {key_of[c.id] for c in chosen} if follows else set()
        return tuple(choices)


def hopeless(problem: Problem) -> bool:
    """True when no choice of the year's candidates meets its rows on its own: a
    required activity ruled out, or all of them short of the points or pairs."""
    paired = sum(1 for c in problem.choosable if c.paired_measures)
    return bool(
        problem.blocked
        or sum(c.points for c in problem.choosable) < problem.needed
        or paired < problem.min_paired
    )
