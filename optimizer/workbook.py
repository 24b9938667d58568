"""The plan as an Excel workbook a practice manager can work in, and back.

``write_workbook`` makes six sheets: Plan (each activity's 90-day window from
the plan's schedule, who carries it out, and empty Owner and Evidence kept
columns to fill in), Summary, What-if, Activities, History, and a hidden
``IA Planner data`` sheet holding the scenario as plain data (plus the
inventory and pairings when they are not the bundled ones). A group scenario
with a roster gets a Roster sheet, one row per clinician, and a workbook with
notes of activities that are not in its plan gets an Earlier notes sheet.

``read_workbook`` restores the scenario from that hidden sheet. Three hand edits
are honoured: an effort changed in the Activities sheet becomes an effort of
the practice's own, a Roster sheet edited by hand becomes the roster, and the
Owner / Evidence kept columns of the Plan sheet and the rows of the Earlier
notes sheet come back as notes. Passed as ``previous`` to the next export, no
note is lost: a note of an activity in the new plan (of the same year) goes
beside it on the Plan sheet, every other one to the Earlier notes sheet, from
where it moves back if the activity is planned again. The Owner and Evidence
kept columns are optional on import: a column deleted by hand means no notes.

Every text cell is written as text: a title or note starting with ``=``, ``+``,
``-`` or ``@`` is never a formula.
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, BinaryIO, TypeVar

import openpyxl
import pulp
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from optimizer.bundled import Pairings, bundled_inventory, bundled_pairings, effort_estimates
from optimizer.eligibility import activity_pairs, resolve_effort
from optimizer.errors import InputFileError, PlannerError, ScenarioError, TableFormatError
from optimizer.model import Clinician, Inventory, Plan, Scenario
from optimizer.roster import HEADER as ROSTER_FIXED_HEADERS
from optimizer.roster import roster_from_table, roster_records
from optimizer.rules import rules_for
from optimizer.scenario_io import (
    activity_from_dict,
    decode_field,
    inventory_to_dicts,
    scenario_to_dict,
)
from optimizer.submission import suggested_windows
from optimizer.tables import RawTable, cell_text, normalise_header
from optimizer.whatif import WhatIf, what_if_table
from optimizer.xlsx import write_table

PLAN_SHEET = "Plan"
SUMMARY_SHEET = "Summary"
WHAT_IF_SHEET = "What-if"
ACTIVITIES_SHEET = "Activities"
HISTORY_SHEET = "History"
ROSTER_SHEET = "Roster"
EARLIER_NOTES_SHEET = "Earlier notes"
DATA_SHEET = "IA Planner data"
SHEETS = (PLAN_SHEET, SUMMARY_SHEET, WHAT_IF_SHEET, ACTIVITIES_SHEET, HISTORY_SHEET, DATA_SHEET)
"""The sheets of every workbook; a scenario with a roster adds ROSTER_SHEET and notes of
activities not in the plan add EARLIER_NOTES_SHEET (in that order) before the data."""

FORMAT_NAME = "ia-planner-workbook"
FORMAT_VERSION = 1

OWNER, EVIDENCE = "Owner", "Evidence kept"
PLAN_HEADERS = (
    "Activity ID",
    "Title",
    "Subcategory",
    "Weight",
    "Points",
    "Effort (h)",
    "Paired quality measures",
    "Clinicians needed",
    "Clinicians",
    "Start",
    "End",
    "Start no later than",
    OWNER,
    EVIDENCE,
)
SUMMARY_HEADERS = ("Item", "Value")
WHAT_IF_HEADERS = (
    "What if",
    "Status",
    "Activities",
    "Points",
    "Effort (h)",
    "Change in effort (h)",
)
EFFORT = "Effort (h)"
ACTIVITY_HEADERS = (
    "Activity ID",
    "Title",
    "Subcategory",
    "Weight",
    "Points",
    EFFORT,
    "Effort source",
    "Paired quality measures",
    "Eligible",
    "In plan",
    "Reason not eligible",
)
HISTORY_HEADERS = ("Activity ID", "Performance year", "Source")
NOTE_YEAR = "Performance year"
EARLIER_NOTES_HEADERS = ("Activity ID", NOTE_YEAR, OWNER, EVIDENCE, "Planned")
ROSTER_HEADERS = ROSTER_FIXED_HEADERS
"""The Roster sheet's fixed columns; one hours column per activity ID follows."""
DATA_HEADERS = ("Section", "Key", "Value")
DOCUMENTATION_REMINDER = (
    "Keep the documentation of every activity (what was done, when and by whom) "
    "for 6 years after submitting"
)

