"""Planning many practices at once: the rows of the practices table in, one plan
per practice out, as a workbook (Summary and Activities sheets) or a JSON-lines
stream. A practice that cannot be planned keeps its row-numbered reason."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook

from optimizer.batch.practices import PracticeRow
from optimizer.errors import PlannerError
from optimizer.exports.xlsx import write_table
from optimizer.model import Plan, PlanStatus
from optimizer.planning.pipeline import plan
from optimizer.planning.solve.status import check_available
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
planned on every core. The default 'auto' route plans in about a millisecond, so
starting worker processes costs more than they save and it stays in one process
(measured by benchmarks/bench_plan.py)."""


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
    total = len(practices)
    if jobs is None:
        slow = solver != "auto" and total >= PARALLEL_FROM
        jobs = (os.cpu_count() or 1) if slow else 1
    items = [(p, solver, as_of) for p in practices]
    results: list[PracticePlan] = []

    def collect(found: Iterator[PracticePlan]) -> None:
        for result in found:
            results.append(result)
            if progress is not None:
                progress(len(results), total)

    if jobs <= 1 or total < 2:
        collect(map(_plan_one, items))
    else:
        chunk = max(1, min(50, total // (jobs * 4)))
        # Fresh interpreters: a forked copy of a process that has run HiGHS can hang
        # on HiGHS's inherited thread pool.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=spawn) as pool:
            collect(pool.map(_plan_one, items, chunksize=chunk))
    return tuple(results)


def batch_json_lines(results: Sequence[PracticePlan]) -> Iterator[str]:
    """The ``--format json`` stream: one JSON object per practice, one per line."""
    for result in results:
        yield json.dumps(result.to_dict())


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


def write_batch_workbook(results: Sequence[PracticePlan]) -> bytes:
    """The plans as an .xlsx: a Summary sheet (one row per practice) and an
    Activities sheet (one row per chosen activity), both as filterable tables."""
    activity_rows = [
        [
            result.row,
            result.name,
            result.plan.year,
            a.id,
            a.title,
            a.subcategory,
            None if a.weight is None else a.weight.label,
            a.points,
            a.effort,
            ", ".join(a.paired_measures) or None,
            a.clinicians_needed,
        ]
        for result in results
        if result.plan is not None
        for a in result.plan.activities
    ]
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    write_table(summary, "PracticeSummary", SUMMARY_HEADER, [_summary_row(r) for r in results])
    write_table(
        book.create_sheet("Activities"), "PlannedActivities", ACTIVITY_HEADER, activity_rows
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
