"""A consultant's practices table: one row per practice, read into one Scenario per
row (through ``sources/scenario_fields``), or the row's error in words.

A row that cannot be planned (a year with no rules, an unknown activity ID, a bad
status) is reported with its row number and column, and the other rows still
get their plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from optimizer.errors import PlannerError, TableFormatError
from optimizer.model import Attestation, Scenario
from optimizer.sources.bundled import latest_year
from optimizer.sources.practice_tables import read_efforts, read_history
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.sources.tables import Cells, normalise_header, read_table

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
"""Each column of the practices table: the field it fills and the headers it may have."""
FILE_COLUMNS = ("history", "efforts")
"""Columns that name a file, relative to the table's own folder."""


@dataclass(frozen=True, slots=True)
class PracticeRow:
    """One row of the practices table: a scenario to plan, or why there is none."""

    row: int
    name: str
    scenario: Scenario | None
    error: str = ""
    where: str = ""
    """Where the row is, for messages: 'practices.csv, line 3'."""


class _Files:
    """History and effort files named in the table, read once each, relative to
    the table's own folder."""

    def __init__(self, base_dir: Path | None) -> None:
        self.base_dir = base_dir
        self.history: dict[Path, tuple[Attestation, ...]] = {}
        self.efforts: dict[Path, dict[str, float]] = {}

    def _path(self, cells: Cells, key: str) -> Path | None:
        text = cells.get(key)
        if not text:
            return None
        path = Path(text)
        if not path.is_absolute() and self.base_dir is not None:
            path = self.base_dir / path
        if not path.is_file():
            raise cells.error(key, f"no such file: {text}")
        return path

    def read(self, cells: Cells, key: str) -> Any:
        """The history or efforts of the file the cell names (empty when none)."""
        path = self._path(cells, key)
        if path is None:
            return () if key == "history" else {}
        cache: dict[Path, Any] = self.history if key == "history" else self.efforts
        if path not in cache:
            reader = read_history if key == "history" else read_efforts
            try:
                cache[path] = reader(path.read_bytes(), path.name)
            except PlannerError as exc:
                raise cells.error(key, str(exc)) from exc
        return cache[path]


def _scenario(cells: Cells, files: _Files, default_year: int) -> Scenario:
    fields: dict[str, Any] = {
        key: cells.get(key) for key in PRACTICE_COLUMNS if key != "name" and cells.has(key)
    }
    fields.update({key: files.read(cells, key) for key in FILE_COLUMNS})
    fields["efforts"] = tuple(fields["efforts"].items())
    if not fields.get("year"):
        fields["year"] = default_year
    return scenario_from_fields(fields, locate=cells.error)


def _is_header(row: Sequence[str]) -> bool:
    names = {normalise_header(c) for c in row}
    return bool(names & {normalise_header(a) for a in PRACTICE_COLUMNS["name"]})


def read_practices(
    fp: BinaryIO | bytes,
    source: str = "practices",
    *,
    base_dir: Path | None = None,
    default_year: int | None = None,
) -> tuple[PracticeRow, ...]:
    """The practices table (xlsx, CSV or JSON): one scenario per row, or the row's
    error. History and effort files are looked up relative to ``base_dir``; a row
    without a year plans ``default_year`` (default: the latest bundled year)."""
    year = default_year if default_year is not None else latest_year()
    table = read_table(fp, source, is_header=_is_header, what="header row with a 'Practice' column")
    files = _Files(base_dir)
    rows = []
    for cells in table.cells(table.column_map(PRACTICE_COLUMNS)):
        name = cells.get("name") or f"{table.row_label} {cells.number}"
        try:
            scenario = _scenario(cells, files, year)
        except TableFormatError as exc:
            rows.append(PracticeRow(cells.number, name, None, str(exc), cells.where))
        except PlannerError as exc:
            error = f"{cells.where}: {exc}"
            rows.append(PracticeRow(cells.number, name, None, error, cells.where))
        else:
            rows.append(PracticeRow(cells.number, name, scenario, where=cells.where))
    if not rows:
        msg = f"{source} lists no practices: add one row per practice under the header"
        raise TableFormatError(msg, source=source)
    return tuple(rows)
