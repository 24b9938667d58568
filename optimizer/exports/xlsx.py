"""Writing cells and tables into openpyxl sheets the way a person expects:
text stays text (never a formula, whatever it starts with), dates are dates,
header rows are bold and frozen, columns are sized, long text wraps, and each
table is an Excel table with filters. The plan workbook and the batch workbook
both write through here: ``write_table`` into an ordinary sheet, ``tables_workbook``
the same cells as a whole workbook, fast (the batch's, many rows)."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
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


@dataclass(frozen=True, slots=True)
class SheetTable:
    """One sheet of ``tables_workbook``: its title, and its table's name, header and rows."""

    title: str
    table: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]


class _Styles:
    """The style index of each kind of data cell, registered in the workbook."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self._ws = ws
        self._ids: dict[tuple[bool, bool, bool], str] = {}

    def attribute(self, wrap: bool, quote: bool, dated: bool) -> str:
        """The cell's ``s="N"`` attribute ('' for the default style)."""
        key = (wrap, quote, dated)
        found = self._ids.get(key)
        if found is None:
            cell = WriteOnlyCell(self._ws)
            if wrap:
                cell.alignment = WRAPPED
            if quote:
                cell.quotePrefix = True
            if dated:
                cell.number_format = DATE_FORMAT
            found = self._ids[key] = f' s="{cell.style_id}"' if cell.has_style else ""
        return found


def _text_xml(text: str) -> str:
    """An inline string's ``<is>`` element, as openpyxl writes one."""
    space = ' xml:space="preserve"' if text.strip() and text != text.strip() else ""
    return f"<is><t{space}>{escape(text)}</t></is>"


def _cell_xml(where: str, value: Any, wrap: bool, styles: _Styles, sheet: str) -> str:
    """One cell's XML, as openpyxl writes the cell ``write_cell`` makes of ``value``."""
    if isinstance(value, bool):
        value = "Yes" if value else "No"
    if isinstance(value, str):
        text = _text(value, sheet, lambda: where)
        style = styles.attribute(wrap, text.startswith(FORMULA_STARTS), False)
        if not text:
            return f'<c r="{where}"{style} t="inlineStr"/>'
        return f'<c r="{where}"{style} t="inlineStr">{_text_xml(text)}</c>'
    if value is None:
        return f'<c r="{where}"{styles.attribute(True, False, False)} t="n"/>' if wrap else ""
    if isinstance(value, datetime | date):
        number = to_excel(value)
        style = styles.attribute(wrap, False, True)
    elif isinstance(value, int | float):
        number, style = value, styles.attribute(wrap, False, False)
    else:
        msg = f"sheet '{sheet}', cell {where}: cannot write a {type(value).__name__}"
        raise TypeError(msg)
    return f'<c r="{where}"{style} t="n"><v>{safe_string(number)}</v></c>'


def _rows_xml(table: SheetTable, wraps: Sequence[bool], styles: _Styles) -> str:
    """The rows under the header, as the ``<row>`` elements of the sheet's data."""
    letters = [get_column_letter(n) for n in range(1, len(table.headers) + 1)]
    out = []
    for number, values in enumerate(table.rows, start=2):
        cells = "".join(
            _cell_xml(f"{letter}{number}", value, wrap, styles, table.title)
            for letter, value, wrap in zip(letters, values, wraps, strict=True)
        )
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def tables_workbook(tables: Sequence[SheetTable]) -> bytes:
    """An .xlsx of one table per sheet, with the cells, styles, widths, frozen header
    and Excel table ``write_table`` gives, made fast for many rows: openpyxl writes
    the workbook with each sheet's header row, and each sheet's rows, made here as
    openpyxl writes them, go in under it (a cell object each costs ten times more)."""
    book = Workbook(write_only=True)
    sheets = [book.create_sheet(t.title) for t in tables]
    rows_xml = []
    # Every row first, so that a refused cell stops the workbook before openpyxl
    # has begun a sheet (a sheet begun and left unsaved raises when collected).
    for ws, table in zip(sheets, tables, strict=True):
        widths = _widths(table.headers, table.rows)
        wraps = [widest > MAX_WIDTH for widest in widths]
        rows_xml.append(_rows_xml(table, wraps, _Styles(ws)))
        for column, widest in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = min(widest, MAX_WIDTH)
    for ws, table in zip(sheets, tables, strict=True):
        ws.freeze_panes = "A2"
        header = []
        for value in table.headers:
            cell = WriteOnlyCell(ws)
            write_cell(cell, value)
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        _add_table(ws, table.table, table.headers, len(table.rows))
    made = io.BytesIO()
    book.save(made)
    made_rows = {ws.path.lstrip("/"): xml for ws, xml in zip(sheets, rows_xml, strict=True)}
    out = io.BytesIO()
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in made_rows:
                head, end, tail = data.decode("utf-8").partition("</sheetData>")
                if not end:  # openpyxl wrote the sheet in a shape this does not know
                    msg = f"no sheet data in {info.filename} to put the rows in"
                    raise RuntimeError(msg)
                data = (head + made_rows[info.filename] + end + tail).encode("utf-8")
            zf.writestr(info, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
