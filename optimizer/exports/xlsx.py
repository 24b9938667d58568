"""Writing cells and tables into openpyxl sheets the way a person expects:
text stays text (never a formula, whatever it starts with), dates are dates,
header rows are bold and frozen, columns are sized, long text wraps, and each
table is an Excel table with filters. The plan workbook and the batch workbook
both write through here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from optimizer.errors import DataError
from optimizer.sources.read_limits import MAX_CELL_CHARS

FORMULA_STARTS = ("=", "+", "-", "@")
"""Text starting with one of these would be a formula if written as-is."""
MAX_WIDTH = 50
DATE_FORMAT = "yyyy-mm-dd"


class CellTooLong(DataError):
    """Text longer than an Excel cell holds, which Excel would cut on opening."""


def write_cell(cell: Cell, value: Any) -> None:
    """Write one value: text as text (never a formula), dates as dates; text over
    Excel's 32,767 characters per cell is refused (Excel would cut it)."""
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(text) > MAX_CELL_CHARS:
            sheet = cell.parent.title
            msg = (
                f"sheet '{sheet}', cell {cell.coordinate}: {len(text):,} characters, more "
                f"than the {MAX_CELL_CHARS:,} an Excel cell holds: shorten the text"
            )
            raise CellTooLong(msg)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, bool):
        write_cell(cell, "Yes" if value else "No")
    elif isinstance(value, datetime | date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value


def cell_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:g}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_table(
    ws: Worksheet, table_name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """A header row (bold, frozen) over the rows, as an Excel table with filters."""
    rows = list(rows)
    for column, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=column)
        write_cell(cell, header)
        cell.font = Font(bold=True)
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            write_cell(ws.cell(row=row_number, column=column), value)
    ws.freeze_panes = "A2"
    for column, header in enumerate(headers, start=1):
        widest = max([len(header) + 4, *(cell_width(r[column - 1]) + 2 for r in rows)])
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = min(widest, MAX_WIDTH)
        if widest > MAX_WIDTH:
            for row_number in range(2, len(rows) + 2):
                ws.cell(row=row_number, column=column).alignment = Alignment(
                    wrap_text=True, vertical="top"
                )
    last = get_column_letter(len(headers))
    # An Excel table needs one row under its header, even an empty one.
    table = Table(displayName=table_name, ref=f"A1:{last}{max(2, len(rows) + 1)}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
