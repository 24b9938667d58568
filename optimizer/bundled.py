"""The tables the project ships in ``data/``: an inventory per performance year,
effort estimates, activity <-> quality-measure pairings, MVP lists and quality
measure titles. ``importer.py`` makes all but the efforts from CMS's public data.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from optimizer.errors import ScenarioError, UnknownYearError
from optimizer.inventory import read_inventory
from optimizer.model import Inventory
from optimizer.paths import DATA_DIR, INVENTORY_DIR
from optimizer.rules import rules_for

EFFORTS_FILE = DATA_DIR / "efforts.csv"
PAIRINGS_FILE = DATA_DIR / "pairings.csv"
MVPS_FILE = DATA_DIR / "mvps.csv"
QUALITY_FILE = DATA_DIR / "quality_measures.csv"

Pairings = Mapping[str, frozenset[str]]
"""Activity ID -> the quality measure IDs it pairs with."""


@dataclass(frozen=True, slots=True)
class EffortEstimate:
    """The project's rough staff-hours estimate for one activity, and why."""

    hours: float
    reason: str


@dataclass(frozen=True, slots=True)
class Mvp:
    """A MIPS Value Pathway of one year: the activities and quality measures it lists."""

    id: str
    title: str
    activity_ids: frozenset[str]
    quality_ids: frozenset[str]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def bundled_years() -> tuple[int, ...]:
    """The performance years with a bundled inventory, oldest first."""
    return tuple(sorted(int(p.stem) for p in INVENTORY_DIR.glob("*.csv") if p.stem.isdigit()))


def latest_year() -> int:
    return bundled_years()[-1]


@cache
def bundled_inventory(year: int) -> Inventory:
    """The inventory the project ships for ``year``."""
    rules_for(year)  # a year without rules cannot be planned, whatever the inventory
    path = INVENTORY_DIR / f"{year}.csv"
    if not path.exists():
        years = bundled_years()
        msg = (
            f"No bundled inventory for performance year {year}: bundled years are "
            f"{years[0]}-{years[-1]}; load CMS's file for {year} with --inventory"
        )
        raise UnknownYearError(msg)
    return read_inventory(path.read_bytes(), year, source=f"data/inventories/{path.name}")


@cache
def effort_estimates() -> dict[str, EffortEstimate]:
    """The project's effort estimate for every activity ID of any bundled year."""
    return {
        r["activity_id"]: EffortEstimate(float(r["effort_hours"]), r["reason"])
        for r in _rows(EFFORTS_FILE)
    }


@cache
def bundled_pairings() -> Pairings:
    """Pairings from MVP co-membership (2023 on) plus the CMS guides' example."""
    pairs: dict[str, set[str]] = defaultdict(set)
    for r in _rows(PAIRINGS_FILE):
        pairs[r["activity_id"]].add(r["measure_id"])
    return {k: frozenset(v) for k, v in pairs.items()}


@cache
def mvp_catalog(year: int) -> dict[str, Mvp]:
    """The MVPs of ``year`` by ID (empty before 2023)."""
    title: dict[str, str] = {}
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in _rows(MVPS_FILE):
        if int(r["year"]) == year:
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
    if mvp_id not in catalog:
        known = ", ".join(catalog) or "none (MVPs start in 2023)"
        msg = f"Unknown MVP {mvp_id!r} for {year}; that year's MVPs: {known}"
        raise ScenarioError(msg)
    return catalog[mvp_id]


@cache
def quality_measures(year: int) -> dict[str, str]:
    """Quality measure ID -> title for ``year``."""
    return {r["measure_id"]: r["title"] for r in _rows(QUALITY_FILE) if int(r["year"]) == year}
