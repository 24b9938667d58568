"""The tables the project ships in ``optimizer/data/``: an inventory per performance year,
effort estimates, activity <-> quality-measure pairings, MVP lists and quality
measure titles. ``importer.py`` makes all but the efforts from CMS's public data.
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
from optimizer.rules.year_rules import rules_for
from optimizer.sources.inventory import read_inventory

BUNDLED_SOURCE = "bundled data"
"""The ``source`` of every inventory the project ships."""


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


def latest_year() -> int:
    return bundled_years()[-1]


@cache
def bundled_inventory(year: int) -> Inventory:
    """The inventory the project ships for ``year``."""
    path = INVENTORY_DIR / f"{year}.csv"
    if not path.exists():
        rules_for(year)  # a year with no rules says so first: it cannot be planned at all
        years = bundled_years()
        msg = (
            f"No bundled inventory for performance year {year}: bundled years are "
            f"{years[0]}-{years[-1]}; load CMS's file for {year} with --inventory"
        )
        raise UnknownYearError(msg)
    return read_inventory(path.read_bytes(), year, source=BUNDLED_SOURCE)


DEFAULT_EFFORT_ROW = "*"
"""The efforts table's row for any activity it has no estimate for (a new ID)."""


@cache
def _effort_table() -> dict[str, EffortEstimate]:
    return {
        r["activity_id"]: EffortEstimate(
            float(r["practice_hours"]),
            float(r["per_clinician_hours"]),
            r["reason"],
            r["per_clinician_reason"],
            r["what_to_do"],
            r["evidence_to_keep"],
        )
        for r in _rows(EFFORTS_FILE)
    }


@cache
def effort_estimates() -> dict[str, EffortEstimate]:
    """The project's effort estimate for every activity ID of any bundled year."""
    return {k: v for k, v in _effort_table().items() if k != DEFAULT_EFFORT_ROW}


def default_effort() -> EffortEstimate:
    """The hours assumed for an activity with no estimate of its own, and why."""
    return _effort_table()[DEFAULT_EFFORT_ROW]


@cache
def bundled_pairings(year: int) -> Pairings:
    """The pairings that hold in ``year``: an activity and a quality measure listed in
    one of that year's MVPs (2023 on), plus the CMS guides' example where the year has
    both the activity and the measure."""
    pairs: dict[str, set[str]] = defaultdict(set)
    for r in _rows_by_year(PAIRINGS_FILE).get(year, ()):
        pairs[r["activity_id"]].add(r["measure_id"])
    return {k: frozenset(v) for k, v in pairs.items()}


@cache
def mvp_catalog(year: int) -> dict[str, Mvp]:
    """The MVPs of ``year`` by ID (empty before 2023)."""
    title: dict[str, str] = {}
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in _rows_by_year(MVPS_FILE).get(year, ()):
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
    return {r["measure_id"]: r["title"] for r in _rows_by_year(QUALITY_FILE).get(year, ())}
