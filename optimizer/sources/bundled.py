"""The tables the project ships in ``optimizer/data/``: an inventory per performance year,
effort estimates, activity <-> quality-measure pairings, MVP lists and quality
measure titles. ``importer.py`` makes all but the efforts from CMS's public data.

A year the user loaded with ``mips-ia data update`` (``stored_years.py``) is read the
same way; where the user updated a bundled year, the stored copy wins.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

from optimizer.data_files import (
    CONDITIONAL_FILE,
    EFFORTS_FILE,
    INVENTORY_DIR,
    MVPS_FILE,
    PAIRINGS_FILE,
    QUALITY_FILE,
)
from optimizer.errors import ScenarioError, UnknownYearError
from optimizer.model import EffortEstimate, Inventory, Mvp, Pairings, Selection
from optimizer.rules.year_rules import rule_years, rules_for
from optimizer.sources.inventory import read_inventory, read_new_year_inventory
from optimizer.sources.stored_years import (
    INVENTORY,
    MVPS,
    PAIRINGS,
    QUALITY,
    stored_source,
    stored_table,
    stored_years,
)

BUNDLED_SOURCE = "bundled data"
"""The ``source`` of every inventory the project ships."""
STORED_SOURCE = "CMS's list loaded by data update"
"""The ``source`` of an inventory the user loaded with ``mips-ia data update``."""
BUNDLED_FROM = "CMSgov/qpp-measures-data commit 100b25f9"
BUNDLED_ON = "2026-08-20"
"""Where and when the bundled tables were taken from (the importer's input)."""


def is_cms_list(source: str) -> bool:
    """An inventory that is CMS's list (bundled or loaded), not a practice's own file."""
    return source in (BUNDLED_SOURCE, STORED_SOURCE)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def _rows_by_year(path: Path) -> dict[int, tuple[dict[str, str], ...]]:
    """The rows of a bundled table with a ``year`` column, by year: the file is read
    once, not once per year asked for (its rows are not to be changed)."""
    by_year: dict[int, list[dict[str, str]]] = defaultdict(list)
    for r in _rows(path):
        by_year[int(r["year"])].append(r)
    return {year: tuple(rows) for year, rows in by_year.items()}


@cache
def bundled_years() -> tuple[int, ...]:
    """The performance years with a bundled inventory, oldest first (read once: the
    bundled data do not change while the program runs)."""
    return tuple(sorted(int(p.stem) for p in INVENTORY_DIR.glob("*.csv") if p.stem.isdigit()))


def loaded_years() -> tuple[int, ...]:
    """The years with CMS's list, bundled or loaded with ``data update``, oldest first."""
    return tuple(sorted(set(bundled_years()) | set(stored_years())))


def latest_year() -> int:
    """The latest loaded year the rules table knows (a loaded year past the table is
    planned only where a carried-forward year is asked for)."""
    known = set(rule_years())
    return max((y for y in loaded_years() if y in known), default=bundled_years()[-1])


def _table(year: int, bundled: Path, stored: str) -> Path:
    """The stored copy of a year's table where the user loaded that year, else the bundled."""
    return stored_table(year, stored) if year in stored_years() else bundled


@cache
def bundled_inventory(year: int) -> Inventory:
    """CMS's inventory for ``year``: the one the user loaded, else the one the project ships."""
    if year in stored_years():
        stored_source(year)  # a damaged store says so
        data = stored_table(year, INVENTORY).read_bytes()
        return read_new_year_inventory(data, year, STORED_SOURCE)
    path = INVENTORY_DIR / f"{year}.csv"
    if not path.exists():
        rules_for(year)  # a year with no rules says so first: it cannot be planned at all
        years = bundled_years()
        msg = (
            f"No bundled inventory for performance year {year}: bundled years are "
            f"{years[0]}-{years[-1]}; load CMS's list for {year} with "
            f"`mips-ia data update --year {year}`, or a file with --inventory"
        )
        in_app = (
            f"No bundled inventory for performance year {year}: bundled years are "
            f"{years[0]}-{years[-1]}; load CMS's list for {year} on the Data page"
        )
        raise UnknownYearError(msg, in_app=in_app)
    return read_inventory(path.read_bytes(), year, source=BUNDLED_SOURCE)


DEFAULT_EFFORT_ROW = "*"
"""The efforts table's row for any activity it has no estimate for (a new ID)."""


@cache
def _effort_table(year: int | None = None) -> dict[str, EffortEstimate]:
    """The efforts table's rows for ``year``: where CMS rewrote an activity, its rows
    carry year ranges (first_year, last_year; blank: open); None takes each
    activity's latest row."""
    table: dict[str, EffortEstimate] = {}
    for r in _rows(EFFORTS_FILE):
        first = int(r["first_year"]) if r.get("first_year") else None
        last = int(r["last_year"]) if r.get("last_year") else None
        if year is None:
            if last is not None:
                continue
        elif (first is not None and year < first) or (last is not None and year > last):
            continue
        table[r["activity_id"]] = EffortEstimate(
            float(r["practice_hours"]),
            float(r["per_clinician_hours"]),
            r["reason"],
            r["per_clinician_reason"],
            r["what_to_do"],
            r["evidence_to_keep"],
        )
    return table


@cache
def effort_estimates(year: int | None = None) -> dict[str, EffortEstimate]:
    """The project's effort estimate for every activity ID, in ``year``'s wording
    (None: the latest)."""
    return {k: v for k, v in _effort_table(year).items() if k != DEFAULT_EFFORT_ROW}


def default_effort() -> EffortEstimate:
    """The hours assumed for an activity with no estimate of its own, and why."""
    return _effort_table()[DEFAULT_EFFORT_ROW]


@cache
def bundled_pairings(year: int) -> Pairings:
    """The pairings that hold in ``year``: an activity and a quality measure listed in
    one of that year's MVPs (2023 on), plus the CMS guides' example where the year has
    both the activity and the measure."""
    pairs: dict[str, set[str]] = defaultdict(set)
    for r in _rows_by_year(_table(year, PAIRINGS_FILE, PAIRINGS)).get(year, ()):
        pairs[r["activity_id"]].add(r["measure_id"])
    return {k: frozenset(v) for k, v in pairs.items()}


@cache
def mvp_catalog(year: int) -> dict[str, Mvp]:
    """The MVPs of ``year`` by ID (empty before 2023)."""
    title: dict[str, str] = {}
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in _rows_by_year(_table(year, MVPS_FILE, MVPS)).get(year, ()):
        title[r["mvp_id"]] = r["title"]
        members[r["mvp_id"], r["category"]].add(r["measure_id"])
    return {
        mvp_id: Mvp(
            mvp_id,
            name,
            frozenset(members[mvp_id, "ia"]),
            frozenset(members[mvp_id, "quality"]),
        )
        for mvp_id, name in sorted(title.items())
    }


def mvp_for(year: int, mvp_id: str) -> Mvp:
    """One MVP, or a clear error naming the ones that year has."""
    catalog = mvp_catalog(year)
    if not catalog:
        first = min(_rows_by_year(MVPS_FILE), default=year + 1)
        msg = f"MVP reporting starts in {first}; there are no MVPs in {year}"
        raise ScenarioError(msg)
    if mvp_id not in catalog:
        msg = f"Unknown MVP {mvp_id!r} for {year}; that year's MVPs: {', '.join(catalog)}"
        raise ScenarioError(msg)
    return catalog[mvp_id]


@cache
def selections(year: int) -> dict[str, Selection]:
    """Activities of ``year`` that only a practice someone selects or admits can do."""
    return {
        r["activity_id"]: Selection(r["selected_by"], r["basis"])
        for r in _rows(CONDITIONAL_FILE)
        if int(r["first_year"]) <= year <= int(r["last_year"])
    }


@cache
def quality_measures(year: int) -> dict[str, str]:
    """Quality measure ID -> title for ``year``."""
    rows = _rows_by_year(_table(year, QUALITY_FILE, QUALITY)).get(year, ())
    return {r["measure_id"]: r["title"] for r in rows}


def forget_loaded() -> None:
    """Read every table afresh on next use (after ``data update`` stored a year)."""
    for cached in (
        _rows_by_year,
        stored_years,
        stored_source,
        bundled_inventory,
        bundled_pairings,
        mvp_catalog,
        selections,
        quality_measures,
    ):
        cached.cache_clear()
