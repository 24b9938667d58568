"""The solver, chosen by name, and what it reports, mapped once.

Every integer program of the planner (a plan, the next plans, a roadmap) is solved
through ``run``: one place that builds the PuLP solver, retries CBC once when its
program fails to start, and turns PuLP's status into a ``SolveStatus``. PuLP and
HiGHS are loaded only when an integer program is solved: the default route rarely
needs them, and they cost about half a second to load (a batch worker's start).
"""

from __future__ import annotations

import os
import shutil
import sys
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from optimizer.errors import SolverError

if TYPE_CHECKING:
    import pulp


class Solver(StrEnum):
    """Which route solves a plan. AUTO is the exact dynamic program where it applies
    (the fastest, ``benchmarks/bench_plan.py``), else HiGHS; HIGHS and CBC always
    solve the integer program."""

    AUTO = "auto"
    HIGHS = "highs"
    CBC = "cbc"

    @classmethod
    def of(cls, value: Solver | str) -> Solver:
        """The solver named ``value``; an unknown name is refused in words."""
        try:
            return cls(value)
        except ValueError:
            names = ", ".join(repr(str(s)) for s in cls)
            msg = f"Unknown solver {value!r}: use {names}"
            raise SolverError(msg) from None


class SolveStatus(StrEnum):
    """What a solve proved."""

    OPTIMAL = "optimal"
    INFEASIBLE = "infeasible"


@cache
def _pulp_status() -> dict[int, SolveStatus]:
    """PuLP's statuses that prove something; any other ('Not Solved', 'Unbounded') means
    the solver stopped without an answer, which is our failure, not the practice's."""
    import pulp

    return {
        pulp.LpStatusOptimal: SolveStatus.OPTIMAL,
        pulp.LpStatusInfeasible: SolveStatus.INFEASIBLE,
        # CBC reports some infeasible models as "Undefined".
        pulp.LpStatusUndefined: SolveStatus.INFEASIBLE,
    }


CBC_MISSING = (
    'The CBC solver is not installed: install it with pip install "ia-planner[cbc]", '
    "or plan with the default solver or HiGHS"
)
ATTEMPTS = 2
"""CBC runs as a separate program; on a busy machine a start of it has been seen to
fail once in a few thousand solves, so a failed run is tried once more."""


@cache
def _silence_highs_banner() -> None:
    """HiGHS prints its banner to file descriptor 1 once per process, when the first
    ``Highs()`` is built and before any option can turn output off; build that first
    one with descriptor 1 pointed at /dev/null so JSON on stdout stays clean."""
    import highspy

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


def highs_started() -> bool:
    """Whether this process has started HiGHS (whose thread pool a forked copy of the
    process would inherit, and can hang on)."""
    return _silence_highs_banner.cache_info().currsize > 0


def cbc_path() -> str | None:
    """The CBC binary: the one the cbc extra installs (cbcbox), run directly rather
    than through its Python launcher script, else a ``cbc`` on PATH; None if neither."""
    try:
        import cbcbox  # type: ignore[import-not-found,unused-ignore]  # the optional extra
    except ImportError:
        return shutil.which("cbc")
    path: str = cbcbox.cbc_bin_path()
    return path if os.access(path, os.X_OK) else shutil.which("cbc")


@cache
def pulp_solver(solver: Solver) -> pulp.LpSolver:
    """The PuLP solver of an integer-program route, with no gap (AUTO's integer
    program is HiGHS). CBC that is not installed is refused in words."""
    import pulp

    if solver is Solver.CBC:
        path = cbc_path()
        if path is None:
            raise SolverError(CBC_MISSING)
        return pulp.COIN_CMD(msg=False, gapRel=0, gapAbs=0, path=path)
    _silence_highs_banner()
    return pulp.HiGHS(msg=False, gapRel=0, gapAbs=0)


def check_available(solver: Solver | str) -> Solver:
    """``solver`` as a Solver, refused in words when it is unknown or not installed
    (before any work is done)."""
    chosen = Solver.of(solver)
    if chosen is Solver.CBC and cbc_path() is None:  # asked each time: pulp_solver is cached
        raise SolverError(CBC_MISSING)
    if chosen is not Solver.AUTO:
        pulp_solver(chosen)
    return chosen


def run(prob: pulp.LpProblem, solver: Solver) -> SolveStatus:
    """Solve ``prob`` with ``solver`` and say what it proved."""
    import pulp

    backend = pulp_solver(solver)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            prob.solve(backend)
            break
        except pulp.PulpSolverError as exc:
            if attempt == ATTEMPTS:
                msg = (
                    f"The {backend.name} solver failed to run ({exc}); try again, or plan "
                    "with another solver"
                )
                raise SolverError(msg) from exc
    status = _pulp_status().get(prob.status)
    if status is None:
        msg = (
            f"The solver stopped with status {pulp.LpStatus[prob.status]!r} before proving "
            "a plan optimal"
        )
        raise SolverError(msg)
    return status
