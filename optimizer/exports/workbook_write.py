"""The plan as an Excel workbook a practice manager can work in (the sheets are
laid out in ``workbook_layout``).

Passed the workbook exported before as ``previous``, no note is lost: a note of
an activity in the new plan (of the same year) goes beside it on the Plan sheet,
every other one to the Earlier notes sheet, from where it moves back if the
activity is planned again. Every text cell is written as text: a title or note
starting with ``=``, ``+``, ``-`` or ``@`` is never a formula.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import openpyxl

from optimizer.errors import PlannerError, ScenarioError
from optimizer.exports.scenario_json import inventory_to_dicts, scenario_to_dict
from optimizer.exports.workbook_layout import (
    ACTIVITIES_SHEET,
    ACTIVITY_HEADERS,
    CONTINUED,
    DATA_HEADERS,
    DATA_SHEET,
    EARLIER_NOTES_HEADERS,
    EARLIER_NOTES_SHEET,
    FORMAT_NAME,
    FORMAT_VERSION,
    HISTORY_HEADERS,
    HISTORY_SHEET,
    PLAN_HEADERS,
    PLAN_SHEET,
    ROSTER_SHEET,
    SUMMARY_HEADERS,
    SUMMARY_SHEET,
    WHAT_IF_HEADERS,
    WHAT_IF_SHEET,
    PlanNote,
    documentation_reminder,
    roster_sheet,
)
from optimizer.exports.workbook_read import read_workbook
from optimizer.exports.xlsx import write_table
from optimizer.model import Clinician, Inventory, Pairings, Plan, Scenario
from optimizer.planning.resolve import default_inventory, resolve_year
from optimizer.planning.whatif import WhatIf
from optimizer.planning.year_ahead import data_year
from optimizer.rules.context import YearContext
from optimizer.rules.effort import resolve_effort
from optimizer.rules.eligibility import activity_pairs
from optimizer.rules.group_rule import clinicians_needed, group_rule_text, participants
from optimizer.sources.bundled import BUNDLED_SOURCE, bundled_pairings
from optimizer.sources.read_limits import MAX_CELL_CHARS
from optimizer.wording import plural


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
    plan: Plan, scenario: Scenario, notes: Mapping[str, PlanNote]
) -> list[tuple[Any, ...]]:
    windows = {w.activity: w for w in plan.schedule}
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
                a.practice_effort,
                a.clinician_effort,
                ", ".join(a.paired_measures),
                a.clinicians_needed,
                who.get(a.id, ""),
                None if window is None else window.start,
                None if window is None else window.end,
                a.last_start,
                a.what_to_do,
                a.evidence_to_keep,
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


def _summary_rows(plan: Plan, scenario: Scenario, context: YearContext) -> list[tuple[str, Any]]:
    opens, closes = plan.submission_window
    days = context.rules.period_days
    rows: list[tuple[str, Any]] = [
        ("Performance year", plan.year),
        ("Plan status", plan.status.label),
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
        ("Why this weight", plan.score.weight_basis or "the year's weight, all categories scored"),
        ("Contribution to the final score (points)", plan.final_score_points),
        ("Total effort (h)", plan.total_effort),
        (f"Last start of a {days}-day period", plan.last_start),
        ("Submission window opens", opens),
        ("Submission window closes", closes),
        ("Documentation", documentation_reminder(context.rules)),
    ]
    rows[4:4] = _group_and_schedule_rows(scenario, context)
    if plan.provisional:
        rows.insert(2, ("Provisional", plan.provisional_note))
    rows += [("Note", message) for message in plan.messages]
    return rows


def _group_and_schedule_rows(scenario: Scenario, context: YearContext) -> list[tuple[str, Any]]:
    """The group rule, the roster's limits and the schedule's, when they apply."""
    rows: list[tuple[str, Any]] = []
    if scenario.is_group or scenario.group_size is not None:  # an APM Entity too
        size = scenario.group_size
        rule = f"{group_rule_text(context.rules)} must carry out each activity"
        if size is not None:
            rule += f": {clinicians_needed(context.rules, size)} of {size}"
        rows.append(("Group rule", rule))
        if scenario.roster:
            rows.append(("Clinicians on the roster", len(scenario.roster)))
    if scenario.max_per_clinician is not None:
        rows.append(("Most activities per clinician", scenario.max_per_clinician))
    if scenario.start_date is not None:
        rows.append(("Activities start on or after", scenario.start_date))
    if scenario.max_concurrent is not None:
        rows.append(("Most activities at once", scenario.max_concurrent))
    return rows


def _activity_rows(plan: Plan, scenario: Scenario, context: YearContext) -> list[tuple[Any, ...]]:
    rules = context.rules
    taking_part = participants(rules, scenario)
    excluded = {e.id: e.reason for e in plan.excluded}
    chosen = set(plan.activity_ids)
    rows = []
    for activity in context.inventory.activities:
        effort = resolve_effort(activity, scenario, context.estimates, context.default_effort)
        pairs = sorted(activity_pairs(activity, context.pairings, context.mvp))
        reason = excluded.get(activity.id, "")
        rows.append(
            (
                activity.id,
                activity.title,
                activity.subcategory,
                "" if activity.weight is None else str(activity.weight).capitalize(),
                rules.activity_points_for(activity, scenario),
                effort.total(taking_part),
                effort.practice,
                effort.per_clinician,
                effort.reason,
                ", ".join(pairs),
                _yes_no(not reason),
                _yes_no(activity.id in chosen),
                reason,
            )
        )
    return rows


def _is_bundled(inventory: Inventory) -> bool:
    if inventory.source != BUNDLED_SOURCE:
        return False
    try:
        return inventory == default_inventory(inventory.year)
    except PlannerError:
        return False


def _data_rows(
    plan: Plan, scenario: Scenario, inventory: Inventory, pairings: Pairings | None
) -> list[tuple[str, str, str]]:
    def row(section: str, key: str, value: Any) -> tuple[str, str, str]:
        return (section, key, json.dumps(value))

    def split(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """Each value longer than a cell holds over continuation rows."""
        out = []
        for section, key, text in rows:
            parts = [text[i : i + MAX_CELL_CHARS] for i in range(0, len(text), MAX_CELL_CHARS)]
            out.append((section, key, parts[0] if parts else text))
            out += [(section, CONTINUED, part) for part in parts[1:]]
        return out

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
    if pairings is not None and pairings != bundled_pairings(data_year(plan.year)):
        rows += [
            row("pairings", "pair", [activity_id, sorted(measures)])
            for activity_id, measures in sorted(pairings.items())
        ]
    return split(rows)


def write_workbook(
    plan: Plan,
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    pairings: Pairings | None = None,
    what_if: Sequence[WhatIf],
    previous: bytes | None = None,
    context: YearContext | None = None,
) -> bytes:
    """The plan as an .xlsx file (bytes).

    ``what_if`` are the rows of the what-if table, as planned (``what_if_table``):
    the workbook writes what was planned and plans nothing itself; ``context`` is
    the year already resolved for the plan (resolved here when not given);
    ``previous`` is a workbook
    exported earlier, whose Owner / Evidence kept entries all carry over: beside
    the activities still in the plan of the same year, on the Earlier notes
    sheet otherwise; ``pairings`` defaults to the bundled table (custom ones are
    stored so the plan can be rebuilt).
    """
    if plan.year != scenario.year:
        msg = f"The plan is for {plan.year} but the scenario is for {scenario.year}"
        raise ScenarioError(msg)
    if context is None:
        context = resolve_year(scenario, inventory, pairings)
    notes: tuple[PlanNote, ...] = ()
    if previous is not None:
        notes = read_workbook(previous, "the previous workbook").notes
    beside, earlier = _place_notes(plan, notes)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = PLAN_SHEET
    write_table(ws, "PlanTable", PLAN_HEADERS, _plan_rows(plan, scenario, beside))
    summary = _summary_rows(plan, scenario, context)
    if earlier:
        count = plural(len(earlier), "row")
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
        _activity_rows(plan, scenario, context),
    )
    history = [(a.activity_id, a.year, "attested") for a in scenario.history]
    history += [(i, plan.year, "this plan") for i in plan.activity_ids]
    write_table(wb.create_sheet(HISTORY_SHEET), "HistoryTable", HISTORY_HEADERS, history)
    if scenario.roster:
        headers, rows = roster_sheet(scenario.roster)
        write_table(wb.create_sheet(ROSTER_SHEET), "RosterTable", headers, rows)
    if earlier:
        write_table(
            wb.create_sheet(EARLIER_NOTES_SHEET),
            "EarlierNotesTable",
            EARLIER_NOTES_HEADERS,
            _earlier_rows(plan, earlier),
        )
    data = wb.create_sheet(DATA_SHEET)
    rows = _data_rows(plan, scenario, context.inventory, pairings)
    write_table(data, "PlannerData", DATA_HEADERS, rows)
    data.sheet_state = "hidden"

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
