"""Reading back a workbook IA Planner wrote: the scenario from its hidden data
sheet, plus three hand edits: an effort changed in the Activities sheet becomes
an effort of the practice's own, a Roster sheet edited by hand becomes the
roster, and the Owner / Evidence kept columns of the Plan sheet and the rows of
the Earlier notes sheet come back as notes (a column deleted by hand means no
notes). Every bad cell is named by sheet, row and column."""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import replace
from datetime import date
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from optimizer.errors import DataError, InputFileError, ScenarioError, TableFormatError
from optimizer.exports.scenario_json import activity_from_dict, decode_field
from optimizer.exports.workbook_layout import (
    ACTIVITIES_SHEET,
    CONTINUED,
    DATA_HEADERS,
    DATA_SHEET,
    EARLIER_NOTES_SHEET,
    EVIDENCE,
    FORMAT_NAME,
    NOTE_YEAR,
    OWNER,
    PLAN_SHEET,
    ROSTER_SHEET,
    PlanNote,
    WorkbookScenario,
    roster_sheet,
)
from optimizer.model import Inventory, Scenario
from optimizer.model.values import BadValue
from optimizer.planning.resolve import default_inventory
from optimizer.rules.effort import resolve_effort
from optimizer.rules.group_rule import participants
from optimizer.rules.year_rules import rules_for
from optimizer.sources import field_values as values
from optimizer.sources.bundled import default_effort, effort_estimates
from optimizer.sources.read_limits import JsonSyntaxError, LimitError, check_xlsx, load_json
from optimizer.sources.roster import roster_from_table
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.sources.tables import Cells, RawTable, cell_text, read_bytes, table_from_grid
from optimizer.wording import ACTIVITY_ID, EFFORT, START, listed

_Book = Any
"""An openpyxl workbook (openpyxl has no type hints)."""


def _open(data: bytes | BinaryIO, source: str) -> _Book:
    raw = read_bytes(data)
    if zipfile.is_zipfile(io.BytesIO(raw)):
        check_xlsx(raw, source, formulas=True)
    try:
        return openpyxl.load_workbook(io.BytesIO(raw))
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ParseError):
        msg = f"{source} cannot be opened as an Excel workbook (.xlsx)"
        raise InputFileError(msg, source=source) from None


def _sheet(book: _Book, name: str, source: str) -> RawTable | None:
    """A sheet as text cells under its header row (None when the sheet is gone)."""
    if name not in book.sheetnames:
        return None
    grid = list(book[name].iter_rows(values_only=True))
    return table_from_grid(f"{source}, sheet '{name}'", grid)


def _plain(value: Any, row: Cells) -> Any:
    """A Value cell as plain data: JSON text, or what a person typed over it."""
    if isinstance(value, str):
        try:
            return load_json(value, row.table.source)
        except JsonSyntaxError:
            return value.strip()
        except LimitError as exc:
            raise row.error("value", exc.problem) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise row.error("value", f"must be a finite number, got {value!r}")
    return value


def _data_entries(book: _Book, source: str) -> tuple[RawTable, list[tuple[Cells, Any]]]:
    """The data sheet's rows (section and key as text) with each raw Value decoded.
    The values are read from the cells as stored, not as text, so JSON keeps its spaces."""
    grid = list(book[DATA_SHEET].iter_rows(values_only=True))
    table = table_from_grid(f"{source}, sheet '{DATA_SHEET}'", grid)
    columns = {h.lower(): table.need_column((h,)) for h in DATA_HEADERS}
    raw_rows = dict(enumerate(grid[1:], start=2))
    joined: list[tuple[Cells, Any]] = []
    for row in table.cells(columns):
        raw = raw_rows[row.number]
        value = raw[columns["value"]] if columns["value"] < len(raw) else None
        if row.get("key") == CONTINUED and joined and isinstance(value, str):
            first, text = joined[-1]
            joined[-1] = (first, f"{text}{value}")
        else:
            joined.append((row, value))
    return table, [(row, _plain(value, row)) for row, value in joined]


def _scenario(entries: list[tuple[Cells, Any]], source: str) -> Scenario:
    rows: dict[str, Cells] = {}
    fields: dict[str, Any] = {}
    for row, value in entries:
        if row.get("section") != "scenario":
            continue
        key = row.get("key")
        if key not in Scenario.__dataclass_fields__:
            raise row.error("key", f"unknown setting {key!r}")
        try:
            fields[key] = decode_field(Scenario, key, value)
        except ScenarioError as exc:
            raise row.error("value", str(exc)) from None
        rows[key] = row
    if "year" not in fields:
        msg = f"{source}, sheet '{DATA_SHEET}': the scenario's 'year' row is missing"
        raise TableFormatError(msg, source=source, column="Key")

    def locate(field: str, problem: str) -> TableFormatError:
        return rows[field].error("value", problem)

    return scenario_from_fields(fields, locate=locate, context=source)


