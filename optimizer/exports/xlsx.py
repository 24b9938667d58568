"""Writing cells and tables into openpyxl sheets the way a person expects:
text stays text (never a formula, whatever it starts with), dates are dates,
header rows are bold and frozen, columns are sized, long text wraps, and each
table is an Excel table with filters. The plan workbook and the batch workbook
both write through here: ``write_table`` into an ordinary sheet, ``stream_table``
the same cells into a write-only one (the batch's, many rows, written as they go)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from optimizer.errors import DataError
from optimizer.sources.read_limits import MAX_CELL_CHARS

FORMULA_STARTS = ("=", "+", "-", "@")
"""Text starting with one of these would be a formula if written as-is."""
MAX_WIDTH = 50
"""A column holding wider values is this wide, and they wrap."""
WRAPPED = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


class CellTooLong(DataError):
    """Text longer than an Excel cell holds, which Excel would cut on opening."""


def _text(value: str, sheet: str, coordinate: Callable[[], str]) -> str:
    """``value`` without the characters Excel refuses; text over Excel's 32,767
    characters per cell is refused (Excel would cut it)."""
    text: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > MAX_CELL_CHARS:
        msg = (
            f"sheet '{sheet}', cell {coordinate()}: {len(text):,} characters, more "
            f"than the {MAX_CELL_CHARS:,} an Excel cell holds: shorten the text"
        )
        raise CellTooLong(msg)
    return text


def write_cell(cell: Cell, value: Any) -> None:
    """Write one value: text as text (never a formula), dates as dates; text over
    Excel's 32,767 characters per cell is refused (Excel would cut it)."""
    if isinstance(value, str):
        text = _text(value, cell.parent.title, lambda: cell.coordinate)
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


def _widths(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Each column's width for its widest value (MAX_WIDTH or more: it wraps)."""
    return [
        max([len(header) + 4, *(cell_width(r[column]) + 2 for r in rows)])
        for column, header in enumerate(headers)
    ]


def _add_table(
    ws: Worksheet | WriteOnlyWorksheet, name: str, headers: Sequence[str], rows: int
) -> None:
    """The rows under ``headers`` as an Excel table with filters, named ``name``."""
    # An Excel table needs one row under its header, even an empty one.
    ref = f"A1:{get_column_letter(len(headers))}{max(2, rows + 1)}"
    table = Table(displayName=name, ref=ref, autoFilter=AutoFilter(ref=ref))
    # Named here, not read back from the header cells: a write-only sheet keeps none.
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, start=1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        # openpyxl warns a write-only sheet's table of columns to name: they are named.
        warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
        ws.add_table(table)


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
    for column, widest in enumerate(_widths(headers, rows), start=1):
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = min(widest, MAX_WIDTH)
        if widest > MAX_WIDTH:
            for row_number in range(2, len(rows) + 2):
                ws.cell(row=row_number, column=column).alignment = WRAPPED
    _add_table(ws, table_name, headers, len(rows))


@contextmanager
def write_only_book() -> Iterator[Workbook]:
    """A write-only workbook for ``stream_table``; if writing fails, its sheets are
    closed on the way out (a half-written one would raise when collected)."""
    book = Workbook(write_only=True)
    try:
        yield book
    except BaseException:
        for sheet in book.worksheets:
            if not sheet.closed:
                sheet.close()
        raise


def _streamed(ws: WriteOnlyWorksheet, value: Any, wrap: bool, row: int, column: int) -> Any:
    """What ``stream_table`` appends for one value: the value itself where Excel reads
    it as ``write_cell`` writes it, else a cell written by ``write_cell``."""
    if not wrap:
        if isinstance(value, str):
            text = _text(value, ws.title, lambda: f"{get_column_letter(column)}{row}")
            # Anything else openpyxl would read as a formula or an error value.
            if not text.startswith(FORMULA_STARTS) and text not in ERROR_CODES:
                return text
        elif value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            return value
    cell = WriteOnlyCell(ws)
    cell.row, cell.column = row, column  # where a refusal says the cell is
    write_cell(cell, value)
    if wrap:
        cell.alignment = WRAPPED
    return cell


def stream_table(
    ws: WriteOnlyWorksheet,
    table_name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> None:
    """``write_table``'s cells, widths, frozen header and table, into a write-only
    sheet (which writes each row as it is appended, far faster for many rows)."""
    rows = list(rows)
    widths = _widths(headers, rows)
    for column, widest in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(widest, MAX_WIDTH)
    ws.freeze_panes = "A2"
    header = []
    for value in headers:
        cell = WriteOnlyCell(ws)
        write_cell(cell, value)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    wraps = [widest > MAX_WIDTH for widest in widths]
    for row, values in enumerate(rows, start=2):
        ws.append(
            [
                _streamed(ws, value, wrap, row, column)
                for column, (value, wrap) in enumerate(zip(values, wraps, strict=True), start=1)
            ]
        )
    _add_table(ws, table_name, headers, len(rows))
