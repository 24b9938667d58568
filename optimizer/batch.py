"""Planning many practices at once: a consultant's PRACTICES table in, one
workbook (or a JSON-lines stream) of plans out.

Each row of the table is one practice. A row that cannot be planned (a year
with no rules, an unknown activity ID, a bad status) is reported with its row
number and the other rows still get their plans.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook

from optimizer.bundled import latest_year
from optimizer.errors import PlannerError, TableFormatError
from optimizer.inventory import split_activity_ids, split_ids
from optimizer.model import Attestation, Plan, PlanStatus, Reporting, Scenario, SpecialStatus
from optimizer.practice_tables import read_efforts, read_history
from optimizer.solve import make_solver, plan
from optimizer.tables import RawTable, normalise_header, read_table
from optimizer.xlsx import write_table

PRACTICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Practice", "Practice name", "Name"),
    "year": ("Year", "Performance year", "PY"),
    "statuses": ("Statuses", "Special statuses", "Special status", "Status"),
    "credits": ("Credits", "Credit"),
    "reporting": ("Reporting", "Reporting as"),
    "clinicians": ("Clinicians", "Number of clinicians"),
    "quality": ("Quality measures", "Quality", "Quality measure IDs"),
    "require_pairing": ("Require pairing",),
    "min_paired": ("Min paired", "At least paired"),
    "mvp": ("MVP", "MVP ID"),
    "include": ("Include", "Must include"),
    "exclude": ("Exclude",),
    "history": ("History file", "History"),
    "efforts": ("Efforts file", "Efforts", "Effort file"),
}
CREDITS = ("apm", "app", "pcmh")
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"", "no", "n", "false", "0"}
PARALLEL_FROM = 200
"""With an integer-program solver ('highs', 'cbc'), this many practices or more are
planned on every core. The default 'auto' route plans in about a millisecond, so
starting worker processes costs more than they save and it stays in one process
(measured by benchmarks/bench_plan.py)."""


@dataclass(frozen=True, slots=True)
class PracticeRow:
    """One row of the practices table: a scenario to plan, or why there is none."""

    row: int
    name: str
    scenario: Scenario | None
    error: str = ""
    where: str = ""
    """Where the row is, for messages: 'practices.csv, line 3'."""


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


def _words(text: str) -> list[str]:
    return [w for w in text.replace(";", ",").split(",") if w.strip()]


def _token(text: str) -> str:
    return "-".join(text.strip().lower().replace("_", " ").split())


class _Cells:
    """Named access to one row's cells, with errors that name the row and column."""

    def __init__(self, table: RawTable, row: int, cells: tuple[str, ...]) -> None:
        self.table, self.row, self.cells = table, row, cells
        self.index = {key: table.find_column(names) for key, names in PRACTICE_COLUMNS.items()}

    def get(self, key: str) -> str:
        index = self.index[key]
        return "" if index is None else self.cells[index].strip()

    def error(self, key: str, problem: str) -> TableFormatError:
        return self.table.error(self.row, self.index[key], problem)

    def flag(self, key: str) -> bool:
        text = self.get(key).lower()
        if text in _YES or text in _NO:
            return text in _YES
        raise self.error(key, f"must be yes or no, got {self.get(key)!r}")

    def whole(self, key: str, low: int) -> int | None:
        text = self.get(key)
        if not text:
            return None
        if not (text.isdigit() and int(text) >= low):
            raise self.error(key, f"must be a whole number >= {low}, got {text!r}")
        return int(text)


def _statuses(cells: _Cells) -> frozenset[SpecialStatus]:
    allowed = {s.value: s for s in SpecialStatus}
    allowed["small"] = SpecialStatus.SMALL_PRACTICE
    allowed["npf"] = SpecialStatus.NON_PATIENT_FACING
    found = set()
    for word in _words(cells.get("statuses")):
        if _token(word) not in allowed:
            names = ", ".join(s.value for s in SpecialStatus)
            raise cells.error("statuses", f"unknown status {word.strip()!r}; use {names}")
        found.add(allowed[_token(word)])
    return frozenset(found)


def _credits(cells: _Cells) -> set[str]:
    found = {_token(w) for w in _words(cells.get("credits"))}
    unknown = sorted(found - set(CREDITS))
    if unknown:
        raise cells.error("credits", f"unknown credit {unknown[0]!r}; use {', '.join(CREDITS)}")
    return found


def _reporting(cells: _Cells) -> Reporting:
    text = _token(cells.get("reporting")) or Reporting.INDIVIDUAL.value
    if text not in {r.value for r in Reporting}:
        names = ", ".join(r.value for r in Reporting)
        raise cells.error("reporting", f"must be one of {names}, got {cells.get('reporting')!r}")
    return Reporting(text)


