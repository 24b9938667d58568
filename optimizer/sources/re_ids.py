"""CMS's documented re-IDs: activities that keep their text under a new ID from a
given performance year, one row each in ``optimizer/data/re_ids.csv`` with its
source. ``planning/year_changes.py`` also finds re-IDs by comparing two years'
inventories (the same title under a new ID); this table holds what CMS says, so a
re-ID is not missed when CMS also retitles the activity."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from optimizer.data_files import DATA_DIR
from optimizer.errors import DataError
from optimizer.model.activity import ACTIVITY_ID

RE_IDS_FILE = DATA_DIR / "re_ids.csv"
COLUMNS = ("year", "old_id", "new_id", "source")


@dataclass(frozen=True, slots=True)
class ReId:
    """``old_id`` is ``new_id`` from performance year ``year`` on, says ``source``."""

    year: int
    old_id: str
    new_id: str
    source: str


def _row(number: int, row: dict[str, str]) -> ReId:
    where = f"{RE_IDS_FILE.name}, row {number}"
    missing = [c for c in COLUMNS if not (row.get(c) or "").strip()]
    if missing:
        msg = f"{where}: column '{missing[0]}' is empty"
        raise DataError(msg)
    for column in ("old_id", "new_id"):
        if not ACTIVITY_ID.match(row[column].strip()):
            msg = f"{where}, column '{column}': not an activity ID: {row[column]!r}"
            raise DataError(msg)
    if not row["year"].strip().isdigit():
        msg = f"{where}, column 'year': not a performance year: {row['year']!r}"
        raise DataError(msg)
    return ReId(int(row["year"]), row["old_id"].strip(), row["new_id"].strip(), row["source"])


@cache
def documented_re_ids() -> tuple[ReId, ...]:
    """Every re-ID the table lists, oldest year first."""
    with RE_IDS_FILE.open(newline="", encoding="utf-8") as fh:
        rows = [_row(n, r) for n, r in enumerate(csv.DictReader(fh), start=2)]
    return tuple(sorted(rows, key=lambda r: (r.year, r.old_id)))