T = TypeVar("T")

_ROSTER_KEYS = {normalise_header(h) for h in ("NPI", "Name")}


@dataclass(frozen=True, slots=True)
class PlanNote:
    """What the practice wrote beside one planned activity in the Plan sheet."""

    activity_id: str
    owner: str = ""
    evidence: str = ""
    year: int | None = None
    """The performance year the note was written for; None: the plan's own."""


@dataclass(frozen=True, slots=True)
class WorkbookScenario:
    """Everything a workbook exported earlier gives back."""

    scenario: Scenario
    inventory: Inventory
    pairings: Pairings | None
    plan_ids: tuple[str, ...]
    notes: tuple[PlanNote, ...] = ()

    def note_for(self, activity_id: str) -> PlanNote | None:
        """The note of ``activity_id`` for the workbook's own performance year."""
        return next(
            (
                n
                for n in self.notes
                if n.activity_id == activity_id and n.year in (None, self.scenario.year)
            ),
            None,
        )


# ---------------------------------------------------------------- writing


def _yes_no(flag: bool) -> str:
    return "Yes" if flag else "No"


def _who(plan: Plan, roster: Sequence[Clinician]) -> dict[str, str]:
    """'2: 1234567893 (Dr Lee); Dr Kim' per activity the roster staffs."""
    labels = {c.id: c.label for c in roster}
    return {
        a.activity: f"{len(a.clinicians)}: " + "; ".join(labels.get(c, c) for c in a.clinicians)
        for a in plan.assignments
    }


def _plan_rows(
    plan: Plan, scenario: Scenario, notes: Mapping[str, PlanNote], last_start: date
) -> list[tuple[Any, ...]]:
    windows = {w.activity: w for w in suggested_windows(plan)}
    who = _who(plan, scenario.roster)
    rows = []
    for a in plan.activities:
        window = windows.get(a.id)
        note = notes.get(a.id, PlanNote(a.id))
        rows.append(
            (
                a.id,
                a.title,
                a.subcategory,
                "" if a.weight is None else str(a.weight).capitalize(),
                a.points,
                a.effort,
                ", ".join(a.paired_measures),
                a.clinicians_needed,
                who.get(a.id, ""),
                None if window is None else window.start,
                None if window is None else window.end,
                last_start,
                note.owner,
                note.evidence,
            )
        )
    return rows


def _earlier_rows(plan: Plan, earlier: Sequence[PlanNote]) -> list[tuple[Any, ...]]:
    """The Earlier notes sheet: notes of activities this plan does not carry out."""
    rows = []
    for note in sorted(earlier, key=lambda n: (n.year or plan.year, n.activity_id)):
        year = note.year or plan.year
        status = "Not in this plan" if year == plan.year else f"Written for the {year} plan"
        rows.append((note.activity_id, year, note.owner, note.evidence, status))
    return rows


def _place_notes(
    plan: Plan, notes: Sequence[PlanNote]
) -> tuple[dict[str, PlanNote], list[PlanNote]]:
    """Notes that go beside an activity of the plan, and every other one (none is lost)."""
    chosen = set(plan.activity_ids)
    beside: dict[str, PlanNote] = {}
    earlier: dict[tuple[str, int], PlanNote] = {}
    for note in notes:
        year = note.year or plan.year
        if year == plan.year and note.activity_id in chosen:
            beside.setdefault(note.activity_id, note)
        else:
            earlier.setdefault((note.activity_id, year), note)
    return beside, list(earlier.values())


