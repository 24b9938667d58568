"""The roadmap in Excel: a year-by-activity sheet, a row per year and activity,
the assumptions and CMS's changes."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl

from conftest import make_inventory
from optimizer import Scenario
from optimizer.exports.roadmap_sheet import add_roadmap_sheets, write_roadmap_workbook
from optimizer.planning.roadmap.build import roadmap


def small_roadmap():
    inventories = {
        y: make_inventory(y, ("IA_T_1", None, 10), ("IA_T_2", None, 12), ("IA_T_3", None, 30))
        for y in (2025, 2026)
    }
    return roadmap(Scenario(year=2025), 2026, inventories=inventories)


def rows(ws):
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_roadmap_sheet_is_a_year_by_activity_grid():
    """One row per activity: 'new' with its full hours, then 'again' at half."""
    wb = openpyxl.load_workbook(io.BytesIO(write_roadmap_workbook(small_roadmap())))

    assert [
        ("Activity ID", "Title", "2025", "2026"),
        ("IA_T_1", "Activity IA_T_1", "new: 10 h", "again: 5 h"),
        ("IA_T_2", "Activity IA_T_2", "new: 12 h", "again: 6 h"),
        ("Status", None, "Lowest-effort plan", "Lowest-effort plan"),
        ("Points", None, 40, 40),
        ("Effort (h)", None, 22, 11),
    ] == rows(wb["Roadmap"])


def test_roadmap_years_sheet_has_both_efforts_and_dates():
    """A continued activity shows the effort counted, its full effort and its window."""
    wb = openpyxl.load_workbook(io.BytesIO(write_roadmap_workbook(small_roadmap())))
    last = rows(wb["Roadmap years"])[-1]

    assert (2026, "IA_T_2", "Activity IA_T_2", 20, 6, 12, "Yes") == last[:7]
    assert isinstance(last[7], datetime)


def test_changes_and_assumptions_sheets():
    """The assumptions come first; the changes name the re-ID of IA_AHE_1 (2025 to 2026)."""
    wb = openpyxl.load_workbook(
        io.BytesIO(write_roadmap_workbook(roadmap(Scenario(year=2026), 2026)))
    )
    changes = rows(wb["Changes"])

    assert ("Note",) == rows(wb["Assumptions"])[0]
    assert (2025, 2026, "new_id", "IA_AHE_1", "IA_EPA_7") in [c[:5] for c in changes]


def test_sheets_can_join_another_workbook():
    """add_roadmap_sheets adds the four sheets to a workbook that has its own."""
    wb = openpyxl.Workbook()
    wb.active.title = "Plan"

    add_roadmap_sheets(wb, small_roadmap())

    assert ["Plan", "Roadmap", "Roadmap years", "Assumptions", "Changes"] == wb.sheetnames
