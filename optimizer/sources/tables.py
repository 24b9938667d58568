"""Reading a table out of whatever the user hands us: an .xlsx workbook, a CSV
or a JSON list of records, given as bytes so that a path, a test's BytesIO and
a Streamlit upload all take the same road.

Every cell comes back as a stripped string with the row number the user sees
(the Excel row, the CSV line, the JSON record), so callers can name the row
and column of a bad value. The limits of ``read_limits`` are checked first (size,
an .xlsx's parts, UTF-8, JSON depth), then rows, columns and cell length; a header
named twice is refused.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO, TypeVar
from xml.etree.ElementTree import ParseError

from optimizer.errors import InputFileError, TableFormatError
from optimizer.model.values import BadValue
from optimizer.sources.read_limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    check_size,
    check_xlsx,
    decode_text,
    load_json,
)

HEADER_SEARCH_ROWS = 30
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def normalise_header(name: str) -> str:
    """'  Activity ID ' and 'activityId' and 'activity_id' all become 'activityid'."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table's header and rows, all cells as strings, with user-visible row numbers."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    row_label: str = "row"

    def find_column(self, aliases: Iterable[str]) -> int | None:
        """Index of the first column whose normalised name is one of ``aliases``."""
        wanted = {normalise_header(a) for a in aliases}
        for index, name in enumerate(self.columns):
            if normalise_header(name) in wanted:
                return index
        return None

    def need_column(self, aliases: Sequence[str]) -> int:
        """Like ``find_column``, but a missing column is an error naming the first alias."""
        index = self.find_column(aliases)
        if index is None:
            msg = f"{self.source}: the '{aliases[0]}' column is missing"
            raise TableFormatError(msg, source=self.source, column=aliases[0])
        return index

    def column_map(self, columns: Mapping[str, Iterable[str]]) -> dict[str, int]:
        """Key -> column index for every key (of key -> aliases) the table has."""
        found = {key: self.find_column(aliases) for key, aliases in columns.items()}
        return {key: index for key, index in found.items() if index is not None}

    def cells(self, columns: Mapping[str, int]) -> Iterator[Cells]:
        """Each data row as ``Cells`` named by ``columns`` (key -> column index)."""
        for number, values in self.rows:
            yield Cells(self, number, values, columns)

    def where(self, row: int, column: int | None = None) -> str:
        """'inventory.xlsx, row 7, column 'Effort'' for messages."""
        text = f"{self.source}, {self.row_label} {row}"
        if column is not None:
            text += f", column '{self.columns[column]}'"
        return text

    def error(self, row: int, column: int | None, problem: str) -> TableFormatError:
        name = None if column is None else self.columns[column]
        return TableFormatError(
            f"{self.where(row, column)}: {problem}", source=self.source, row=row, column=name
        )


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Cells:
    """One data row whose cells are named by key: the one helper every reader uses to
    read a value and to say which row and column a bad one is in."""

    table: RawTable
    number: int
    values: tuple[str, ...]
    columns: Mapping[str, int]

    def has(self, key: str) -> bool:
        return key in self.columns

    def get(self, key: str) -> str:
        index = self.columns.get(key)
        return "" if index is None or index >= len(self.values) else self.values[index].strip()

    def error(self, key: str | None, problem: str) -> TableFormatError:
        column = None if key is None else self.columns.get(key)
        return self.table.error(self.number, column, problem)

    def read(self, key: str, check: Callable[[str], T]) -> T | None:
        """The cell through ``check`` (None when empty); a ``BadValue`` names the cell."""
        text = self.get(key)
        if not text:
            return None
        try:
            return check(text)
        except BadValue as exc:
            raise self.error(key, str(exc)) from None

    @property
    def where(self) -> str:
        return self.table.where(self.number)


