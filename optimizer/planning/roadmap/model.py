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

An activity is followed across a re-ID (``year_changes.latest_id``). The years
before the roadmap enter through eligibility (history within N years rules an
activity out) and through ``done_before`` (a continuation into the first year).
c need not be integral: with a saving on it the optimum makes it min(x[y,a], x[y-1,a]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulp

from optimizer.errors import SolverError
from optimizer.planning.solve.knapsack import effort_units
from optimizer.planning.solve.limits import CountLimit
from optimizer.planning.solve.milp import make_solver
from optimizer.rules.eligibility import Candidate
from optimizer.sources.year_changes import latest_id


@dataclass(frozen=True, slots=True)
class YearProblem:
    """One year of the program: its candidates and what the year must reach.
    ``done_before`` holds the IDs done the year before the roadmap (first year only)."""

    year: int
    candidates: tuple[Candidate, ...]
    needed: int
    include: frozenset[str] = frozenset()
    min_paired: int = 0
    limits: tuple[CountLimit, ...] = ()
    done_before: frozenset[str] = frozenset()


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


def _keys(problem: YearProblem) -> dict[str, Candidate]:
    """The year's candidates by the one name each keeps across re-IDs (their own ID
    when two of one year would share it)."""
    keyed: dict[str, Candidate] = {}
    for candidate in problem.candidates:
        key = latest_id(candidate.id)
        keyed[candidate.id if key in keyed else key] = candidate
    return keyed


def _row(
    prob: pulp.LpProblem, terms: Sequence[tuple[Any, float]], sense: int, rhs: float, name: str
) -> None:
    """Add ``sum(coefficient * variable) <sense> rhs`` named ``name``, built directly
    from its terms (PuLP's operators cost more than the solve on a large roadmap)."""
    prob += pulp.LpConstraint(pulp.LpAffineExpression(terms), sense, name=name, rhs=rhs)


def _year_rows(prob: pulp.LpProblem, problem: YearProblem, x: dict[str, Any]) -> None:
    year, by_key = problem.year, _keys(problem)
    if not by_key:
        return  # nothing to choose, and nothing needed (checked before the model is built)
    chosen = {c.id: x[k] for k, c in by_key.items()}
    earned = [(x[k], c.points) for k, c in by_key.items()]
    _row(prob, earned, pulp.LpConstraintGE, problem.needed, f"reach_{problem.needed}_points:{year}")
    for activity_id in sorted(problem.include & set(chosen)):
        _row(
            prob,
            [(chosen[activity_id], 1)],
            pulp.LpConstraintEQ,
            1,
            f"must_include:{activity_id}:{year}",
        )
    if problem.min_paired:
        paired = [(x[k], 1) for k, c in by_key.items() if c.paired_measures]
        name = f"at_least_{problem.min_paired}_paired:{year}"
        _row(prob, paired, pulp.LpConstraintGE, problem.min_paired, name)
    for limit in problem.limits:
        _row(
            prob,
            [(v, 1) for v in x.values()],
            pulp.LpConstraintLE,
            limit.most,
            f"{limit.name}:{year}",
        )


def _frequency_rows(
    prob: pulp.LpProblem, problems: Sequence[YearProblem], x: list[dict[str, Any]]
) -> None:
    for i, problem in enumerate(problems):
        for key, candidate in _keys(problem).items():
            every = candidate.activity.frequency_years
            if not every:
                continue
            for j in range(i):
                earlier = problems[j].year
                if problem.year - earlier < every and key in x[j]:
                    name = f"once_every_{every}_years:{candidate.id}:{earlier}-{problem.year}"
                    _row(prob, [(x[j][key], 1), (x[i][key], 1)], pulp.LpConstraintLE, 1, name)


def _solve(prob: pulp.LpProblem, solver: pulp.LpSolver | None) -> bool:
    """Solve; True when a roadmap exists."""
    try:
        prob.solve(solver or make_solver("highs"))
    except pulp.PulpSolverError as exc:
        msg = f"The solver failed to run ({exc}); try again, or plan with --solver highs"
        raise SolverError(msg) from exc
    status = pulp.LpStatus[prob.status]
    if status in ("Infeasible", "Undefined"):  # CBC reports some infeasible models so
        return False
    if status != "Optimal":
        msg = f"The solver stopped with status {status!r} before proving a roadmap optimal"
        raise SolverError(msg)
    return True


def solve_roadmap(
    problems: Sequence[YearProblem],
    *,
    repeat_effort: float,
    solver: pulp.LpSolver | None = None,
) -> tuple[YearChoice, ...] | None:
    """The least-effort choice for every year at once (None: none exists).
    ``problems`` are consecutive years, oldest first; HiGHS unless ``solver``."""
    for p in problems:
        paired = sum(1 for c in p.candidates if c.paired_measures)
        if (
            p.include - {c.id for c in p.candidates}  # a required activity is ruled out
            or sum(c.points for c in p.candidates) < p.needed
            or paired < p.min_paired
        ):
            return None
    if all(not p.candidates for p in problems):
        # A model without variables makes CBC fail to run; the checks above decide it.
        return tuple(YearChoice(p.year, ()) for p in problems)
    prob = pulp.LpProblem("ia_roadmap", pulp.LpMinimize)
    keyed = [_keys(p) for p in problems]
    x = [
        {k: prob.add_variable(f"choose_{p.year}_{c.id}", cat=pulp.LpBinary) for k, c in by.items()}
        for p, by in zip(problems, keyed, strict=True)
    ]
    # Efforts in integral hundredths, times (n + 1), plus one per activity: the least
    # effort wins, and among equal efforts the fewest activities (as in milp.py).
    scale = sum(len(by) for by in keyed) + 1
    cost: list[tuple[Any, float]] = []
    for i, (problem, by_key) in enumerate(zip(problems, keyed, strict=True)):
        for key, candidate in by_key.items():
            units = effort_units(candidate)
            cost.append((x[i][key], units * scale + 1))
            saving = units - repeat_units(units, repeat_effort)
            before = x[i - 1].get(key) if i else None
            done_before = i == 0 and candidate.id in problem.done_before
            if saving <= 0 or (before is None and not done_before):
                continue
            name = f"{candidate.id}:{problem.year}"
            carry = prob.add_variable(f"continue_{problem.year}_{candidate.id}", 0, 1)
            le = pulp.LpConstraintLE
            _row(prob, [(carry, 1), (x[i][key], -1)], le, 0, f"continues:{name}")
            if before is not None:
                _row(prob, [(carry, 1), (before, -1)], le, 0, f"continued_from:{name}")
            cost.append((carry, -saving * scale))
        _year_rows(prob, problem, x[i])
    _frequency_rows(prob, problems, x)
    prob.setObjective(pulp.LpAffineExpression(cost))
    if not _solve(prob, solver):
        return None
    choices = []
    for i, (problem, by_key) in enumerate(zip(problems, keyed, strict=True)):
        picked = {k: c for k, c in by_key.items() if (x[i][k].value() or 0) > 0.5}
        earlier = set() if i == 0 else {k for k in x[i - 1] if (x[i - 1][k].value() or 0) > 0.5}
        continued = frozenset(
            c.id
            for k, c in picked.items()
            if k in earlier or (i == 0 and c.id in problem.done_before)
        )
        chosen = tuple(c for c in problem.candidates if c in picked.values())
        choices.append(YearChoice(problem.year, chosen, continued))
    return tuple(choices)
