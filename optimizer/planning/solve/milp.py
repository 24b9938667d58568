"""The integer program: the least-effort set of activities that reaches the target.

    minimise   sum(effort_i * x_i)            (then fewer activities)
    subject to sum(points_i * x_i) >= needed                     "reach_N_points"
               x_i = 1 for activities the user must do            "must_include:ID"
               sum(x_i for paired i) >= K                         "at_least_K_paired"
               sum(x_i) <= most                                   "clinician_cap", "schedule_room"
               x_i in {0, 1}

Activities the rules rule out never become variables (``rules/eligibility.py``).
Groups with a roster add who does each activity (``roster_model.py``). Solved
with HiGHS (in-process, through highspy) by default, or CBC when installed
(``pip install "ia-planner[cbc]"``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

import highspy
import pulp

from optimizer.errors import SolverError
from optimizer.model import Assignment
from optimizer.planning.solve.knapsack import EFFORT_UNIT
from optimizer.planning.solve.limits import CountLimit
from optimizer.planning.solve.roster import RosterModel
from optimizer.rules.eligibility import Candidate

SOLVERS = ("auto", "highs", "cbc")
"""'auto' is the exact dynamic program of ``knapsack.py`` where it applies (the
fastest, measured by ``benchmarks/bench_plan.py``), else HiGHS; 'highs' and
'cbc' always solve the integer program."""

CBC_MISSING = (
    'The CBC solver is not installed: install it with pip install "ia-planner[cbc]", '
    "or plan with --solver auto or --solver highs"
)
SOLVER_ATTEMPTS = 2
"""CBC runs as a separate program; on a busy machine a start of it has been seen to
fail once in a few thousand solves, so a failed run is tried once more."""


@cache
def _silence_highs_banner() -> None:
    """HiGHS prints its banner to file descriptor 1 once per process, when the first
    ``Highs()`` is built and before any option can turn output off; build that first
    one with descriptor 1 pointed at /dev/null so JSON on stdout stays clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        highspy.Highs()  # type: ignore[no-untyped-call]  # highspy leaves __init__ untyped
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


def cbc_path() -> str | None:
    """The CBC binary: the one the cbc extra installs (cbcbox), run directly rather
    than through its Python launcher script, else a ``cbc`` on PATH; None if neither."""
    try:
        import cbcbox  # type: ignore[import-not-found,unused-ignore]  # the optional extra
    except ImportError:
        return shutil.which("cbc")
    path: str = cbcbox.cbc_bin_path()
    return path if os.access(path, os.X_OK) else shutil.which("cbc")


def make_solver(name: str = "auto") -> pulp.LpSolver | None:
    """The solver for ``plan``: None for 'auto' (the exact fast path), else HiGHS or
    CBC, with no gap. CBC that is not installed is refused in words."""
    if name == "auto":
        return None
    if name == "cbc":
        path = cbc_path()
        if path is None:
            raise SolverError(CBC_MISSING)
        return pulp.COIN_CMD(msg=False, gapRel=0, gapAbs=0, path=path)
    if name == "highs":
        _silence_highs_banner()
        return pulp.HiGHS(msg=False, gapRel=0, gapAbs=0)
    msg = f"unknown solver {name!r}: use {', '.join(repr(s) for s in SOLVERS)}"
    raise SolverError(msg)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a solver found: the chosen candidates and who does them, or nothing."""

    chosen: tuple[Candidate, ...]
    feasible: bool
    assignments: tuple[Assignment, ...] = ()


def _run(prob: pulp.LpProblem, solver: pulp.LpSolver) -> None:
    for attempt in range(1, SOLVER_ATTEMPTS + 1):
        try:
            prob.solve(solver)
            return
        except pulp.PulpSolverError as exc:
            if attempt == SOLVER_ATTEMPTS:
                msg = (
                    f"The {solver.name} solver failed to run ({exc}); try again, or plan "
                    "with another solver (--solver auto or --solver highs)"
                )
                raise SolverError(msg) from exc


def solve_milp(
    candidates: Sequence[Candidate],
    needed: int,
    *,
    include: Collection[str] = (),
    min_paired: int = 0,
    limits: Sequence[CountLimit] = (),
    roster: RosterModel | None = None,
    solver: pulp.LpSolver | None = None,
) -> Outcome:
    """Build and solve the integer program (HiGHS unless ``solver`` says otherwise)."""
    if not candidates:
        # A model without variables makes CBC fail to run: the empty plan decides it.
        return Outcome((), feasible=needed <= 0 and min_paired <= 0 and not include)
    prob = pulp.LpProblem("ia_plan", pulp.LpMinimize)
    x = prob.add_variable_dicts("choose", [c.id for c in candidates], cat=pulp.LpBinary)
    # Efforts in integral hundredths, times (n + 1), plus one per activity: the least
    # effort wins, and among equal efforts the fewest activities.
    scale = len(candidates) + 1
    # With a roster the clinicians' hours are the assignment's: an activity costs its
    # practice part, and each clinician assigned to it their own part.
    own = {c.id: c.hours.practice if roster is not None else c.effort for c in candidates}
    cost = pulp.lpSum((round(own[c.id] * EFFORT_UNIT) * scale + 1) * x[c.id] for c in candidates)
    if roster is not None:
        cost += roster.add_to(prob, x, scale)
    prob += cost
    for limit in limits:
        counted = [x[c.id] for c in candidates if c.id not in limit.exempt]
        prob += (pulp.lpSum(counted) <= limit.most, limit.name)
    prob += (pulp.lpSum(c.points * x[c.id] for c in candidates) >= needed, f"reach_{needed}_points")
    for activity_id in sorted(include):
        if activity_id in x:
            prob += (x[activity_id] == 1, f"must_include:{activity_id}")
    if min_paired:
        paired = [x[c.id] for c in candidates if c.paired_measures]
        prob += (pulp.lpSum(paired) >= min_paired, f"at_least_{min_paired}_paired")
    _run(prob, solver or make_solver("highs"))
    status = pulp.LpStatus[prob.status]
    # CBC reports some infeasible models as "Undefined".
    if status in ("Infeasible", "Undefined"):
        return Outcome((), feasible=False)
    if status != "Optimal":
        msg = f"The solver stopped with status {status!r} before proving a plan optimal"
        raise SolverError(msg)
    chosen = tuple(c for c in candidates if (x[c.id].value() or 0) > 0.5)
    assignments = () if roster is None else roster.assignments(c.id for c in chosen)
    return Outcome(chosen, feasible=True, assignments=assignments)