def table_from_grid(source: str, grid: Sequence[Sequence[Any]], row_label: str = "row") -> RawTable:
    """A table whose first row is the header (a workbook sheet, an editor's records);
    wholly empty rows are dropped, rows are numbered from 2 as in Excel."""
    text = [tuple(cell_text(v) for v in row) for row in grid]
    header = text[0] if text else ()
    width = len(header)
    body = tuple(
        (number, tuple((list(row) + [""] * width)[:width]))
        for number, row in enumerate(text[1:], start=2)
        if any(row)
    )
    return RawTable(source, header, body, row_label=row_label)


def table_from_records(source: str, records: Sequence[Mapping[str, Any]]) -> RawTable:
    """A table of an editor's rows (one mapping per row, numbered from 1 as on screen);
    blank rows are dropped."""
    columns: list[str] = []
    for record in records:
        columns += [str(k) for k in record if str(k) not in columns]
    rows = (
        (number, tuple(cell_text(record.get(c)) for c in columns))
        for number, record in enumerate(records, start=1)
    )
    return RawTable(source, tuple(columns), tuple((n, r) for n, r in rows if any(r)))


def read_bytes(fp: BinaryIO | bytes) -> bytes:
    if isinstance(fp, bytes | bytearray):
        return bytes(fp)
    data = fp.read(MAX_FILE_BYTES + 1)
    check_size(data, getattr(fp, "name", "the file"))
    return data


