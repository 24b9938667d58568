"""How much of a file IA Planner will read, checked before anything parses it.

Every reader goes through here: a path must be a regular file (never a FIFO or a
device, which would hang or never end) no bigger than ``MAX_FILE_BYTES``; text is
UTF-8, with or without a byte-order mark; JSON is at most ``MAX_JSON_DEPTH`` deep,
with no NaN or Infinity and no key twice; an .xlsx is looked at member by member
before openpyxl or pandas sees it: unpacked size, compression ratio, no DTD (so no
entity bombs and no external entities), well-formed XML, sheet dimensions, and no
formula without a saved value. Each refusal is an ``InputFileError`` in words.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from optimizer.errors import InputFileError

MAX_FILE_BYTES = 20_000_000
"""A file to read, in bytes (a whole CMS inventory is about 0.1 MB)."""
MAX_UNPACKED_BYTES = 200_000_000
"""The members of an .xlsx added up, unpacked."""
MAX_RATIO = 200
"""Unpacked size over packed size of one .xlsx member (over 1 MB unpacked): real
sheets compress about 10 to 1, a zip bomb thousands to 1."""
MAX_ROWS = 100_000
"""Rows of a sheet, lines of a CSV, records of a JSON list."""
MAX_COLUMNS = 500
"""Columns of a sheet or a CSV (column SF)."""
MAX_CELL_CHARS = 32_767
"""Characters in one cell: Excel's own limit."""
MAX_JSON_DEPTH = 32
"""Nesting of JSON arrays and objects (a saved scenario is 4 deep)."""

_RATIO_FROM = 1_000_000
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([^\"]*)\"")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class LimitError(InputFileError):
    """A file refused before parsing; ``problem`` is the message without the file."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(_joined(source, problem), source=source)
        self.problem = problem


class JsonSyntaxError(LimitError):
    """Text that is not JSON at all (where a cell may hold JSON or plain text)."""


def _refuse(source: str, problem: str) -> LimitError:
    return LimitError(source, problem)


def _joined(source: str, problem: str) -> str:
    """'f.csv is 101 bytes ...' (a problem that reads on from the name) or 'f.csv: ...'."""
    return f"{source} {problem}" if problem.startswith("is ") else f"{source}: {problem}"


def check_regular_file(path: Path | str, max_bytes: int = MAX_FILE_BYTES) -> os.stat_result:
    """The file's stat, if it is a regular file of at most ``max_bytes``; a FIFO, a
    device, a folder or a missing file is refused without opening it."""
    try:
        info = os.stat(path)
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or exc}"
        raise InputFileError(msg, source=str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(str(path), "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(str(path), "is not a regular file (a pipe or a device): give a saved file")
    if info.st_size > max_bytes:
        problem = f"is {info.st_size:,} bytes; files over {max_bytes:,} bytes are not read"
        raise _refuse(str(path), problem)
    return info


def read_regular_file(path: Path | str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (checked before it is opened)."""
    check_regular_file(path, max_bytes)
    try:
        with open(path, "rb") as fp:
            data = fp.read(max_bytes + 1)
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or exc}"
        raise InputFileError(msg, source=str(path)) from None
    check_size(data, str(path), max_bytes)
    return data


