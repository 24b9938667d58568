"""The practice's own small tables, as CSV or xlsx with a header row:
attestation history, effort overrides and extra activity <-> measure pairings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import BinaryIO

from optimizer.bundled import Pairings
from optimizer.inventory import COLUMNS, normalise_measure_id
from optimizer.model import ACTIVITY_ID, Attestation
from optimizer.tables import RawTable, normalise_header, read_table

YEAR_COLUMNS = ("Performance year", "Year", "PY", "performance_year", "attested_year")
EFFORT_COLUMNS = COLUMNS["effort"] + ("Hours", "effort_hours")
MEASURE_COLUMNS = (
    "Quality measure ID",
    "Quality measure",
    "Measure ID",
    "measure_id",
    "quality_id",
    "Quality ID",
)


def _header_with(*groups: Sequence[str]) -> Callable[[Sequence[str]], bool]:
    wanted = [{normalise_header(a) for a in group} for group in groups]

    def is_header(row: Sequence[str]) -> bool:
        names = {normalise_header(c) for c in row}
        return all(names & group for group in wanted)

    return is_header


def _table(
    fp: BinaryIO | bytes, source: str, second: Sequence[str], what: str
) -> tuple[RawTable, int, int]:
    """The table, the index of its activity ID column and of its ``second`` column."""
    table = read_table(
        fp,
        source,
        is_header=_header_with(COLUMNS["id"], second),
        what=f"header row with an 'Activity ID' and a {what} column",
    )
    id_col, other_col = table.find_column(COLUMNS["id"]), table.find_column(second)
    if id_col is None or other_col is None:  # cannot happen: the header test found both
        raise table.error(0, None, f"no {what} column")
    return table, id_col, other_col


def _activity_id(table: RawTable, row: int, column: int, text: str) -> str:
    activity_id = text.strip().upper()
    if not ACTIVITY_ID.match(activity_id):
        raise table.error(row, column, f"{text!r} is not an activity ID (IDs look like IA_EPA_1)")
    return activity_id


def read_history(fp: BinaryIO | bytes, source: str = "history") -> tuple[Attestation, ...]:
    """Past attestations: one row per activity and performance year."""
    table, id_col, year_col = _table(fp, source, YEAR_COLUMNS, "'Performance year'")
    history = []
    for row, cells in table.rows:
        activity_id = _activity_id(table, row, id_col, cells[id_col])
        text = cells[year_col]
        if not (text.isdigit() and 2017 <= int(text) <= 2100):
            raise table.error(
                row, year_col, f"must be a performance year such as 2024, got {text!r}"
            )
        history.append(Attestation(activity_id, int(text)))
    return tuple(history)


def read_efforts(fp: BinaryIO | bytes, source: str = "efforts") -> dict[str, float]:
    """Effort overrides in hours: one row per activity."""
    table, id_col, effort_col = _table(fp, source, EFFORT_COLUMNS, "'Effort' (hours)")
    efforts: dict[str, float] = {}
    for row, cells in table.rows:
        activity_id = _activity_id(table, row, id_col, cells[id_col])
        text = cells[effort_col]
        try:
            hours = float(text)
        except ValueError:
            hours = -1.0
        if not (0 <= hours < float("inf")):
            raise table.error(row, effort_col, f"must be a number >= 0, got {text!r}")
        if activity_id in efforts:
            raise table.error(row, id_col, f"{activity_id} has a second effort row")
        efforts[activity_id] = hours
    return efforts


def read_pairings(fp: BinaryIO | bytes, source: str = "pairings") -> Pairings:
    """Activity <-> quality measure pairs: one row per pair."""
    table, id_col, measure_col = _table(fp, source, MEASURE_COLUMNS, "'Quality measure ID'")
    pairs: dict[str, set[str]] = defaultdict(set)
    for row, cells in table.rows:
        activity_id = _activity_id(table, row, id_col, cells[id_col])
        measure = cells[measure_col].strip()
        if not measure:
            raise table.error(row, measure_col, "is empty; give a quality measure ID such as 001")
        pairs[activity_id].add(normalise_measure_id(measure))
    return {k: frozenset(v) for k, v in pairs.items()}
