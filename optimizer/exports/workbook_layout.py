"""The shape of the plan workbook: its sheets, their headers and the values that
travel between the writer (``workbook_write``) and the reader (``workbook_read``).

Sheets: Plan (each activity's window from the plan's schedule, who carries it
out, and empty Owner and Evidence kept columns to fill in), Summary, What-if,
Activities, History, and a hidden ``IA Planner data`` sheet holding the scenario
as plain data (plus the inventory and pairings when they are not the bundled
ones). A group scenario with a roster adds a Roster sheet, one row per
clinician; notes of activities not in the plan go to an Earlier notes sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from optimizer.model import Clinician, Inventory, Pairings, Scenario
from optimizer.planning.whatif import WHAT_IF_COLUMNS
from optimizer.rules.year_rules import YearRules
from optimizer.sources.roster import HEADER as ROSTER_FIXED_HEADERS
from optimizer.sources.roster import STATUS_HEADERS, roster_records
from optimizer.wording import (
    ACTIVITY_ID,
    CLINICIAN_EFFORT,
    CLINICIANS_NEEDED,
    EFFORT,
    END,
    EVIDENCE_TO_KEEP,
    PAIRED,
    POINTS,
    PRACTICE_EFFORT,
    START,
    START_BY,
    SUBCATEGORY,
    TITLE,
    WEIGHT,
    WHAT_TO_DO,
)

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
    ACTIVITY_ID,
    TITLE,
    SUBCATEGORY,
    WEIGHT,
    POINTS,
    EFFORT,
    PRACTICE_EFFORT,
    CLINICIAN_EFFORT,
    PAIRED,
    CLINICIANS_NEEDED,
    "Clinicians",
    START,
    END,
    START_BY,
    WHAT_TO_DO,
    EVIDENCE_TO_KEEP,
    OWNER,
    EVIDENCE,
)
SUMMARY_HEADERS = ("Item", "Value")
WHAT_IF_HEADERS = WHAT_IF_COLUMNS
ACTIVITY_HEADERS = (
    ACTIVITY_ID,
    TITLE,
    SUBCATEGORY,
    WEIGHT,
    POINTS,
    EFFORT,
    PRACTICE_EFFORT,
    "Per clinician (h)",
    "Effort source",
    PAIRED,
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
CONTINUED = "(continued)"
"""The Key of a data-sheet row whose Value goes on the row above's: a value longer than
a cell holds (32,767 characters) is written over as many rows as it needs."""


def documentation_reminder(rules: YearRules) -> str:
    """How long to keep an activity's documentation: what CMS may ask for, and what
    it encourages (CMS MIPS data validation fact sheet)."""
    return (
        "Keep the documentation of every activity (what was done, when and by whom): "
        f"CMS may ask for it for {rules.records_kept_years} years after submitting and "
        f"encourages keeping it for {rules.records_encouraged_years}"
    )


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
    plan_starts: tuple[tuple[str, date], ...] = ()
    """The first day of each planned activity's window, from the Plan sheet."""

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


_CAP = "Max activities"
_ROSTER_TEXT = (set(ROSTER_HEADERS) | set(STATUS_HEADERS.values())) - {_CAP}


def _roster_cell(header: str, text: str) -> str | int | float:
    """A roster record's cell for Excel: the cap a whole number, hours a number."""
    if not text or header in _ROSTER_TEXT:
        return text
    return int(text) if header == _CAP else float(text)


def roster_sheet(roster: Sequence[Clinician]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The roster's header and rows (``roster_records``'s columns), numbers as numbers."""
    records = roster_records(roster)
    headers = list(records[0]) if records else list(ROSTER_HEADERS)
    rows = [tuple(_roster_cell(h, r[h]) for h in headers) for r in records]
    return headers, rows