def cell_text(value: Any) -> str:
    """A cell as the user would read it: 10.0 -> '10', NaN -> '', dates as ISO."""
    if type(value) is str:  # most cells, every CSV one: tested first
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ",".join(cell_text(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return " ".join(str(value).split())


def detect_format(data: bytes, source: str) -> str:
    """'xlsx', 'csv' or 'json', by extension first and then by content."""
    suffix = source.lower().rsplit(".", 1)[-1] if "." in source else ""
    if data.startswith(_OLE_MAGIC):
        msg = (
            f"{source} is a password-protected workbook or an old .xls file: "
            "open it in Excel, remove any password and save it as .xlsx"
        )
        raise InputFileError(msg, source=source)
    if suffix in {"xlsx", "xlsm"} or data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if suffix == "xls":
        msg = f"{source} is an old .xls file: open it in Excel and save it as .xlsx"
        raise InputFileError(msg, source=source)
    if suffix == "json" or data.lstrip()[:1] in (b"[", b"{"):
        return "json"
    if b"\x00" in data[:4096]:
        msg = f"{source} is not a spreadsheet: expected an .xlsx workbook, a CSV or a JSON file"
        raise InputFileError(msg, source=source)
    return "csv"


def _grid_from_xlsx(data: bytes, source: str) -> list[tuple[str, list[list[str]]]]:
    check_xlsx(data, source)
    # Imported here: planning reads CSV only, and pandas would add about half a second
    # to the start of every process (each batch worker's among them).
    import pandas as pd

    try:
        sheets = pd.read_excel(io.BytesIO(data), header=None, dtype=object, sheet_name=None)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError) as exc:
        msg = f"{source} is not a readable .xlsx workbook (the file is damaged or incomplete)"
        raise InputFileError(msg, source=source) from exc
    return [
        (str(name), [[cell_text(v) for v in row] for row in frame.itertuples(index=False)])
        for name, frame in sheets.items()
    ]


def _grid_from_csv(data: bytes, source: str) -> list[list[str]]:
    text = decode_text(data, source)
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_ROWS + 1:
        msg = f"{source}: has {lines:,} lines; at most {MAX_ROWS:,} rows are read"
        raise InputFileError(msg, source=source)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[cell_text(c) for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        msg = f"{source} is not a readable CSV file: {exc}"
        raise InputFileError(msg, source=source) from exc


def _records_from_json(data: bytes, source: str) -> list[dict[str, Any]]:
    payload = load_json(data, source)
    if isinstance(payload, dict):
        lists = [v for v in payload.values() if isinstance(v, list)]
        payload = lists[0] if len(lists) == 1 else None
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        msg = f"{source} must hold a JSON list of records (objects), one per row"
        raise InputFileError(msg, source=source)
    if len(payload) > MAX_ROWS:
        msg = f"{source}: has {len(payload):,} records; at most {MAX_ROWS:,} are read"
        raise InputFileError(msg, source=source)
    return payload


def _check_table(table: RawTable) -> RawTable:
    """Refuse a table with too many rows or columns, a cell too long, or a header twice."""
    if len(table.rows) > MAX_ROWS:
        msg = f"{table.source}: has {len(table.rows):,} rows; at most {MAX_ROWS:,} are read"
        raise TableFormatError(msg, source=table.source)
    if len(table.columns) > MAX_COLUMNS:
        msg = f"{table.source}: has {len(table.columns):,} columns; at most {MAX_COLUMNS} are read"
        raise TableFormatError(msg, source=table.source)
    seen: dict[str, int] = {}
    for index, name in enumerate(table.columns):
        key = normalise_header(name)
        if key and key in seen:
            first = table.columns[seen[key]]
            problem = (
                f"the column {name!r} appears twice (also {first!r}, column {seen[key] + 1}): "
                "keep one, so it is clear which to read"
            )
            raise TableFormatError(f"{table.source}: {problem}", source=table.source, column=name)
        seen.setdefault(key, index)
    for number, row in table.rows:
        for index, cell in enumerate(row):
            if len(cell) > MAX_CELL_CHARS:
                problem = f"has {len(cell):,} characters; a cell holds at most {MAX_CELL_CHARS:,}"
                raise table.error(number, index, problem)
    return table


def _is_blank(row: Sequence[str]) -> bool:
    return not any(row)


def read_table(
    fp: BinaryIO | bytes,
    source: str,
    *,
    is_header: Callable[[Sequence[str]], bool],
    keep_record: Callable[[dict[str, Any]], bool] | None = None,
    what: str = "a header row",
) -> RawTable:
    """Read the first sheet (or CSV/JSON) that has a header row, as strings.

    ``is_header`` recognises the header among the first rows, so titles and notes
    above it are skipped; ``keep_record`` filters JSON records (e.g. category == 'ia').
    """
    data = read_bytes(fp)
    check_size(data, source)
    if not data.strip():
        msg = f"{source} is empty"
        raise InputFileError(msg, source=source)
    kind = detect_format(data, source)
    if kind == "json":
        records = _records_from_json(data, source)
        if keep_record is not None:
            numbered = [(i, r) for i, r in enumerate(records, 1) if keep_record(r)]
        else:
            numbered = list(enumerate(records, 1))
        if not numbered:
            msg = f"{source} holds no records"
            raise InputFileError(msg, source=source)
        columns: list[str] = []
        for _, record in numbered:
            columns += [k for k in record if k not in columns]
        if not is_header(columns):
            msg = f"{source}: no {what} among the record fields ({', '.join(columns[:8])})"
            raise TableFormatError(msg, source=source)
        rows = tuple((i, tuple(cell_text(r.get(c)) for c in columns)) for i, r in numbered)
        return _check_table(RawTable(source, tuple(columns), rows, row_label="record"))

    if kind == "xlsx":
        sheets = _grid_from_xlsx(data, source)
        label = "row"
    else:
        sheets = [("", _grid_from_csv(data, source))]
        label = "line"
    if all(_is_blank(r) for _, grid in sheets for r in grid):
        msg = f"{source} has no rows: the sheet is empty"
        raise InputFileError(msg, source=source)
    for sheet, grid in sheets:
        for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
            if is_header(row):
                where = f"{source} [{sheet}]" if sheet and len(sheets) > 1 else source
                width = max((i + 1 for i, c in enumerate(row) if c), default=0)
                header = tuple(c or f"column {i + 1}" for i, c in enumerate(row[:width]))
                body = tuple(
                    (n, tuple((list(r) + [""] * width)[:width]))
                    for n, r in enumerate(grid[index + 1 :], index + 2)
                    if not _is_blank(r)
                )
                return _check_table(RawTable(where, header, body, row_label=label))
    msg = f"{source}: no {what} in the first {HEADER_SEARCH_ROWS} rows"
    raise TableFormatError(msg, source=source)