def _inventory(entries: list[tuple[Cells, Any]], scenario: Scenario, source: str) -> Inventory:
    activities = []
    inventory_source = source
    for row, value in entries:
        where = (row.get("section"), row.get("key"))
        if where == ("inventory", "source"):
            inventory_source = str(value)
        elif where == ("inventory", "activity"):
            try:
                activities.append(activity_from_dict(value, "activity"))
            except (ScenarioError, DataError) as exc:
                raise row.error("value", str(exc)) from None
    if not activities:
        return default_inventory(scenario.year)
    try:
        return Inventory(scenario.year, tuple(activities), inventory_source)
    except DataError as exc:
        raise ScenarioError(f"{source}: {exc}") from None


def _pairings(entries: list[tuple[Cells, Any]]) -> dict[str, frozenset[str]]:
    pairs: dict[str, frozenset[str]] = {}
    for row, value in entries:
        if (row.get("section"), row.get("key")) != ("pairings", "pair"):
            continue
        if not (
            isinstance(value, list)
            and len(value) == 2
            and isinstance(value[0], str)
            and isinstance(value[1], list)
            and all(isinstance(m, str) for m in value[1])
        ):
            problem = f"must be [activity ID, [measure IDs]], got {value!r}"
            raise row.error("value", problem)
        pairs[str(value[0])] = frozenset(str(m) for m in value[1])
    return pairs


def _effort_edits(book: _Book, source: str, scenario: Scenario, inventory: Inventory) -> Scenario:
    """Efforts a person changed in the Activities sheet become the practice's own."""
    table = _sheet(book, ACTIVITIES_SHEET, source)
    if table is None:
        return scenario
    columns = {"id": table.need_column((ACTIVITY_ID,)), "effort": table.need_column((EFFORT,))}
    overrides = scenario.effort_overrides
    estimates, default = effort_estimates(scenario.year), default_effort()
    taking_part = participants(rules_for(scenario.year), scenario)
    changed = dict(overrides)
    for row in table.cells(columns):
        activity = inventory.get(row.get("id"))
        if activity is None:
            continue
        hours = row.read("effort", values.hours)
        if hours is None:
            raise row.error("effort", "must be a number of hours >= 0, got ''")
        written = resolve_effort(activity, scenario, estimates, default).total(taking_part)
        if abs(hours - written) > 1e-9:
            changed[activity.id] = hours
    if changed == overrides:
        return scenario
    return scenario_from_fields({"efforts": tuple(changed.items())}, base=scenario, context=source)


def _roster_edits(book: _Book, source: str, scenario: Scenario) -> Scenario:
    """A Roster sheet changed by hand becomes the roster; an untouched one keeps the
    exact roster of the data sheet (which a sheet cannot always spell, such as a
    clinician known by a name but with an empty name field)."""
    table = _sheet(book, ROSTER_SHEET, source)
    if table is None:
        return scenario
    if scenario.roster:
        headers, rows = roster_sheet(scenario.roster)
        as_written = [tuple(cell_text(v) for v in row) for row in rows]
        if table.columns == tuple(headers) and as_written == [r for _, r in table.rows]:
            return scenario
    if table.find_column(("NPI", "Name")) is None:
        msg = f"{table.source}: the 'NPI' or 'Name' column is missing"
        raise TableFormatError(msg, source=source, column="NPI")
    roster = roster_from_table(table)
    return scenario_from_fields({"roster": roster}, base=scenario, context=table.source)


def _note_year(text: str, year: int) -> int:
    if not values.is_digits(text):
        msg = f"must be a performance year such as {year}, got {text!r}"
        raise BadValue(msg)
    return int(text)


def _note_text(value: Any) -> str:
    """An Owner or Evidence cell as typed: line breaks kept, ends trimmed."""
    return (
        ""
        if value is None
        else "\n".join(line.rstrip() for line in str(value).strip().splitlines())
    )