def _summary_rows(plan: Plan, scenario: Scenario, last_start: date) -> list[tuple[str, Any]]:
    opens, closes = plan.submission_window
    rows: list[tuple[str, Any]] = [
        ("Performance year", plan.year),
        ("Plan status", str(plan.status)),
        ("Reporting level", str(scenario.reporting)),
        ("Clinicians", scenario.clinicians if scenario.clinicians is not None else "not given"),
        ("Special statuses", ", ".join(sorted(scenario.statuses)) or "none"),
        ("APM participant", _yes_no(scenario.apm)),
        ("APM Performance Pathway", _yes_no(scenario.app)),
        ("Medical-home credit", _yes_no(scenario.pcmh)),
        ("MVP", scenario.mvp or "none"),
        ("Quality measures reported", ", ".join(sorted(scenario.quality)) or "none"),
        ("Target (points)", plan.target),
        ("Automatic points", plan.automatic_points),
        ("Points", plan.points),
        ("IA category score (%)", plan.category_score),
        ("Category weight in the final score (%)", plan.category_weight),
        ("Contribution to the final score (points)", plan.final_score_points),
        ("Total effort (h)", plan.total_effort),
        ("Last start of a 90-day period", last_start),
        ("Submission window opens", date.fromisoformat(opens) if opens else ""),
        ("Submission window closes", date.fromisoformat(closes) if closes else ""),
        ("Documentation", DOCUMENTATION_REMINDER),
    ]
    rows[4:4] = _group_and_schedule_rows(scenario)
    rows += [("Note", message) for message in plan.messages]
    return rows


def _group_and_schedule_rows(scenario: Scenario) -> list[tuple[str, Any]]:
    """The group rule, the roster's limits and the schedule's, when they apply."""
    rows: list[tuple[str, Any]] = []
    if scenario.is_group:
        rules = rules_for(scenario.year)
        size = scenario.group_size
        rule = f"{rules.group_rule_text()} must carry out each activity"
        if size is not None:
            needed = rules.clinicians_needed(size)
            rule += f": {needed} of {size}"
        rows.append(("Group rule", rule))
        if scenario.roster:
            rows.append(("Clinicians on the roster", len(scenario.roster)))
    if scenario.max_per_clinician is not None:
        rows.append(("Most activities per clinician", scenario.max_per_clinician))
    if scenario.start is not None:
        rows.append(("Activities start on or after", scenario.start))
    if scenario.max_concurrent is not None:
        rows.append(("Most activities at once", scenario.max_concurrent))
    return rows


_CAP = "Max activities"


def _roster_cell(header: str, text: str) -> str | int | float:
    """A roster record's cell for Excel: the cap a whole number, hours a number."""
    if not text or (header in ROSTER_HEADERS and header != _CAP):
        return text
    return int(text) if header == _CAP else float(text)


