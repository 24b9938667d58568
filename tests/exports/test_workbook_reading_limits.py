"""The workbook re-opens what it wrote: values longer than a cell, notes with line
breaks; notes it cannot place and text Excel would cut are refused in words."""

from __future__ import annotations

import io

import openpyxl
import pytest

from optimizer import plan
from optimizer.errors import DataError, TableFormatError
from optimizer.exports.workbook_read import read_workbook
from optimizer.exports.workbook_write import write_workbook
from optimizer.model import Scenario
from tests.conftest import make_inventory


def _export(scenario: Scenario, inventory=None) -> bytes:
    return write_workbook(plan(scenario, inventory), scenario, inventory, what_if=())


def _edited(data: bytes, edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    edit(book["Plan"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column(ws, header: str) -> int:
    return [c.value for c in ws[1]].index(header) + 1


def test_a_description_longer_than_a_cell_comes_back_whole() -> None:
    """An inventory whose activity description is 40,000 characters is written over
    continuation rows of the data sheet and read back whole (Excel would cut a cell)."""
    description = "Keep the registry current. " * 1500
    inventory = make_inventory(2021, ("IA_PM_4", "high", 1.0), IA_PM_4={"description": description})
    scenario = Scenario(year=2021)
    restored = read_workbook(_export(scenario, inventory))
    assert description == restored.inventory.get("IA_PM_4").description


def test_text_excel_would_cut_is_refused_in_words() -> None:
    """A title longer than 32,767 characters, shown in the Activities sheet, is refused
    (Excel would cut it, and the workbook would not re-open as written)."""
    inventory = make_inventory(2021, ("IA_PM_4", "high", 1.0), IA_PM_4={"title": "t" * 40_000})
    with pytest.raises(DataError) as caught:
        _export(Scenario(year=2021), inventory)
    expected = (
        "sheet 'Activities', cell B2: 40,000 characters, more than the 32,767 an Excel cell "
        "holds: shorten the text"
    )
    assert expected == str(caught.value)


def test_a_note_keeps_its_line_breaks() -> None:
    """An Evidence kept note over two lines comes back as two lines."""
    data = _export(Scenario(year=2025))

    def edit(ws):
        ws.cell(row=2, column=_column(ws, "Evidence kept")).value = "binder 3\nshelf B"

    edited = _edited(data, edit)
    activity_id = openpyxl.load_workbook(io.BytesIO(edited))["Plan"].cell(row=2, column=1).value
    assert "binder 3\nshelf B" == read_workbook(edited).note_for(activity_id).evidence


def test_a_note_on_a_row_without_an_activity_id_is_refused() -> None:
    """An Owner typed on a row whose activity ID was cleared is refused, not dropped."""
    data = _export(Scenario(year=2025))

    def edit(ws):
        ws.cell(row=2, column=1).value = None
        ws.cell(row=2, column=_column(ws, "Owner")).value = "Dr Lee"

    with pytest.raises(TableFormatError) as caught:
        read_workbook(_edited(data, edit), "plan.xlsx")
    expected = (
        "plan.xlsx, sheet 'Plan', row 2, column 'Activity ID': has an Owner or Evidence "
        "note but no activity ID: add the ID"
    )
    assert expected == str(caught.value)


def test_a_second_note_on_the_same_activity_is_refused() -> None:
    """Two rows of one activity with notes are refused, not one of them dropped."""
    data = _export(Scenario(year=2025))

    def edit(ws):
        first = ws.cell(row=2, column=1).value
        ws.cell(row=3, column=1).value = first
        ws.cell(row=2, column=_column(ws, "Owner")).value = "Dr Lee"
        ws.cell(row=3, column=_column(ws, "Owner")).value = "Dr Kim"

    edited = _edited(data, edit)
    first = openpyxl.load_workbook(io.BytesIO(edited))["Plan"].cell(row=2, column=1).value
    with pytest.raises(TableFormatError) as caught:
        read_workbook(edited, "plan.xlsx")
    expected = (
        f"plan.xlsx, sheet 'Plan', row 3, column 'Activity ID': {first} has a second note "
        "for 2025 (first on row 2): keep one row per activity, joining the notes"
    )
    assert expected == str(caught.value)
