"""Every reader, fed malformed files: each input is either read or refused with a
PlannerError (never another exception). Hypothesis mutates valid files and draws
from the corpus of tests/malformed_files.py; the whole file runs in a few seconds."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from functools import cache
from typing import Any

import malformed_files as bad
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from optimizer.batch.practices import read_practices
from optimizer.errors import PlannerError
from optimizer.exports.scenario_json import scenario_from_json, scenario_to_json
from optimizer.exports.workbook_read import read_workbook
from optimizer.exports.workbook_write import write_workbook
from optimizer.model import Scenario
from optimizer.planning.pipeline import plan
from optimizer.sources.inventory import read_inventory
from optimizer.sources.practice_tables import read_efforts, read_history, read_pairings
from optimizer.sources.roster import read_roster

READERS: dict[str, Callable[[bytes, str], Any]] = {
    "inventory": lambda data, name: read_inventory(data, 2026, name),
    "roster": read_roster,
    "efforts": read_efforts,
    "history": read_history,
    "pairings": read_pairings,
    "batch": lambda data, name: read_practices(data, name, default_year=2026),
    "workbook": read_workbook,
    "scenario JSON": lambda data, name: scenario_from_json(data, name),
}
VALID_CSV = {
    "inventory": "Activity ID,Activity Title,Activity Weighting,Suspended on,Effort\n"
    "IA_EPA_1,Access,High,,2\nIA_PM_2,Panels,Medium,2025-05-06,3\n",
    "roster": "NPI,Name,Role,Cannot do\n1234567893,Ann Lee,MD,IA_EPA_1\n,Bo Kim,RN,\n",
    "efforts": "Activity ID,Effort\nIA_EPA_1,2.5\nIA_PM_2,3\n",
    "history": "Activity ID,Performance year\nIA_EPA_1,2024\n",
    "pairings": "Activity ID,Quality measure ID\nIA_EPA_1,001\n",
    "batch": "Practice,Year,Clinicians,Statuses\nLakeside,2026,3,rural\nHill,2026,2,\n",
}
ODD_TEXT = ["²⁰²⁴", "1_0", "1e308", "NaN", "inf", "-1", "١٢", "no", "N/A", "", "=1+1", "\x00"]
ODD_TEXT += ["\ufeff", "é", "\u202e", "x" * 40_000, '"', "\n", ",,,", "IA_ZZZ_99", "9" * 5000]


@cache
def valid_workbook() -> bytes:
    scenario = Scenario(year=2026)
    return write_workbook(plan(scenario), scenario, what_if=())


def read_or_refuse(kind: str, data: bytes, name: str) -> None:
    """Read ``data`` with the ``kind`` reader: a PlannerError is a clean refusal."""
    with contextlib.suppress(PlannerError):
        READERS[kind](data, name)


def cells_replaced(text: str, draw_cells: list[str], positions: list[int]) -> str:
    """The CSV with some cells (counted over the whole text) replaced by odd values."""
    lines = [line.split(",") for line in text.splitlines()]
    cells = [(i, j) for i, line in enumerate(lines) for j in range(len(line))]
    for value, position in zip(draw_cells, positions, strict=False):
        i, j = cells[position % len(cells)]
        lines[i][j] = value
    return "\n".join(",".join(line) for line in lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(VALID_CSV)),
    values=st.lists(st.sampled_from(ODD_TEXT) | st.text(max_size=8), min_size=1, max_size=4),
    positions=st.lists(st.integers(0, 100), min_size=4, max_size=4),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    form=st.sampled_from(["csv", "xlsx", "json"]),
)
def test_a_table_with_odd_cells_is_read_or_refused(kind, values, positions, encoding, form):
    """Odd digits, NaN, huge numbers, odd encodings and odd characters in any cell of
    any table reader (as CSV, xlsx or JSON) are read or refused as a PlannerError."""
    text = cells_replaced(VALID_CSV[kind], values, positions)
    if form == "csv":
        data = text.encode(encoding, errors="replace")
    elif form == "xlsx":
        rows = [line.split(",") for line in text.splitlines()]
        data = bad.xlsx([[bad_safe(c) for c in row] for row in rows])
    else:
        header, *rows = (line.split(",") for line in text.splitlines())
        records = [dict(zip(header, row, strict=False)) for row in rows]
        data = json.dumps(records).encode()
    read_or_refuse(kind, data, f"{kind}.{form}")


def bad_safe(cell: str) -> str:
    """Characters an xlsx cannot hold at all are left out (openpyxl refuses them)."""
    return ILLEGAL_CHARACTERS_RE.sub("", cell)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(READERS)),
    data=st.binary(max_size=300)
    | st.sampled_from(
        [maker() for maker in bad.xlsx_corpus().values() if maker is not bad.zip_bomb]
    )
    | st.builds(lambda d: b"[" * d + b"]" * d, st.integers(1, 3000))
    | st.builds(lambda d: b'{"a":' * d + b"1" + b"}" * d, st.integers(1, 3000)),
    name=st.sampled_from(["f.csv", "f.xlsx", "f.json", "f"]),
)
def test_any_bytes_are_read_or_refused(kind, data, name):
    """Random bytes, the malformed workbooks and deep JSON, under any name, to every
    reader: read, or refused as a PlannerError."""
    read_or_refuse(kind, data, name)


@pytest.mark.parametrize("kind", sorted(READERS))
@pytest.mark.parametrize("maker", list(bad.xlsx_corpus().values()), ids=list(bad.xlsx_corpus()))
def test_every_malformed_workbook_is_refused_by_every_reader(kind, maker) -> None:
    """Each workbook of the corpus is refused (a PlannerError) by each reader."""
    with pytest.raises(PlannerError):
        READERS[kind](maker(), "f.xlsx")


@cache
def data_sheet() -> tuple[str, list[list[Any]]]:
    """The name and rows of the data sheet of a workbook IA Planner wrote."""
    book = openpyxl.load_workbook(io.BytesIO(valid_workbook()))
    sheet = book[book.sheetnames[-1]]
    return sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]


def _workbook_with(section: str, key: str, value: object) -> bytes:
    """A workbook of the data sheet alone (all read_workbook needs), one value changed."""
    title, rows = data_sheet()
    changed = [[*row[:2], value] if tuple(row[:2]) == (section, key) else row for row in rows]
    return bad.xlsx(changed, title=title)


DATA_KEYS = [("scenario", k) for k in Scenario.__dataclass_fields__] + [
    ("plan", "activities"),
    ("inventory", "source"),
    ("workbook", "format"),
]
JSON_VALUES = ["5", "[5]", '{"a": 5}', "[[1]]", '"x"', "null", "true", "1e308", "NaN", "[" * 40]
JSON_VALUES += ['{"IA_EPA_1": "x"}', '[{"id": 5}]', '[["IA_EPA_1", 5]]', "-1", "2026.5", "²"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    where=st.sampled_from(DATA_KEYS),
    value=st.sampled_from(JSON_VALUES) | st.integers() | st.floats() | st.text(max_size=10),
)
def test_a_wrong_typed_data_value_is_read_or_refused(where, value):
    """Any value in any row of the workbook's data sheet is read or refused in words."""
    value = bad_safe(value) if isinstance(value, str) else value
    read_or_refuse("workbook", _workbook_with(*where, value), "w.xlsx")


@settings(max_examples=40, deadline=None)
@given(
    key=st.sampled_from(sorted(Scenario.__dataclass_fields__)),
    value=st.sampled_from(JSON_VALUES),
)
def test_a_scenario_json_with_odd_values_is_read_or_refused(key, value):
    """A saved scenario with any field set to an odd JSON value is read or refused."""
    fields = json.loads(scenario_to_json(Scenario(year=2026)))
    try:
        fields[key] = json.loads(value)
    except json.JSONDecodeError:
        fields[key] = value
    read_or_refuse("scenario JSON", json.dumps(fields).encode(), "s.json")
