"""Planning many practices at once: the rows of the practices table in, one plan
per practice out, as a workbook (Summary and Activities sheets) or a JSON-lines
stream. A practice that cannot be planned keeps its row-numbered reason.

``plan_practices`` gives the whole plans (for a program that reads them);
``batch_outputs`` gives only what the output writes of each practice, made where
the practice is planned: a worker process sends back plain rows and strings, not
plans, which cost more to send and load than to plan (``mips-ia batch``)."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from optimizer.batch.practices import PracticeRow
from optimizer.errors import PlannerError
from optimizer.model import Plan, PlanStatus
from optimizer.planning.pipeline import plan
from optimizer.planning.solve.status import check_available, highs_started
from optimizer.wording import (
    ACTIVITY_ID,
    CLINICIANS_NEEDED,
    EFFORT,
    PAIRED,
    POINTS,
    SUBCATEGORY,
    TITLE,
    WEIGHT,
)

PARALLEL_FROM = 200
"""With an integer-program solver ('highs', 'cbc'), this many practices or more are
planned on every core."""
AUTO_PARALLEL_FROM = 2000
"""With the default 'auto' route (under 2 ms a plan) ``batch_outputs`` plans this many
practices or more on every core: below it, starting the worker processes (each
loads the library and the bundled data, about a second) costs more than they save.
``plan_practices`` stays in one process with 'auto': whole plans cost about as much
to send back as to make (both measured by benchmarks/bench_plan.py)."""

Format = Literal["xlsx", "json"]
"""What a batch writes: a workbook, or JSON lines."""


@dataclass(frozen=True, slots=True)
class PracticePlan:
    """One practice's outcome: its plan, or the row-numbered reason it has none."""

    row: int
    name: str
    plan: Plan | None
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.plan is None

    def to_dict(self) -> dict[str, Any]:
        """One line of the ``--format json`` stream."""
        return {
            "row": self.row,
            "practice": self.name,
            "error": self.error or None,
            "plan": None if self.plan is None else self.plan.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class PracticeOutput:
    """What the batch output writes of one practice, in plain values: its Summary row
    and Activities rows (xlsx) or its JSON line (json)."""

    row: int
    failed: bool
    """Not planned (``error`` says why)."""
    error: str
    infeasible: bool
    """Planned, and no plan reaches the target."""
    summary: tuple[Any, ...] = ()
    activities: tuple[tuple[Any, ...], ...] = ()
    json_line: str = ""


def _plan_one(item: tuple[PracticeRow, str, date | None]) -> PracticePlan:
    practice, solver_name, as_of = item
    if practice.scenario is None:
        return PracticePlan(practice.row, practice.name, None, practice.error)
    try:
        result = plan(practice.scenario, solver=check_available(solver_name), as_of=as_of)
    except PlannerError as exc:
        where = practice.where or f"row {practice.row}"
        return PracticePlan(practice.row, practice.name, None, f"{where}: {exc}")
    return PracticePlan(practice.row, practice.name, result)


def _output_one(item: tuple[PracticeRow, str, date | None, Format]) -> PracticeOutput:
    practice, solver_name, as_of, form = item
    return output_of(_plan_one((practice, solver_name, as_of)), form)


def _default_jobs(solver: str, total: int, parallel_from: int | None) -> int:
    """Every core from ``parallel_from`` practices (PARALLEL_FROM with a slow solver),
    else one process."""
    start = PARALLEL_FROM if solver != "auto" else parallel_from
    return (os.cpu_count() or 1) if start is not None and total >= start else 1


_INHERITED: Sequence[Any] = ()
"""In a forked worker, the items of the batch, inherited from the process that forked
it rather than sent (``_run_all``)."""


def _inherit(items: Sequence[Any]) -> None:
    global _INHERITED  # one per worker process, set once as it starts
    _INHERITED = items


def _work_on(work: Callable[[Any], Any], start: int, stop: int) -> list[Any]:
    """``work`` on the inherited items ``start`` to ``stop``."""
    return [work(item) for item in _INHERITED[start:stop]]


def _start_method() -> str:
    """How worker processes start: forked where that is safe, else fresh interpreters.
    A forked worker starts at once, with the library and the data already loaded, and
    inherits the items instead of having each one sent; but a copy of a process that
    runs other threads, or that has run HiGHS (whose thread pool a copy inherits and
    can hang on), is not safe, nor is forking outside Linux."""
    if (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and not highs_started()
    ):
        return "fork"
    return "spawn"


def _run_all(
    work: Callable[[Any], Any],
    items: Sequence[Any],
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> list[Any]:
    """``work`` on every item, in input order, in ``jobs`` processes."""
    total = len(items)
    results: list[Any] = []

    def collect(found: Iterator[Any]) -> None:
        for result in found:
            results.append(result)
            if progress is not None:
                progress(len(results), total)

    if jobs <= 1 or total < 2:
        collect(map(work, items))
        return results
    chunk = max(1, min(50, total // (jobs * 4)))
    method = _start_method()
    context = multiprocessing.get_context(method)
    if method == "fork":
        starts = range(0, total, chunk)
        stops = [min(total, start + chunk) for start in starts]
        pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_inherit, initargs=(items,)
        )
        with pool:
            done = pool.map(_work_on, itertools.repeat(work), starts, stops)
            collect(itertools.chain.from_iterable(done))
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            collect(pool.map(work, items, chunksize=chunk))
    return results


def plan_practices(
    practices: Sequence[PracticeRow],
    *,
    jobs: int | None = None,
    solver: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    as_of: date | None = None,
) -> tuple[PracticePlan, ...]:
    """Plan every practice, in input order. ``jobs`` processes (default: every core
    for PARALLEL_FROM or more practices with a slow solver, else one); ``progress``
    is called with (done, total) as plans come in."""
    jobs = _default_jobs(solver, len(practices), None) if jobs is None else jobs
    items = [(p, solver, as_of) for p in practices]
    return tuple(_run_all(_plan_one, items, jobs, progress))


def batch_outputs(
    practices: Sequence[PracticeRow],
    form: Format = "xlsx",
    *,
    jobs: int | None = None,
    solver: str = "auto",
    progress: Callable[[int, int], None] | None = None,
    as_of: date | None = None,
) -> tuple[PracticeOutput, ...]:
    """What the batch output in ``form`` writes of every practice, in input order:
    ``output_of`` each one's ``plan_practices`` result, made in the process that
    plans it. ``jobs`` processes (default: every core for AUTO_PARALLEL_FROM or more
    practices, or PARALLEL_FROM with a slow solver, else one)."""
    if jobs is None:
        jobs = _default_jobs(solver, len(practices), AUTO_PARALLEL_FROM)
    items = [(p, solver, as_of, form) for p in practices]
    return tuple(_run_all(_output_one, items, jobs, progress))


def batch_json_lines(results: Sequence[PracticePlan]) -> Iterator[str]:
    """The ``--format json`` stream: one JSON object per practice, one per line."""
    for result in results:
        yield output_of(result, "json").json_line


def output_of(result: PracticePlan, form: Format) -> PracticeOutput:
    """What the output in ``form`` writes of one practice's plan."""
    p = result.plan
    infeasible = p is not None and p.status is PlanStatus.INFEASIBLE
    failed, error = result.failed, result.error
    if form == "json":
        line = json.dumps(result.to_dict())
        return PracticeOutput(result.row, failed, error, infeasible, json_line=line)
    return PracticeOutput(
        result.row,
        failed,
        error,
        infeasible,
        summary=tuple(_summary_row(result)),
        activities=tuple(_activity_rows(result)),
    )


SUMMARY_HEADER = (
    "Row",
    "Practice",
    "Year",
    "Status",
    "Points",
    "Automatic points",
    "IA score (%)",
    "Final-score points",
    "Total effort (h)",
    "Activities",
    "Error",
    "Messages",
)
ACTIVITY_HEADER = (
    "Row",
    "Practice",
    "Year",
    ACTIVITY_ID,
    TITLE,
    SUBCATEGORY,
    WEIGHT,
    POINTS,
    EFFORT,
    PAIRED,
    CLINICIANS_NEEDED,
)
NOT_PLANNED = "Not planned"
"""The Status of a row whose practice could not be planned (its Error says why)."""


def _summary_row(result: PracticePlan) -> list[Any]:
    p = result.plan
    if p is None:
        return [result.row, result.name, None, NOT_PLANNED, None, None, None, None, None, None,
                result.error, None]  # fmt: skip
    return [
        result.row,
        result.name,
        p.year,
        p.status.label,
        p.points,
        p.automatic_points,
        p.category_score,
        p.final_score_points,
        None if p.status is PlanStatus.INFEASIBLE else p.total_effort,
        ", ".join(p.activity_ids),
        None,
        "\n".join((p.provisional_note,) * p.provisional + p.messages) or None,
    ]


def _activity_rows(result: PracticePlan) -> Iterator[tuple[Any, ...]]:
    p = result.plan
    if p is None:
        return
    for a in p.activities:
        yield (
            result.row,
            result.name,
            p.year,
            a.id,
            a.title,
            a.subcategory,
            None if a.weight is None else a.weight.label,
            a.points,
            a.effort,
            ", ".join(a.paired_measures) or None,
            a.clinicians_needed,
        )


def write_batch_workbook(results: Sequence[PracticePlan]) -> bytes:
    """The plans as an .xlsx: a Summary sheet (one row per practice) and an
    Activities sheet (one row per chosen activity), both as filterable tables."""
    return batch_workbook([output_of(r, "xlsx") for r in results])


def batch_workbook(outputs: Sequence[PracticeOutput]) -> bytes:
    """The workbook of ``write_batch_workbook`` from the practices' outputs (xlsx)."""
    # Imported here: a worker process only plans, and need not load openpyxl.
    from optimizer.exports.xlsx import SheetTable, tables_workbook

    activity_rows = [row for o in outputs for row in o.activities]
    return tables_workbook(
        [
            SheetTable("Summary", "PracticeSummary", SUMMARY_HEADER, [o.summary for o in outputs]),
            SheetTable("Activities", "PlannedActivities", ACTIVITY_HEADER, activity_rows),
        ]
    )
