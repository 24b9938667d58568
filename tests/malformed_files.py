"""Malformed files made in code, for the reader tests, the fuzz test and the probe
(tests/probe_readers.py): broken zips, bad XML, huge dimensions, deep JSON, odd
encodings and odd digits. Each maker returns the file's bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx(rows: list[list[object]], title: str = "Sheet1") -> bytes:
    """A plain workbook of one sheet holding ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replace_part(data: bytes, name: str, content: bytes, *, stored: bool = False) -> bytes:
    """The workbook ``data`` with its part ``name`` replaced (or added)."""
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", method) as dst:
        for member in src.infolist():
            if member.filename != name:
                dst.writestr(member.filename, src.read(member))
        dst.writestr(name, content)
    return out.getvalue()


def sheet_xml(cells: str, dimension: str = "A1") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>'
    ).encode()


HEADER = [["Activity ID", "Effort"], ["IA_EPA_1", 2]]


def broken_xml() -> bytes:
    return replace_part(xlsx(HEADER), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>")


def billion_laughs() -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&l9;</t></is></c></row></sheetData></worksheet>"
    )
    return replace_part(xlsx(HEADER), "xl/worksheets/sheet1.xml", xml.encode())


def external_entity() -> bytes:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&x;</t></is></c></row></sheetData></worksheet>"
    )
    return replace_part(xlsx(HEADER), "xl/worksheets/sheet1.xml", xml.encode())


def far_cell() -> bytes:
    """One cell at XFD1048576, the last cell Excel has (pandas fills the grid up to it)."""
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>Activity ID</t></is></c></row>'
    cells += '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return replace_part(xlsx(HEADER), "xl/worksheets/sheet1.xml", sheet_xml(cells, "A1:XFD1048576"))


HEADER_CELLS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Activity ID</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Effort</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>IA_EPA_1</t></is></c><c r="B2"><v>2</v></c></row>'
)
"""The cells of ``HEADER`` as sheet XML."""


def far_dimension() -> bytes:
    """A sheet that says it spans to XFD1048576 and holds four cells."""
    cells = HEADER_CELLS
    return replace_part(xlsx(HEADER), "xl/worksheets/sheet1.xml", sheet_xml(cells, "A1:XFD1048576"))


def zip_bomb(megabytes: int = 5) -> bytes:
    """A sheet of ``megabytes`` MB of spaces, deflated to a few dozen KB."""
    padding = b" " * (megabytes * 1_000_000)
    xml = sheet_xml(HEADER_CELLS, "A1:B2").replace(b"<sheetData>", padding + b"<sheetData>")
    return replace_part(xlsx(HEADER), "xl/worksheets/sheet1.xml", xml)


def formula_without_value() -> bytes:
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Activity ID</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Effort</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>IA_EPA_1</t></is></c>'
        '<c r="B2"><f>1+1</f></c></row>'
    )
    return replace_part(xlsx(HEADER), "xl/worksheets/sheet1.xml", sheet_xml(cells, "A1:B2"))


def truncated_zip() -> bytes:
    data = xlsx(HEADER)
    return data[: len(data) // 2]


def not_a_zip() -> bytes:
    return b"PK\x03\x04" + b"\x00" * 200


def deep_json(depth: int = 50_000) -> bytes:
    return b"[" * depth + b"]" * depth


def cp1252_csv() -> bytes:
    return "Activity ID,Effort,Note\nIA_EPA_1,2,Jos\u00e9\n".encode("cp1252")


def xlsx_corpus() -> dict[str, Callable[[], bytes]]:
    """Every malformed workbook maker, by name."""
    return {
        "broken XML": broken_xml,
        "billion laughs": billion_laughs,
        "external entity": external_entity,
        "cell at XFD1048576": far_cell,
        "dimension XFD1048576": far_dimension,
        "zip bomb": zip_bomb,
        "formula without value": formula_without_value,
        "truncated zip": truncated_zip,
        "not a zip": not_a_zip,
    }
