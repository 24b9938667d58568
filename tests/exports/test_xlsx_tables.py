"""The batch workbook's fast tables (``tables_workbook``) hold exactly the cells,
styles, widths, frozen header and table that ``write_table`` writes."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from optimizer.exports.xlsx import CellTooLong, SheetTable, tables_workbook, write_table

HEADERS = ("Row", "Practice", "Effort (h)", "Messages", "When", "Flag")
ROWS = [
    (2, "Small clinic", 0.1 + 0.2, None, date(2025, 3, 3), True),
    (3, '=HYPERLINK("http://example.invalid")', 12, "short", None, False),
    (
        4,
        "#N/A",
        -1.5,
        "a message long enough to be wrapped, over fifty characters\nand a second line",
        None,
        None,
    ),
    (5, "  spaces kept  ", None, "-starts like a formula", None, None),
    (6, "bell\x07 & <tags>", 10**15 + 0.5, "@also", None, None),
    (7, "+plus", 0, "", None, None),
]


def standard(rows: list[tuple[object, ...]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Summary"
    write_table(sheet, "PracticeSummary", HEADERS, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def streamed(rows: list[tuple[object, ...]]) -> bytes:
    return tables_workbook([SheetTable("Summary", "PracticeSummary", HEADERS, rows)])


def looks(data: bytes) -> dict[str, object]:
    """Everything a person or a program reading the sheet sees of it."""
    sheet = load_workbook(io.BytesIO(data))["Summary"]
    cells = [
        (
            c.coordinate,
            c.value,
            c.data_type,
            c.font.b,
            c.alignment.wrap_text,
            c.alignment.vertical,
            c.quotePrefix,
            c.number_format,
        )
        for row in sheet.iter_rows()
        for c in row
    ]
    tables = [
        (
            t.displayName,
            t.ref,
            t.autoFilter.ref if t.autoFilter else None,
            t.tableStyleInfo.name,
            t.tableStyleInfo.showRowStripes,
            [c.name for c in t.tableColumns],
        )
        for t in sheet.tables.values()
    ]
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    return {"cells": cells, "tables": tables, "widths": widths, "frozen": sheet.freeze_panes}


@pytest.mark.parametrize("rows", [ROWS, []], ids=["rows", "no rows"])
def test_streamed_table_looks_like_the_standard_one(rows):
    """Values, types, bold header, wrapping, quote prefixes, dates, widths, the frozen
    header and the table with its filters: all the same."""
    assert looks(standard(rows)) == looks(streamed(rows))


def test_too_long_text_is_refused_in_the_same_words():
    """A cell over Excel's limit names its sheet and cell either way."""
    rows = [(2, "x" * 40_000, 1, None, None, None)]

    with pytest.raises(CellTooLong) as one:
        standard(rows)
    with pytest.raises(CellTooLong) as other:
        streamed(rows)

    assert str(one.value) == str(other.value)
    assert str(other.value).startswith("sheet 'Summary', cell B2: 40,000 characters")
