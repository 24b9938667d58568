"""A roadmap in Excel: the Roadmap sheet (one row per activity, one column per
year, 'new' or 'again' with the hours), a Roadmap years sheet (one row per year
and activity, with its dates and both efforts, for filters and pivots), and the
roadmap's assumptions and the changes CMS made between its years.

``add_roadmap_sheets`` adds them to any workbook; ``write_roadmap_workbook``
makes a workbook of them alone (``mips-ia roadmap --excel``, the app's download).
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from optimizer.exports.xlsx import write_table
from optimizer.planning.roadmap.result import GridCell, Roadmap
from optimizer.wording import START_BY

ROADMAP_SHEET = "Roadmap"
ROADMAP_YEARS_SHEET = "Roadmap years"
ASSUMPTIONS_SHEET = "Assumptions"
CHANGES_SHEET = "Changes"
YEAR_HEADERS = (
    "Year",
    "Activity ID",
    "Title",
    "Points",
    "Effort (h)",
    "Full effort (h)",
    "Continued",
    "Start",
    "End",
    START_BY,
)
CHANGE_HEADERS = ("From", "To", "Change", "Activity ID", "New ID", "Proposed replacement", "What")


def _cell(cell: GridCell | None) -> str:
    if cell is None:
        return ""
    return f"{'again' if cell.continued else 'new'}: {cell.effort:g} h"


def _grid_rows(roadmap: Roadmap) -> tuple[list[str], list[tuple[Any, ...]]]:
    years = [y.year for y in roadmap.years]
    headers = ["Activity ID", "Title", *(str(y) for y in years)]
    rows: list[tuple[Any, ...]] = [
        (row.label, row.title, *(_cell(row.cell(y)) for y in years)) for row in roadmap.grid()
    ]
    rows.append(("Status", "", *(y.status.label for y in roadmap.years)))
    rows.append(("Points", "", *(y.plan.points for y in roadmap.years)))
    rows.append(("Effort (h)", "", *(y.plan.total_effort for y in roadmap.years)))
    return headers, rows


def _year_rows(roadmap: Roadmap) -> list[tuple[Any, ...]]:
    rows = []
    for year in roadmap.years:
        windows = {w.activity: w for w in year.plan.schedule}
        full = dict(year.full_efforts)
        for a in year.plan.activities:
            window = windows.get(a.id)
            rows.append(
                (
                    year.year,
                    a.id,
                    a.title,
                    a.points,
                    a.effort,
                    full.get(a.id, a.effort),
                    "Yes" if a.id in year.continued else "No",
                    None if window is None else window.start,
                    None if window is None else window.end,
                    a.last_start,
                )
            )
    return rows


def add_roadmap_sheets(wb: Workbook, roadmap: Roadmap) -> None:
    """Add the Roadmap, Roadmap years, Assumptions and Changes sheets to ``wb``."""
    headers, rows = _grid_rows(roadmap)
    write_table(wb.create_sheet(ROADMAP_SHEET), "RoadmapTable", headers, rows)
    write_table(
        wb.create_sheet(ROADMAP_YEARS_SHEET), "RoadmapYearsTable", YEAR_HEADERS, _year_rows(roadmap)
    )
    notes = [(a,) for a in roadmap.assumptions]
    notes += [(f"{y.year}: {w}",) for y in roadmap.years for w in y.plan.warnings]
    notes += [(str(r),) for r in roadmap.reasons]
    write_table(wb.create_sheet(ASSUMPTIONS_SHEET), "AssumptionsTable", ("Note",), notes)
    changes = [
        (
            c.from_year,
            c.to_year,
            str(c.kind),
            c.activity_id,
            c.new_id or "",
            c.replacement or "",
            c.text,
        )
        for c in roadmap.changes
    ]
    write_table(wb.create_sheet(CHANGES_SHEET), "ChangesTable", CHANGE_HEADERS, changes)


def write_roadmap_workbook(roadmap: Roadmap) -> bytes:
    """A workbook of the roadmap's sheets alone, as .xlsx bytes."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    add_roadmap_sheets(wb, roadmap)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