class _Files:
    """History and effort files named in the table, read once each, relative to
    the table's own folder."""

    def __init__(self, base_dir: Path | None) -> None:
        self.base_dir = base_dir
        self.history: dict[Path, tuple[Attestation, ...]] = {}
        self.efforts: dict[Path, dict[str, float]] = {}

    def _path(self, cells: _Cells, key: str) -> Path | None:
        text = cells.get(key)
        if not text:
            return None
        path = Path(text)
        if not path.is_absolute() and self.base_dir is not None:
            path = self.base_dir / path
        if not path.is_file():
            raise cells.error(key, f"no such file: {text}")
        return path

    def read_history(self, cells: _Cells) -> tuple[Attestation, ...]:
        path = self._path(cells, "history")
        if path is None:
            return ()
        if path not in self.history:
            try:
                self.history[path] = read_history(path.read_bytes(), path.name)
            except PlannerError as exc:
                raise cells.error("history", str(exc)) from exc
        return self.history[path]

    def read_efforts(self, cells: _Cells) -> dict[str, float]:
        path = self._path(cells, "efforts")
        if path is None:
            return {}
        if path not in self.efforts:
            try:
                self.efforts[path] = read_efforts(path.read_bytes(), path.name)
            except PlannerError as exc:
                raise cells.error("efforts", str(exc)) from exc
        return self.efforts[path]


def _scenario(cells: _Cells, files: _Files) -> Scenario:
    year_text = cells.get("year")
    if year_text and not year_text.isdigit():
        raise cells.error("year", f"must be a performance year such as 2024, got {year_text!r}")
    credits = _credits(cells)
    return Scenario(
        year=int(year_text) if year_text else latest_year(),
        statuses=_statuses(cells),
        apm="apm" in credits,
        app="app" in credits,
        pcmh="pcmh" in credits,
        mvp=cells.get("mvp") or None,
        reporting=_reporting(cells),
        clinicians=cells.whole("clinicians", 1),
        history=files.read_history(cells),
        efforts=tuple(files.read_efforts(cells).items()),
        quality=frozenset(split_ids(cells.get("quality"))),
        require_pairing=cells.flag("require_pairing"),
        min_paired=cells.whole("min_paired", 0) or 0,
        include=split_activity_ids(cells.get("include")),
        exclude=split_activity_ids(cells.get("exclude")),
    )


def _is_header(row: Sequence[str]) -> bool:
    names = {normalise_header(c) for c in row}
    return bool(names & {normalise_header(a) for a in PRACTICE_COLUMNS["name"]})


def read_practices(
    fp: BinaryIO | bytes, source: str = "practices", *, base_dir: Path | None = None
) -> tuple[PracticeRow, ...]:
    """The practices table (xlsx, CSV or JSON): one scenario per row, or the row's
    error. History and effort files are looked up relative to ``base_dir``."""
    table = read_table(fp, source, is_header=_is_header, what="header row with a 'Practice' column")
    files = _Files(base_dir)
    rows = []
    for row, values in table.rows:
        cells = _Cells(table, row, values)
        name = cells.get("name") or f"{table.row_label} {row}"
        where = table.where(row)
        try:
            rows.append(PracticeRow(row, name, _scenario(cells, files), where=where))
        except TableFormatError as exc:
            rows.append(PracticeRow(row, name, None, str(exc), where))
        except PlannerError as exc:
            rows.append(PracticeRow(row, name, None, f"{where}: {exc}", where))
    if not rows:
        msg = f"{source} lists no practices: add one row per practice under the header"
        raise TableFormatError(msg, source=source)
    return tuple(rows)


def _plan_one(item: tuple[PracticeRow, str]) -> PracticePlan:
    practice, solver_name = item
    if practice.scenario is None:
        return PracticePlan(practice.row, practice.name, None, practice.error)
    try:
        result = plan(practice.scenario, solver=make_solver(solver_name))
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
) -> tuple[PracticePlan, ...]:
    """Plan every practice, in input order. ``jobs`` processes (default: every core
    for PARALLEL_FROM or more practices with a slow solver, else one); ``progress``
    is called with (done, total) as plans come in."""
    total = len(practices)
    if jobs is None:
        slow = solver != "auto" and total >= PARALLEL_FROM
        jobs = (os.cpu_count() or 1) if slow else 1
    items = [(p, solver) for p in practices]
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
    "Activity ID",
    "Title",
    "Subcategory",
    "Weight",
    "Points",
    "Effort (h)",
    "Paired measures",
    "Clinicians needed",
)


def _summary_row(result: PracticePlan) -> list[Any]:
    p = result.plan
    if p is None:
        return [result.row, result.name, None, "error", None, None, None, None, None, None,
                result.error, None]  # fmt: skip
    return [
        result.row,
        result.name,
        p.year,
        str(p.status),
        p.points,
        p.automatic_points,
        p.category_score,
        p.final_score_points,
        None if p.status is PlanStatus.INFEASIBLE else p.total_effort,
        ", ".join(p.activity_ids),
        None,
        "\n".join(p.messages) or None,
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
            None if a.weight is None else str(a.weight),
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