def check_size(data: bytes, source: str, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse bytes (an upload, a read file) over ``max_bytes``."""
    if len(data) > max_bytes:
        raise _refuse(source, f"is over {max_bytes:,} bytes; larger files are not read")


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text, with or without a byte-order mark; any other encoding is refused
    with the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        problem = (
            f"line {line} is not UTF-8 text (byte 0x{byte}): save the file as UTF-8 "
            "(in Excel: CSV UTF-8)"
        )
        raise _refuse(source, problem) from None


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON text (strings skipped)."""
    depth = deepest = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _no_constant(name: str) -> Any:
    raise ValueError(name)


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def load_json(text: str | bytes, source: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """JSON text (or UTF-8 bytes) as data: at most ``max_depth`` deep, no NaN or
    Infinity, no key given twice in one object."""
    if isinstance(text, bytes | bytearray):
        check_size(bytes(text), source)
        text = decode_text(bytes(text), source)
    elif len(text) > MAX_FILE_BYTES:
        raise _refuse(source, f"is over {MAX_FILE_BYTES:,} characters; larger JSON is not read")
    depth = json_depth(text)
    if depth > max_depth:
        problem = f"JSON nested {depth:,} deep; at most {max_depth} levels are read"
        raise _refuse(source, problem)
    try:
        return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        problem = f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        raise JsonSyntaxError(source, problem) from None
    except _DuplicateKey as exc:
        raise _refuse(source, f"the JSON key {exc.args[0]!r} appears twice in one object") from None
    except ValueError as exc:
        problem = f"JSON holds {exc.args[0]}, which is not a number: write a number or null"
        raise _refuse(source, problem) from None


@dataclass(frozen=True, slots=True)
class SheetSize:
    """A sheet's name and the last row and column that hold a cell."""

    name: str
    rows: int
    columns: int


def _column_number(letters: str) -> int:
    """A column's number from its letters, as Excel counts (A 1, Z 26, AA 27). Not
    openpyxl's: importing it loads all of openpyxl in every process that reads a CSV."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    """A column's letters from its number (1 A, 27 AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell_position(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        return None
    return int(match.group(2)), _column_number(match.group(1))


def _sheet_names(parts: dict[str, bytes]) -> dict[str, str]:
    """Worksheet part name -> the sheet's name as Excel shows it."""
    if "xl/workbook.xml" not in parts or "xl/_rels/workbook.xml.rels" not in parts:
        return {}
    workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
    rels = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    names = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        names[str(PurePosixPath(part))] = sheet.get("name", part)
    return names


def _check_sheet(data: bytes, sheet: str, source: str, formulas: bool) -> SheetSize:
    where = f"{source}, sheet '{sheet}'"
    dimension = _DIMENSION.search(data[:4096])
    if dimension is not None:
        last = dimension.group(1).decode("ascii", "replace").split(":")[-1]
        position = _cell_position(last.replace("$", ""))
        if position is not None:
            _check_position(position, last, where, "spans to")
    rows = columns = 0
    for _, element in ElementTree.iterparse(io.BytesIO(data)):
        if element.tag == f"{_MAIN}row":
            number = element.get("r", "")
            if is_row_number(number) and int(number) > MAX_ROWS:
                _check_position((int(number), 1), f"row {number}", where, "has")
            element.clear()
            continue
        if element.tag != f"{_MAIN}c":
            continue
        ref = element.get("r", "")
        position = _cell_position(ref)
        if position is not None:
            _check_position(position, ref, where, "has a cell at")
            rows, columns = max(rows, position[0]), max(columns, position[1])
        formula = element.find(f"{_MAIN}f")
        value = element.find(f"{_MAIN}v")
        if not formulas and formula is not None and (value is None or value.text is None):
            problem = (
                f"cell {ref} holds a formula with no saved value: open the file in "
                "Excel and save it (or type the value in place of the formula)"
            )
            raise InputFileError(f"{where}: {problem}", source=source)
        element.clear()
    return SheetSize(sheet, rows, columns)


def is_row_number(text: str) -> bool:
    return 0 < len(text) <= 7 and text.isascii() and text.isdigit()


def _check_position(position: tuple[int, int], ref: str, where: str, verb: str) -> None:
    row, column = position
    if row > MAX_ROWS or column > MAX_COLUMNS:
        limit = f"{_column_letters(MAX_COLUMNS)}{MAX_ROWS}"
        problem = (
            f"{verb} {ref}, past the {MAX_ROWS:,} rows and {MAX_COLUMNS} columns "
            f"(to {limit}) read: delete the cells out there or copy the table to a new sheet"
        )
        raise InputFileError(f"{where}: {problem}", source=where.split(", sheet")[0])


def check_xlsx(data: bytes, source: str, *, formulas: bool = False) -> tuple[SheetSize, ...]:
    """Refuse an .xlsx that is too big unpacked, a zip bomb, damaged or hostile XML,
    a sheet past the row and column limits, or (unless ``formulas``: the reader takes
    a formula's text) a formula with no saved value; the size of each sheet otherwise."""
    check_size(data, source)
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        members = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        problem = "is not a readable .xlsx workbook (the file is damaged or incomplete)"
        raise _refuse(source, problem) from None
    with book:
        total = sum(m.file_size for m in members)
        if total > MAX_UNPACKED_BYTES:
            problem = (
                f"unpacks to {total:,} bytes; workbooks over {MAX_UNPACKED_BYTES:,} "
                "bytes unpacked are not read"
            )
            raise _refuse(source, problem)
        for member in members:
            packed = max(member.compress_size, 1)
            if member.file_size > _RATIO_FROM and member.file_size / packed > MAX_RATIO:
                problem = (
                    f"the part {member.filename} unpacks {member.file_size // packed:,} "
                    "times its size, as a zip bomb does; it is not read"
                )
                raise _refuse(source, problem)
        try:
            parts = {
                m.filename: book.read(m)
                for m in members
                if m.filename.endswith((".xml", ".rels", ".vml"))
            }
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            problem = "is not a readable .xlsx workbook (the file is damaged or incomplete)"
            raise _refuse(source, problem) from None
    for name, part in parts.items():
        if _DTD.search(part):
            problem = (
                f"the part {name} declares a DTD or entities, which no Excel workbook "
                "does; it is not read (save the file again from Excel)"
            )
            raise _refuse(source, problem)
    try:
        sheets = _sheet_names(parts)
        sizes = []
        for name, part in parts.items():
            if name in sheets:
                sizes.append(_check_sheet(part, sheets[name], source, formulas))
            else:
                ElementTree.fromstring(part)
    except ElementTree.ParseError as exc:
        problem = f"a part of the workbook is damaged XML ({exc}): save it again from Excel"
        raise _refuse(source, problem) from None
    return tuple(sizes)
