"""A consultant's practices table: one row per practice, read into one Scenario per
row (through ``sources/scenario_fields``), or the row's error in words.

A row that cannot be planned (a year with no rules, an unknown activity ID, a bad
status) is reported with its row number and column, and the other rows still
get their plans.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from optimizer.errors import PlannerError, TableFormatError
from optimizer.model import Scenario
from optimizer.sources.bundled import latest_year
from optimizer.sources.practice_tables import read_efforts, read_history
from optimizer.sources.read_limits import read_regular_file
from optimizer.sources.roster import read_roster
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.sources.tables import Cells, normalise_header, read_table


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the practices table: its header (and the others it may have),
    what it holds, and an example value for the template."""

    header: str
    means: str
    example: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


COLUMNS: dict[str, Column] = {
    "name": Column("Practice", "the practice's name (required)", "Lakeside Family Medicine",
                   ("Practice name", "Name")),
    "year": Column("Year", "performance year (empty: the year it can still act on)", "2026",
                   ("Performance year", "PY")),
    "statuses": Column("Statuses", "special statuses: small-practice, rural, hpsa, "
                       "non-patient-facing", "small-practice",
                       ("Special statuses", "Special status", "Status")),
    "credits": Column("Credits", "credits claimed: apm, app, pcmh, ia-study", "",
                      ("Credit",)),
    "reporting": Column("Reporting", "individual, group, virtual-group or apm-entity",
                        "individual", ("Reporting as",)),
    "clinicians": Column("Clinicians", "number of clinicians", "6",
                         ("Number of clinicians",)),
    "quality": Column("Quality measures", "quality measure IDs reported: 001; 236", "001",
                      ("Quality", "Quality measure IDs")),
    "require_pairing": Column("Require pairing", "yes: every activity pairs with a measure",
                              "no"),
    "min_paired": Column("Min paired", "at least this many activities pair", "",
                         ("At least paired",)),
    "mvp": Column("MVP", "report through this MVP (2023 on)", "", ("MVP ID",)),
    "include": Column("Include", "activities the practice must do (or qualifies for)", "",
                      ("Must include",)),
    "exclude": Column("Exclude", "activities the practice cannot do", "", ("Can't do",)),
    "running": Column("Running", "activities already running, each ID[:YYYY-MM-DD]", "",
                      ("Already running",)),
    "target": Column("Target", "points to reach (empty: full credit)", ""),
    "history": Column("History file", "past attestations file (CSV or xlsx)", "",
                      ("History",)),
    "efforts": Column("Efforts file", "your efforts file (CSV or xlsx)", "",
                      ("Efforts", "Effort file")),
    "roster": Column("Roster file", "the group's roster file (CSV, xlsx or JSON)", "",
                     ("Roster",)),
}  # fmt: skip
"""Each column of the practices table, by the field it fills."""
PRACTICE_COLUMNS = {key: column.names for key, column in COLUMNS.items()}
FILE_COLUMNS = ("history", "efforts", "roster")
"""Columns that name a file, relative to the table's own folder."""


def template() -> str:
    """A practices table with every column, its header row and one example row (CSV)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.header for c in COLUMNS.values()])
    writer.writerow([c.example for c in COLUMNS.values()])
    return out.getvalue()


def columns_help() -> str:
    """Every column of the practices table and what it holds, one per line."""
    return "\n".join(f"  {c.header}: {c.means}" for c in COLUMNS.values())


@dataclass(frozen=True, slots=True)
class PracticeRow:
    """One row of the practices table: a scenario to plan, or why there is none."""

    row: int
    name: str
    scenario: Scenario | None
    error: str = ""
    where: str = ""
    """Where the row is, for messages: 'practices.csv, line 3'."""


READERS: dict[str, Callable[[bytes, str], Any]] = {
    "history": read_history,
    "efforts": read_efforts,
    "roster": read_roster,
}


class _Files:
    """History, effort and roster files named in the table, read once each, relative
    to the table's own folder."""

    def __init__(self, base_dir: Path | None) -> None:
        self.base_dir = base_dir
        self.read_files: dict[tuple[str, Path], Any] = {}

    def _path(self, cells: Cells, key: str) -> Path | None:
        text = cells.get(key)
        if not text:
            return None
        path = Path(text)
        if not path.is_absolute() and self.base_dir is not None:
            path = self.base_dir / path
        if not path.exists():
            raise cells.error(key, f"no such file: {text}")
        return path

    def read(self, cells: Cells, key: str) -> Any:
        """What the file the cell names holds (empty when none)."""
        path = self._path(cells, key)
        if path is None:
            return {} if key == "efforts" else ()
        if (key, path) not in self.read_files:
            try:
                data = read_regular_file(path)
                self.read_files[key, path] = READERS[key](data, path.name)
            except PlannerError as exc:
                raise cells.error(key, str(exc)) from exc
        return self.read_files[key, path]


def _scenario(cells: Cells, files: _Files, default_year: int, keys: Sequence[str]) -> Scenario:
    """The row's scenario, from the cells of ``keys`` (the table's columns but the name)."""
    fields: dict[str, Any] = {key: cells.get(key) for key in keys}
    fields.update({key: files.read(cells, key) for key in FILE_COLUMNS if cells.has(key)})
    fields.setdefault("efforts", {})
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
    known = {normalise_header(n) for names in PRACTICE_COLUMNS.values() for n in names}
    unknown = [c for c in table.columns if normalise_header(c) not in known]
    if unknown:
        valid = ", ".join(c.header for c in COLUMNS.values())
        msg = (
            f"{table.source}: unknown column {unknown[0]!r}; the columns a practices table "
            f"may have are {valid} (mips-ia batch --template prints them)"
        )
        raise TableFormatError(msg, source=table.source, column=unknown[0])
    files = _Files(base_dir)
    rows = []
    columns = table.column_map(PRACTICE_COLUMNS)
    keys = [key for key in PRACTICE_COLUMNS if key != "name" and key in columns]
    for cells in table.cells(columns):
        name = cells.get("name") or f"{table.row_label} {cells.number}"
        try:
            scenario = _scenario(cells, files, year, keys)
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