def _sheet_notes(book: _Book, name: str, source: str, year: int) -> list[PlanNote]:
    """The Owner / Evidence kept entries of one sheet; a deleted column means no notes.
    A note on a row with no activity ID, or on an activity (and year) a second time,
    is refused in words rather than dropped."""
    if name not in book.sheetnames:
        return []
    grid = list(book[name].iter_rows(values_only=True))
    table = table_from_grid(f"{source}, sheet '{name}'", grid)
    columns = table.column_map({"owner": (OWNER,), "evidence": (EVIDENCE,), "year": (NOTE_YEAR,)})
    if "owner" not in columns and "evidence" not in columns:
        return []
    columns["id"] = table.need_column(("Activity ID",))
    raw_rows = dict(enumerate(grid[1:], start=2))
    notes = []
    first: dict[tuple[str, int], int] = {}
    for row in table.cells(columns):
        raw = raw_rows[row.number]
        owner, evidence = (
            _note_text(raw[columns[k]]) if k in columns and columns[k] < len(raw) else ""
            for k in ("owner", "evidence")
        )
        activity_id = row.get("id")
        if not (owner or evidence):
            continue
        if not activity_id:
            raise row.error("id", "has an Owner or Evidence note but no activity ID: add the ID")
        when = None if name == PLAN_SHEET else row.read("year", lambda t: _note_year(t, year))
        key = (activity_id, when or year)
        if key in first:
            problem = (
                f"{activity_id} has a second note for {key[1]} (first on row {first[key]}): "
                "keep one row per activity, joining the notes"
            )
            raise row.error("id", problem)
        first[key] = row.number
        notes.append(PlanNote(activity_id, owner, evidence, when or year))
    return notes


def _notes(book: _Book, source: str, year: int) -> tuple[PlanNote, ...]:
    """The Plan sheet's notes, then the Earlier notes sheet's (the Plan sheet wins a tie)."""
    notes: dict[tuple[str, int | None], PlanNote] = {}
    for name in (PLAN_SHEET, EARLIER_NOTES_SHEET):
        for note in _sheet_notes(book, name, source, year):
            notes.setdefault((note.activity_id, note.year), note)
    return tuple(notes.values())


def _plan_starts(
    book: _Book, source: str, plan_ids: tuple[str, ...]
) -> tuple[tuple[str, date], ...]:
    """The Start of each planned activity in the Plan sheet (a date corrected there by
    hand counts); none when the sheet or its Start column is gone."""
    table = _sheet(book, PLAN_SHEET, source)
    if table is None:
        return ()
    columns = table.column_map({"id": (ACTIVITY_ID,), "start": (START,)})
    if set(columns) != {"id", "start"}:
        return ()
    starts: dict[str, date] = {}
    for row in table.cells(columns):
        activity_id = row.get("id")
        began = row.read("start", values.iso_date)
        if activity_id in plan_ids and began is not None:
            starts.setdefault(activity_id, began)
    return tuple(sorted(starts.items()))


def with_plan_running(restored: WorkbookScenario, as_of: date) -> tuple[Scenario, str]:
    """The restored scenario with its plan's activities whose window began before
    ``as_of`` counted as running since that day (the practice's own by now), and that
    in words ('' when none; a window beginning on ``as_of`` itself has not begun yet).
    Activities already marked running or excluded keep their choice."""
    scenario = restored.scenario
    taken = set(scenario.running_since) | scenario.exclude
    began = [
        (i, start)
        for i, start in restored.plan_starts
        if start < as_of and start.year == scenario.year and i not in taken
    ]
    if not began:
        return scenario, ""
    running = scenario.running + tuple(began)
    words = listed([f"{i} (began {start.isoformat()})" for i, start in began])
    note = (
        f"From the saved plan: {words} count as running, since "
        f"{'their windows' if len(began) > 1 else 'its window'} began before "
        f"{as_of.isoformat()}"
    )
    return replace(scenario, running=running), note


def read_workbook(data: bytes | BinaryIO, source: str = "workbook") -> WorkbookScenario:
    """Restore the scenario (and inventory, pairings, notes) from an exported workbook."""
    book = _open(data, source)
    if DATA_SHEET not in book.sheetnames:
        msg = (
            f"{source} has no '{DATA_SHEET}' sheet, so its scenario cannot be restored: "
            "use a workbook exported by IA Planner (mips-ia plan --excel)"
        )
        in_app = (
            f"{source} has no '{DATA_SHEET}' sheet, so its scenario cannot be restored: "
            "use a workbook downloaded from IA Planner"
        )
        raise InputFileError(msg, source=source, in_app=in_app)
    _, entries = _data_entries(book, source)
    by_key = {(row.get("section"), row.get("key")): value for row, value in entries}
    if by_key.get(("workbook", "format")) != FORMAT_NAME:
        msg = f"{source}, sheet '{DATA_SHEET}': not written by IA Planner (no format row)"
        raise InputFileError(msg, source=source)
    scenario = _scenario(entries, source)
    inventory = _inventory(entries, scenario, source)
    listed_ids = by_key.get(("plan", "activities"), [])
    plan_ids = tuple(str(i) for i in listed_ids) if isinstance(listed_ids, list) else ()
    scenario = _effort_edits(book, source, scenario, inventory)
    scenario = _roster_edits(book, source, scenario)
    return WorkbookScenario(
        scenario=scenario,
        inventory=inventory,
        pairings=_pairings(entries) or None,
        plan_ids=plan_ids,
        notes=_notes(book, source, scenario.year),
        plan_starts=_plan_starts(book, source, plan_ids),
    )
