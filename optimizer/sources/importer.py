"""Making the bundled ``optimizer/data/`` tables from CMS's public data (qpp-measures-data).

Only facts are written: IDs, titles, subcategories, weights, first years,
frequency limits, suspension dates, MVP memberships and quality-measure titles.
Descriptions are read (to find frequency limits and suspensions) but never
written. Run it as ``mips-ia import-cms CMS_DIR --years 2027``.

CMS_DIR may be laid out like the project's reference copy (``ia/<PY>.json``,
``mvp/<PY>.json``, ``quality/<PY>.json``) or like the qpp-measures-data
repository (``measures/<PY>/measures-data.json``, ``mvp/<PY>/mvp.json``).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from optimizer.data_files import DATA_DIR
from optimizer.errors import InputFileError
from optimizer.model import MVP_PLAN_ID, PCMH_ID, Inventory
from optimizer.rules.year_rules import rules_for
from optimizer.sources.field_values import normalise_measure_id
from optimizer.sources.inventory import read_inventory

INVENTORY_COLUMNS = (
    "activity_id",
    "title",
    "subcategory",
    "weight",
    "first_year",
    "frequency_years",
    "period_days",
    "suspended_on",
    "mvp_only",
)
# The CMS 2020 and 2021 IA guides' pairing example (PRODUCT.md). IA_PM_13 became
# IA_AHW_1 in 2026 with the same text, so the example carries over to it.
GUIDE_EXAMPLE_ACTIVITIES = ("IA_PM_4", "IA_PM_13", "IA_AHW_1")
GUIDE_EXAMPLE_MEASURES = ("001", "119", "236")
GUIDE_SOURCE = "CMS IA guide example (2020, 2021)"


def _first_existing(*paths: Path) -> Path | None:
    return next((p for p in paths if p.exists()), None)


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        msg = f"{path} is not readable JSON: {exc}"
        raise InputFileError(msg, source=str(path)) from exc


def _write_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def cms_inventory(cms_dir: Path, year: int) -> Inventory:
    """The year's inventory read from CMS's JSON with the project's own reader."""
    path = _first_existing(
        cms_dir / "ia" / f"{year}.json", cms_dir / "measures" / str(year) / "measures-data.json"
    )
    if path is None:
        msg = f"{cms_dir} has no improvement activities for {year} (ia/{year}.json)"
        raise InputFileError(msg, source=str(cms_dir))
    return read_inventory(path.read_bytes(), year, source=str(path))


SHORT_TITLE = 80
"""Longest title kept whole when CMS's title repeats its own description."""


def short_title(title: str, description: str) -> str:
    """The title, unless it is a long sentence of the description itself (some early
    CMS titles are): then its first words, so no description text is bundled."""
    flat = " ".join(title.split())
    if len(flat) <= SHORT_TITLE or flat not in " ".join(description.split()):
        return title
    return flat[:SHORT_TITLE].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def inventory_rows(inventory: Inventory) -> list[list[object]]:
    return [
        [
            a.id,
            short_title(a.title, a.description),
            a.subcategory,
            "" if a.weight is None else str(a.weight).title(),
            a.first_year or "",
            a.frequency_years or "",
            a.period_days or "",
            a.suspended_on or "",
            "yes" if a.mvp_only else "",
        ]
        for a in sorted(inventory.activities, key=lambda a: a.id)
    ]


def _mvp_rows(cms_dir: Path, year: int) -> list[list[object]]:
    path = _first_existing(
        cms_dir / "mvp" / f"{year}.json", cms_dir / "mvp" / str(year) / "mvp.json"
    )
    if path is None:
        return []
    rows: list[list[object]] = []
    for mvp in _load_json(path):
        for category, key in (("ia", "iaMeasureIds"), ("quality", "qualityMeasureIds")):
            for measure in sorted(set(mvp.get(key) or [])):
                measure_id = measure if category == "ia" else normalise_measure_id(measure)
                rows.append([year, mvp["mvpId"], mvp["title"], category, measure_id])
    return sorted(rows, key=lambda r: (str(r[1]), str(r[3]), str(r[4])))