def _roster_sheet(roster: Sequence[Clinician]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The roster's header and rows (``roster_records``'s columns), numbers as numbers."""
    records = roster_records(roster)
    headers = list(records[0]) if records else list(ROSTER_HEADERS)
    rows = [tuple(_roster_cell(h, r[h]) for h in headers) for r in records]
    return headers, rows


def _activity_rows(
    plan: Plan, scenario: Scenario, inventory: Inventory, pairings: Pairings
) -> list[tuple[Any, ...]]:
    rules = rules_for(scenario.year)
    estimates = effort_estimates()
    overrides = scenario.effort_overrides
    excluded = {e.id: e.reason for e in plan.excluded}
    chosen = set(plan.activity_ids)
    rows = []
    for activity in inventory.activities:
        effort, effort_source = resolve_effort(activity, overrides, estimates)
        pairs = sorted(activity_pairs(activity, pairings))
        reason = excluded.get(activity.id, "")
        rows.append(
            (
                activity.id,
                activity.title,
                activity.subcategory,
                "" if activity.weight is None else str(activity.weight).capitalize(),
                rules.activity_points_for(activity, scenario),
                effort,
                effort_source,
                ", ".join(pairs),
                _yes_no(not reason),
                _yes_no(activity.id in chosen),
                reason,
            )
        )
    return rows


def _is_bundled(inventory: Inventory) -> bool:
    if inventory.source != f"data/inventories/{inventory.year}.csv":
        return False
    try:
        return inventory == bundled_inventory(inventory.year)
    except PlannerError:
        return False


def _data_rows(
    plan: Plan, scenario: Scenario, inventory: Inventory, pairings: Pairings | None
) -> list[tuple[str, str, str]]:
    def row(section: str, key: str, value: Any) -> tuple[str, str, str]:
        return (section, key, json.dumps(value))

    rows = [row("workbook", "format", FORMAT_NAME), row("workbook", "version", FORMAT_VERSION)]
    rows += [row("scenario", k, v) for k, v in scenario_to_dict(scenario).items()]
    rows.append(row("plan", "activities", list(plan.activity_ids)))
    bundled = _is_bundled(inventory)
    rows += [
        row("inventory", "year", inventory.year),
        row("inventory", "source", inventory.source),
        row("inventory", "bundled", bundled),
    ]
    if not bundled:
        rows += [row("inventory", "activity", a) for a in inventory_to_dicts(inventory)]
    if pairings is not None and pairings != bundled_pairings():
        rows += [
            row("pairings", "pair", [activity_id, sorted(measures)])
            for activity_id, measures in sorted(pairings.items())
        ]
    return rows


def write_workbook(
    plan: Plan,
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    pairings: Pairings | None = None,
    what_if: Sequence[WhatIf] | None = None,
    previous: bytes | None = None,
    solver: pulp.LpSolver | None = None,
) -> bytes:
    """The plan as an .xlsx file (bytes).

    ``what_if`` rows are computed when not given; ``previous`` is a workbook
    exported earlier, whose Owner / Evidence kept entries all carry over: beside
    the activities still in the plan of the same year, on the Earlier notes
    sheet otherwise; ``pairings`` defaults to the bundled table (custom ones are
    stored so the plan can be rebuilt).
    """
    if plan.year != scenario.year:
        msg = f"The plan is for {plan.year} but the scenario is for {scenario.year}"
        raise ScenarioError(msg)
    inventory = inventory if inventory is not None else bundled_inventory(scenario.year)
    if what_if is None:
        what_if = what_if_table(scenario, inventory, pairings=pairings, solver=solver)
    notes: tuple[PlanNote, ...] = ()
    if previous is not None:
        notes = read_workbook(previous, "the previous workbook").notes
    beside, earlier = _place_notes(plan, notes)
    last_start = date.fromisoformat(plan.last_start or rules_for(plan.year).last_start.isoformat())

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = PLAN_SHEET
    write_table(ws, "PlanTable", PLAN_HEADERS, _plan_rows(plan, scenario, beside, last_start))
    summary = _summary_rows(plan, scenario, last_start)
    if earlier:
        count = f"{len(earlier)} row{'s' if len(earlier) > 1 else ''}"
        text = f"Owner and Evidence kept of activities not in this plan: {count} on that sheet"
        summary.append((EARLIER_NOTES_SHEET, text))
    write_table(wb.create_sheet(SUMMARY_SHEET), "SummaryTable", SUMMARY_HEADERS, summary)
    write_table(
        wb.create_sheet(WHAT_IF_SHEET),
        "WhatIfTable",
        WHAT_IF_HEADERS,
        [tuple(w.as_row()[h] for h in WHAT_IF_HEADERS) for w in what_if],
    )
    write_table(
        wb.create_sheet(ACTIVITIES_SHEET),
        "ActivitiesTable",
        ACTIVITY_HEADERS,
        _activity_rows(plan, scenario, inventory, pairings or bundled_pairings()),
    )
    history = [(a.activity_id, a.year, "attested") for a in scenario.history]
    history += [(i, plan.year, "this plan") for i in plan.activity_ids]
    write_table(wb.create_sheet(HISTORY_SHEET), "HistoryTable", HISTORY_HEADERS, history)
    if scenario.roster:
        headers, rows = _roster_sheet(scenario.roster)
        write_table(wb.create_sheet(ROSTER_SHEET), "RosterTable", headers, rows)
    if earlier:
        write_table(
            wb.create_sheet(EARLIER_NOTES_SHEET),
            "EarlierNotesTable",
            EARLIER_NOTES_HEADERS,
            _earlier_rows(plan, earlier),
        )
    data = wb.create_sheet(DATA_SHEET)
    write_table(data, "PlannerData", DATA_HEADERS, _data_rows(plan, scenario, inventory, pairings))
    data.sheet_state = "hidden"

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- reading


class _Sheet:
    """One sheet read as a header row and data rows, for well-located errors."""

    def __init__(self, ws: Worksheet, source: str) -> None:
        self.title, self.source = ws.title, source
        rows = list(ws.iter_rows(values_only=True))
        self.header = [str(v).strip() if v is not None else "" for v in (rows[0] if rows else ())]
        self.rows = [
            (number, values)
            for number, values in enumerate(rows[1:], start=2)
            if any(v not in (None, "") for v in values)
        ]

    def column(self, header: str) -> int | None:
        return self.header.index(header) if header in self.header else None

    def error(self, row: int, column: str, problem: str) -> TableFormatError:
        msg = f"{self.source}, sheet '{self.title}', row {row}, column '{column}': {problem}"
        return TableFormatError(msg, source=self.source, row=row, column=column)

    def need(self, header: str) -> int:
        index = self.column(header)
        if index is None:
            msg = f"{self.source}, sheet '{self.title}': the '{header}' column is missing"
            raise TableFormatError(msg, source=self.source, column=header)
        return index


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _plain(value: Any) -> Any:
    """A Value cell as plain data: JSON text, or what a person typed over it."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value.strip()
    return value


