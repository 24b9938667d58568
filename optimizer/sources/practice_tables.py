"""The practice's own small tables, as CSV or xlsx with a header row:
attestation history, effort overrides and extra activity <-> measure pairings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import BinaryIO

from optimizer.model import Attestation, Pairings
from optimizer.sources import field_values as values
from optimizer.sources.bundled import bundled_inventory, bundled_years
from optimizer.sources.inventory import COLUMNS
from optimizer.sources.tables import Cells, normalise_header, read_table

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


def _rows(fp: BinaryIO | bytes, source: str, second: Sequence[str], what: str) -> Iterator[Cells]:
    """Each row with its 'id' cell and its ``second`` cell (named 'value')."""
    table = read_table(
        fp,
        source,
        is_header=_header_with(COLUMNS["id"], second),
        what=f"header row with an 'Activity ID' and a {what} column",
    )
    columns = {"id": table.need_column(COLUMNS["id"]), "value": table.need_column(second)}
    return table.cells(columns)


def _activity_id(row: Cells) -> str:
    ids = row.read("id", values.activity_ids) or frozenset()
    if len(ids) != 1:
        raise row.error("id", f"{row.get('id')!r} is not an activity ID (IDs look like IA_EPA_1)")
    return next(iter(ids))


def unlisted_attestation(activity_id: str, year: int) -> str | None:
    """Why an attestation cannot be: its activity is not in CMS's inventory of that
    year (as bundled); a typo would otherwise pass, and the frequency limits it stands
    for would not hold (None: it can be, or the year is not bundled)."""
    if year in bundled_years() and activity_id not in bundled_inventory(year).ids:
        return f"{activity_id} is not an activity of performance year {year}: look for a typo"
    return None


def read_history(fp: BinaryIO | bytes, source: str = "history") -> tuple[Attestation, ...]:
    """Past attestations: one row per activity and performance year, each checked by
    ``unlisted_attestation``."""
    history = []
    for row in _rows(fp, source, YEAR_COLUMNS, "'Performance year'"):
        activity_id = _activity_id(row)
        year = row.read("value", values.attested_year)
        if year is None:
            raise row.error("value", "must be a performance year such as 2024, got ''")
        problem = unlisted_attestation(activity_id, year)
        if problem:
            raise row.error("id", problem)
        history.append(Attestation(activity_id, year))
    return tuple(history)


def read_efforts(fp: BinaryIO | bytes, source: str = "efforts") -> dict[str, float]:
    """Effort overrides in hours: one row per activity."""
    efforts: dict[str, float] = {}
    for row in _rows(fp, source, EFFORT_COLUMNS, "'Effort' (hours)"):
        activity_id = _activity_id(row)
        hours = row.read("value", values.hours)
        if hours is None:
            raise row.error("value", "must be a number of hours >= 0, got ''")
        if activity_id in efforts:
            raise row.error("id", f"{activity_id} has a second effort row")
        efforts[activity_id] = hours
    return efforts


def read_pairings(
    fp: BinaryIO | bytes,
    source: str = "pairings",
    activity_ids: Collection[str] | None = None,
    year: int | None = None,
) -> Pairings:
    """Activity <-> quality measure pairs: one row per pair; with ``activity_ids`` (the
    inventory of ``year``), an activity not among them is refused."""
    pairs: dict[str, set[str]] = defaultdict(set)
    for row in _rows(fp, source, MEASURE_COLUMNS, "'Quality measure ID'"):
        activity_id = _activity_id(row)
        if activity_ids is not None and activity_id not in activity_ids:
            inventory = "the inventory" if year is None else f"the {year} inventory"
            problem = f"{activity_id} is not in {inventory}, so it cannot pair: look for a typo"
            raise row.error("id", problem)
        measures = values.measure_ids(row.get("value"))
        if not measures:
            raise row.error("value", "is empty; give a quality measure ID such as 001")
        pairs[activity_id].update(measures)
    return {k: frozenset(v) for k, v in pairs.items()}
