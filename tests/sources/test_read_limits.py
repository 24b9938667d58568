"""The reading limits: checked before anything parses a file, each refusal in words."""

from __future__ import annotations

import os
from pathlib import Path

import malformed_files as bad
import pytest

from optimizer.errors import InputFileError
from optimizer.sources import read_limits


def test_a_plain_workbook_passes_with_its_size() -> None:
    """A workbook within the limits passes, and its sheet's size is known."""
    sizes = read_limits.check_xlsx(bad.xlsx(bad.HEADER), "ok.xlsx")
    assert [read_limits.SheetSize("Sheet1", 2, 2)] == list(sizes)


@pytest.mark.parametrize(
    ("maker", "expected"),
    [
        (bad.broken_xml, "f.xlsx: a part of the workbook is damaged XML"),
        (bad.billion_laughs, "f.xlsx: the part xl/worksheets/sheet1.xml declares a DTD"),
        (bad.external_entity, "f.xlsx: the part xl/worksheets/sheet1.xml declares a DTD"),
        (bad.far_cell, "f.xlsx, sheet 'Sheet1': spans to XFD1048576, past the 100,000 rows"),
        (bad.far_dimension, "f.xlsx, sheet 'Sheet1': spans to XFD1048576"),
        (bad.zip_bomb, "f.xlsx: the part xl/worksheets/sheet1.xml unpacks"),
        (
            bad.formula_without_value,
            "f.xlsx, sheet 'Sheet1': cell B2 holds a formula with no saved value",
        ),
        (bad.truncated_zip, "f.xlsx is not a readable .xlsx workbook"),
        (bad.not_a_zip, "f.xlsx is not a readable .xlsx workbook"),
    ],
    ids=lambda v: getattr(v, "__name__", "msg"),
)
def test_a_hostile_workbook_is_refused_in_words(maker, expected: str) -> None:
    """Every malformed workbook of the corpus is refused, naming the file (and the cell)."""
    with pytest.raises(InputFileError) as caught:
        read_limits.check_xlsx(maker(), "f.xlsx")
    assert str(caught.value).startswith(expected)


def test_a_cell_past_the_columns_read_is_refused() -> None:
    """A cell in column SG (501) is past the 500 columns read, and is named."""
    cells = '<row r="1"><c r="SG1"><v>1</v></c></row>'
    data = bad.replace_part(bad.xlsx([]), "xl/worksheets/sheet1.xml", bad.sheet_xml(cells))
    with pytest.raises(InputFileError, match="has a cell at SG1, past the 100,000 rows"):
        read_limits.check_xlsx(data, "f.xlsx")


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    """A named pipe is refused from its stat, never opened (opening it would wait)."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError) as caught:
        read_limits.read_regular_file(fifo)
    expected = f"{fifo} is not a regular file (a pipe or a device): give a saved file"
    assert expected == str(caught.value)


def test_dev_zero_is_refused() -> None:
    """/dev/zero, which never ends, is refused as a device."""
    with pytest.raises(InputFileError, match="is not a regular file"):
        read_limits.read_regular_file("/dev/zero")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A file over the byte limit is refused before it is read."""
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputFileError) as caught:
        read_limits.read_regular_file(path, max_bytes=100)
    assert f"{path} is 101 bytes; files over 100 bytes are not read" == str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 33 + "]" * 33, "s.json: JSON nested 33 deep; at most 32 levels are read"),
        (
            '{"effort": NaN}',
            "s.json: JSON holds NaN, which is not a number: write a number or null",
        ),
        (
            "[Infinity]",
            "s.json: JSON holds Infinity, which is not a number: write a number or null",
        ),
        ('{"a": 1, "a": 2}', "s.json: the JSON key 'a' appears twice in one object"),
        ("[1,", "s.json is not valid JSON (line 1, column 4: Expecting value)"),
    ],
    ids=["deep", "nan", "infinity", "duplicate key", "broken"],
)
def test_bad_json_is_refused_in_words(text: str, expected: str) -> None:
    """Deep, NaN, duplicate-keyed and broken JSON are each refused with the reason."""
    with pytest.raises(InputFileError) as caught:
        read_limits.load_json(text, "s.json")
    assert expected == str(caught.value)


def test_brackets_inside_json_strings_do_not_count_as_depth() -> None:
    """Brackets within strings are text, not nesting."""
    assert {"note": "[[[[" * 20 + '"'} == read_limits.load_json(
        '{"note": "' + "[[[[" * 20 + '\\""}', "s"
    )


def test_text_not_in_utf8_is_refused_with_its_line() -> None:
    """A cp1252 byte is refused with its line, never re-decoded in another encoding."""
    with pytest.raises(InputFileError) as caught:
        read_limits.decode_text(bad.cp1252_csv(), "r.csv")
    expected = (
        "r.csv: line 2 is not UTF-8 text (byte 0xE9): save the file as UTF-8 (in Excel: CSV UTF-8)"
    )
    assert expected == str(caught.value)


def test_utf8_with_a_byte_order_mark_is_read() -> None:
    """UTF-8 with Excel's byte-order mark reads as the text without it."""
    assert "José" == read_limits.decode_text("\ufeffJosé".encode(), "r.csv")


def test_a_far_row_of_cells_without_references_is_refused() -> None:
    """A row numbered 1048576 whose cells carry no reference is refused by its number."""
    cells = '<row r="1048576"><c><v>1</v></c></row>'
    data = bad.replace_part(bad.xlsx([]), "xl/worksheets/sheet1.xml", bad.sheet_xml(cells))
    with pytest.raises(InputFileError, match="sheet 'Sheet1': has row 1048576, past the 100,000"):
        read_limits.check_xlsx(data, "f.xlsx")