def _open(data: bytes | BinaryIO, source: str) -> openpyxl.Workbook:
    raw = data if isinstance(data, bytes) else data.read()
    try:
        return openpyxl.load_workbook(io.BytesIO(raw))
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        msg = f"{source} cannot be opened as an Excel workbook (.xlsx)"
        raise InputFileError(msg, source=source) from None


def _data_entries(sheet: _Sheet) -> list[tuple[int, str, str, Any]]:
    section_col, key_col, value_col = (sheet.need(h) for h in DATA_HEADERS)
    entries = []
    for number, values in sheet.rows:
        value = values[value_col] if value_col < len(values) else None
        entries.append((number, _text(values[section_col]), _text(values[key_col]), _plain(value)))
    return entries


def _decode(sheet: _Sheet, row: int, read: Callable[..., T], *args: Any) -> T:
    try:
        return read(*args)
    except ScenarioError as exc:
        raise sheet.error(row, "Value", str(exc)) from None


def _effort_edits(
    book: openpyxl.Workbook, source: str, scenario: Scenario, inventory: Inventory
) -> Scenario:
    """Efforts a person changed in the Activities sheet become the practice's own."""
    if ACTIVITIES_SHEET not in book.sheetnames:
        return scenario
    sheet = _Sheet(book[ACTIVITIES_SHEET], source)
    id_col, effort_col = sheet.need("Activity ID"), sheet.need(EFFORT)
    overrides = scenario.effort_overrides
    estimates = effort_estimates()
    changed = dict(overrides)
    for number, values in sheet.rows:
        activity = inventory.get(_text(values[id_col]))
        if activity is None:
            continue
        cell = values[effort_col]
        hours = cell if isinstance(cell, int | float) and not isinstance(cell, bool) else None
        if hours is None and isinstance(cell, str):
            try:
                hours = float(cell)
            except ValueError:
                hours = None
        if hours is None or not (hours >= 0 and math.isfinite(hours)):
            raise sheet.error(number, EFFORT, f"must be a number >= 0, got {cell!r}")
        written, _ = resolve_effort(activity, overrides, estimates)
        if abs(float(hours) - written) > 1e-9:
            changed[activity.id] = float(hours)
    if changed == overrides:
        return scenario
    return replace(scenario, efforts=tuple(changed.items()))


def _roster_edits(book: openpyxl.Workbook, source: str, scenario: Scenario) -> Scenario:
    """A Roster sheet changed by hand becomes the roster; an untouched one keeps the
    exact roster of the data sheet (which a sheet cannot always spell, such as a
    clinician known by a name but with an empty name field)."""
    if ROSTER_SHEET not in book.sheetnames:
        return scenario
    cells = [
        tuple(cell_text(v) for v in row) for row in book[ROSTER_SHEET].iter_rows(values_only=True)
    ]
    header = cells[0] if cells else ()
    rows = tuple(
        (number, row[: len(header)]) for number, row in enumerate(cells[1:], start=2) if any(row)
    )
    if scenario.roster:
        headers, values = _roster_sheet(scenario.roster)
        as_written = [tuple(cell_text(v) for v in row) for row in values]
        if header == tuple(headers) and as_written == [row for _, row in rows]:
            return scenario
    table = RawTable(f"{source}, sheet '{ROSTER_SHEET}'", header, rows)
    if not any(normalise_header(h) in _ROSTER_KEYS for h in header):
        msg = f"{table.source}: the 'NPI' or 'Name' column is missing"
        raise TableFormatError(msg, source=source, column="NPI")
    roster = roster_from_table(table)
    try:
        return replace(scenario, roster=roster)
    except ScenarioError as exc:
        raise ScenarioError(f"{table.source}: {exc}") from None


def _note_year(sheet: _Sheet, row: int, cell: Any, year: int) -> int:
    """A note's performance year: the cell's whole number, or the workbook's when empty."""
    text = _text(cell)
    if not text:
        return year
    try:
        return int(text)
    except ValueError:
        problem = f"must be a performance year such as {year}, got {cell!r}"
        raise sheet.error(row, NOTE_YEAR, problem) from None