def _quality_rows(cms_dir: Path, year: int) -> list[list[object]]:
    path = _first_existing(
        cms_dir / "quality" / f"{year}.json",
        cms_dir / "measures" / str(year) / "measures-data.json",
    )
    if path is None:
        return []
    records = [m for m in _load_json(path) if m.get("category", "quality") == "quality"]
    return sorted(
        ([year, normalise_measure_id(m["measureId"]), m.get("title", "")] for m in records),
        key=lambda r: str(r[1]),
    )


def pairing_rows(
    mvp_rows: Iterable[dict[str, str]],
    activities: dict[int, set[str]],
    measures: dict[int, set[str]],
) -> list[list[object]]:
    """(year, activity, quality measure) pairs: listed together in an MVP of that year,
    or the guides' example where the year has both the activity and the measure."""
    members: dict[tuple[int, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in mvp_rows:
        members[int(r["year"]), r["mvp_id"]][r["category"]].add(r["measure_id"])
    sources: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    for (year, mvp_id), lists in members.items():
        for activity in lists["ia"] - {PCMH_ID, MVP_PLAN_ID}:
            for measure in lists["quality"]:
                sources[year, activity, measure].add(f"MVP {mvp_id}")
    for year in sorted(activities):
        for activity in set(GUIDE_EXAMPLE_ACTIVITIES) & activities[year]:
            for measure in set(GUIDE_EXAMPLE_MEASURES) & measures.get(year, set()):
                sources[year, activity, measure].add(GUIDE_SOURCE)
    return [[y, a, m, "; ".join(sorted(s))] for (y, a, m), s in sorted(sources.items())]


def import_cms(cms_dir: Path, years: Iterable[int], data_dir: Path = DATA_DIR) -> list[str]:
    """Write the bundled tables for ``years`` from ``cms_dir``; returns what was written."""
    years = sorted(set(years))
    if not years:
        msg = "No years to import: give one or more performance years, e.g. 2027 or 2017-2026"
        raise InputFileError(msg, source=str(cms_dir))
    for year in years:
        rules = rules_for(year)  # a year needs a row in the rules table before it can be planned
        # Refuse before writing anything: a missing file would wipe that year's rows.
        needed = [("quality", "quality measures")] + ([("mvp", "MVPs")] if rules.mvp else [])
        for folder, what in needed:
            if (
                _first_existing(
                    cms_dir / folder / f"{year}.json",
                    cms_dir / folder / str(year) / "mvp.json",
                    cms_dir / "measures" / str(year) / "measures-data.json",
                )
                is None
            ):
                msg = f"{cms_dir} has no {what} for {year} ({folder}/{year}.json)"
                raise InputFileError(msg, source=str(cms_dir))
    written: list[str] = []
    for year in years:
        inventory = cms_inventory(cms_dir, year)
        path = data_dir / "inventories" / f"{year}.csv"
        _write_csv(path, INVENTORY_COLUMNS, inventory_rows(inventory))
        written.append(f"{path}: {len(inventory)} activities")

    mvp_path, quality_path = data_dir / "mvps.csv", data_dir / "quality_measures.csv"
    for path, header, make in (
        (mvp_path, ("year", "mvp_id", "title", "category", "measure_id"), _mvp_rows),
        (quality_path, ("year", "measure_id", "title"), _quality_rows),
    ):
        kept: list[list[object]] = [
            [r[h] for h in header] for r in _read_csv(path) if int(r["year"]) not in years
        ]
        new = [row for year in years for row in make(cms_dir, year)]
        rows = sorted(kept + new, key=lambda r: int(str(r[0])))
        _write_csv(path, header, rows)
        written.append(f"{path}: {len(new)} rows for {', '.join(map(str, years))}")

    activities: dict[int, set[str]] = defaultdict(set)
    for path in sorted((data_dir / "inventories").glob("*.csv")):
        activities[int(path.stem)] = {r["activity_id"] for r in _read_csv(path)}
    measures: dict[int, set[str]] = defaultdict(set)
    for r in _read_csv(quality_path):
        measures[int(r["year"])].add(r["measure_id"])
    pairs = pairing_rows(_read_csv(mvp_path), activities, measures)
    _write_csv(data_dir / "pairings.csv", ("year", "activity_id", "measure_id", "source"), pairs)
    written.append(f"{data_dir / 'pairings.csv'}: {len(pairs)} pairs")
    return written