def _sheet_notes(book: openpyxl.Workbook, name: str, source: str, year: int) -> list[PlanNote]:
    """The Owner / Evidence kept entries of one sheet; a deleted column means no notes."""
    if name not in book.sheetnames:
        return []
    sheet = _Sheet(book[name], source)
    owner_col, evidence_col = sheet.column(OWNER), sheet.column(EVIDENCE)
    if owner_col is None and evidence_col is None:
        return []
    id_col, year_col = sheet.need("Activity ID"), sheet.column(NOTE_YEAR)

    def cell(values: tuple[Any, ...], index: int | None) -> Any:
        return values[index] if index is not None and index < len(values) else None

    notes = []
    for number, values in sheet.rows:
        owner, evidence = _text(cell(values, owner_col)), _text(cell(values, evidence_col))
        activity_id = _text(cell(values, id_col))
        if activity_id and (owner or evidence):
            when = (
                year
                if name == PLAN_SHEET
                else _note_year(sheet, number, cell(values, year_col), year)
            )
            notes.append(PlanNote(activity_id, owner, evidence, when))
    return notes


def _notes(book: openpyxl.Workbook, source: str, year: int) -> tuple[PlanNote, ...]:
    """The Plan sheet's notes, then the Earlier notes sheet's (the Plan sheet wins a tie)."""
    notes: dict[tuple[str, int | None], PlanNote] = {}
    for name in (PLAN_SHEET, EARLIER_NOTES_SHEET):
        for note in _sheet_notes(book, name, source, year):
            notes.setdefault((note.activity_id, note.year), note)
    return tuple(notes.values())


def read_workbook(data: bytes | BinaryIO, source: str = "workbook") -> WorkbookScenario:
    """Restore the scenario (and inventory, pairings, notes) from an exported workbook."""
    book = _open(data, source)
    if DATA_SHEET not in book.sheetnames:
        msg = (
            f"{source} has no '{DATA_SHEET}' sheet, so its scenario cannot be restored: "
            "use a workbook exported by IA Planner (mips-ia plan --excel)"
        )
        raise InputFileError(msg, source=source)
    sheet = _Sheet(book[DATA_SHEET], source)
    entries = _data_entries(sheet)
    by_key = {(section, key): (row, value) for row, section, key, value in entries}
    form = by_key.get(("workbook", "format"), (0, None))[1]
    if form != FORMAT_NAME:
        msg = f"{source}, sheet '{DATA_SHEET}': not written by IA Planner (no format row)"
        raise InputFileError(msg, source=source)

    values: dict[str, Any] = {}
    known = {f.name for f in dataclasses.fields(Scenario)}
    for row, section, key, value in entries:
        if section != "scenario":
            continue
        if key not in known:
            raise sheet.error(row, "Key", f"unknown setting {key!r}")
        values[key] = _decode(sheet, row, decode_field, Scenario, key, value)
    if "year" not in values:
        msg = f"{source}, sheet '{DATA_SHEET}': the scenario's 'year' row is missing"
        raise TableFormatError(msg, source=source, column="Key")
    try:
        scenario = Scenario(**values)
    except ScenarioError as exc:
        raise ScenarioError(f"{source}: {exc}") from None

    activities = [
        _decode(sheet, row, activity_from_dict, value, "activity")
        for row, section, key, value in entries
        if (section, key) == ("inventory", "activity")
    ]
    if activities:
        inventory_source = by_key.get(("inventory", "source"), (0, source))[1]
        try:
            inventory = Inventory(scenario.year, tuple(activities), str(inventory_source))
        except ValueError as exc:
            raise ScenarioError(f"{source}: {exc}") from None
    else:
        inventory = bundled_inventory(scenario.year)

    pairs: dict[str, frozenset[str]] = {}
    for row, section, key, value in entries:
        if (section, key) != ("pairings", "pair"):
            continue
        ok = isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)
        if not ok:
            raise sheet.error(row, "Value", f"must be [activity ID, [measure IDs]], got {value!r}")
        pairs[str(value[0])] = frozenset(str(m) for m in value[1])
    plan_ids = by_key.get(("plan", "activities"), (0, []))[1]

    scenario = _effort_edits(book, source, scenario, inventory)
    scenario = _roster_edits(book, source, scenario)
    return WorkbookScenario(
        scenario=scenario,
        inventory=inventory,
        pairings=pairs or None,
        plan_ids=tuple(str(i) for i in plan_ids) if isinstance(plan_ids, list) else (),
        notes=_notes(book, source, scenario.year),
    )
