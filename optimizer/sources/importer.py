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
import io
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optimizer.data_files import DATA_DIR
from optimizer.errors import InputFileError, UnknownYearError
from optimizer.model import MVP_PLAN_ID, PCMH_ID, Inventory
from optimizer.rules.year_rules import rule_years, rules_for
from optimizer.sources.cms_json import (
    MAX_MEASURES_BYTES,
    MAX_MVP_BYTES,
    id_list,
    load_records,
    read_capped,
    text_field,
)
from optimizer.sources.field_values import normalise_measure_id
from optimizer.sources.inventory import read_new_year_inventory

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
MVP_COLUMNS = ("year", "mvp_id", "title", "category", "measure_id")
QUALITY_COLUMNS = ("year", "measure_id", "title")
PAIRING_COLUMNS = ("year", "activity_id", "measure_id", "source")
# The CMS 2020 and 2021 IA guides' pairing example (PRODUCT.md). IA_PM_13 became
# IA_AHW_1 in 2026 with the same text, so the example carries over to it.
GUIDE_EXAMPLE_ACTIVITIES = ("IA_PM_4", "IA_PM_13", "IA_AHW_1")
GUIDE_EXAMPLE_MEASURES = ("001", "119", "236")
GUIDE_SOURCE = "CMS IA guide example (2020, 2021)"


def _first_existing(*paths: Path) -> Path | None:
    return next((p for p in paths if p.exists()), None)


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_all(files: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary file beside it first, and only
    when all are written are they renamed into place (a rename does not half-happen)."""
    temps: dict[Path, Path] = {}
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temp.write_text(text, encoding="utf-8", newline="")
            temps[path] = temp
    except OSError as exc:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        msg = f"Nothing was written: {exc.filename or ''} cannot be written ({exc.strerror})"
        raise InputFileError(msg, source=str(exc.filename or "")) from exc
    for path, temp in temps.items():
        os.replace(temp, path)


def inventory_from_json(data: bytes, year: int, source: str) -> Inventory:
    """The year's inventory from CMS's JSON bytes, read with the project's own reader
    (which derives frequency limits, periods and suspensions from the descriptions)."""
    load_records(data, source)  # size, depth and shape first
    return read_new_year_inventory(data, year, source)


def cms_inventory(cms_dir: Path, year: int) -> Inventory:
    """The year's inventory read from CMS's JSON with the project's own reader."""
    path = _first_existing(
        cms_dir / "ia" / f"{year}.json", cms_dir / "measures" / str(year) / "measures-data.json"
    )
    if path is None:
        msg = f"{cms_dir} has no improvement activities for {year} (ia/{year}.json)"
        raise InputFileError(msg, source=str(cms_dir))
    return inventory_from_json(read_capped(path, MAX_MEASURES_BYTES), year, str(path))


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


def mvp_rows(records: list[dict[str, Any]], year: int, source: str) -> list[list[object]]:
    """(year, MVP, title, category, measure) rows; an MVP without its ID, title or list
    of activities is refused (it would silently drop the MVP's activities)."""
    rows: list[list[object]] = []
    for index, mvp in enumerate(records):
        mvp_id = text_field(mvp, "mvpId", index, source, "an MVP")
        title = text_field(mvp, "title", index, source, "an MVP")
        for category, key in (("ia", "iaMeasureIds"), ("quality", "qualityMeasureIds")):
            for measure in sorted(set(id_list(mvp, key, index, source))):
                measure_id = measure if category == "ia" else normalise_measure_id(measure)
                rows.append([year, mvp_id, title, category, measure_id])
    return sorted(rows, key=lambda r: (str(r[1]), str(r[3]), str(r[4])))


def quality_rows(records: list[dict[str, Any]], year: int, source: str) -> list[list[object]]:
    """(year, measure ID, title) rows of the quality records; one without its ID is refused."""
    rows: list[list[object]] = []
    for index, record in enumerate(records):
        if record.get("category", "quality") != "quality":
            continue
        measure_id = text_field(record, "measureId", index, source, "a quality measure")
        title = record.get("title")
        rows.append(
            [year, normalise_measure_id(measure_id), title if isinstance(title, str) else ""]
        )
    return sorted(rows, key=lambda r: str(r[1]))


@dataclass(frozen=True, slots=True)
class YearTables:
    """Everything one year's CMS files give the project, read and checked in memory."""

    inventory: Inventory
    mvps: list[list[object]]
    quality: list[list[object]]

    @property
    def year(self) -> int:
        return self.inventory.year


def _cms_year(cms_dir: Path, year: int) -> YearTables:
    inventory = cms_inventory(cms_dir, year)
    found: dict[str, list[list[object]]] = {"mvp": [], "quality": []}
    for folder, limit, rows in (
        ("mvp", MAX_MVP_BYTES, mvp_rows),
        ("quality", MAX_MEASURES_BYTES, quality_rows),
    ):
        path = _first_existing(
            cms_dir / folder / f"{year}.json",
            cms_dir / "mvp" / str(year) / "mvp.json"
            if folder == "mvp"
            else cms_dir / "measures" / str(year) / "measures-data.json",
        )
        if path is not None:
            records = load_records(read_capped(path, limit), str(path), limit)
            found[folder] = rows(records, year, str(path))
    return YearTables(inventory, found["mvp"], found["quality"])


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


def year_pairings(tables: YearTables) -> list[list[object]]:
    """The pairings of one year's tables alone."""
    mvps = [dict(zip(MVP_COLUMNS, map(str, r), strict=True)) for r in tables.mvps]
    measures = {tables.year: {str(r[1]) for r in tables.quality}}
    return pairing_rows(mvps, {tables.year: set(tables.inventory.ids)}, measures)


def import_cms(cms_dir: Path, years: Iterable[int], data_dir: Path | None = None) -> list[str]:
    """Write the bundled tables for ``years`` from ``cms_dir``; returns what was written.
    Every file is read and checked before any table is written, and the tables are
    written all together or not at all."""
    data_dir = DATA_DIR if data_dir is None else data_dir
    years = sorted(set(years))
    if not years:
        msg = "No years to import: give one or more performance years, e.g. 2027 or 2017-2026"
        raise InputFileError(msg, source=str(cms_dir))
    for year in years:
        if year not in rule_years():  # rules_for would carry the last row forward
            msg = (
                f"No row for performance year {year} in optimizer/data/rules.csv: add the "
                "year's rules first, then import its CMS files (or load them for yourself "
                f"with `mips-ia data update --year {year}`)"
            )
            raise UnknownYearError(msg)
        rules = rules_for(year)
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
    tables = [_cms_year(cms_dir, year) for year in years]

    files: dict[Path, str] = {}
    written: list[str] = []
    activities: dict[int, set[str]] = defaultdict(set)
    for path in sorted((data_dir / "inventories").glob("*.csv")):
        if path.stem.isdigit():
            activities[int(path.stem)] = {r["activity_id"] for r in _read_csv(path)}
    for table in tables:
        path = data_dir / "inventories" / f"{table.year}.csv"
        files[path] = csv_text(INVENTORY_COLUMNS, inventory_rows(table.inventory))
        activities[table.year] = set(table.inventory.ids)
        written.append(f"{path}: {len(table.inventory)} activities")

    merged: dict[str, list[list[object]]] = {}
    for name, header, new in (
        ("mvps.csv", MVP_COLUMNS, [r for t in tables for r in t.mvps]),
        ("quality_measures.csv", QUALITY_COLUMNS, [r for t in tables for r in t.quality]),
    ):
        path = data_dir / name
        kept: list[list[object]] = [
            [r[h] for h in header] for r in _read_csv(path) if int(r["year"]) not in years
        ]
        merged[name] = sorted(kept + new, key=lambda r: int(str(r[0])))
        files[path] = csv_text(header, merged[name])
        written.append(f"{path}: {len(new)} rows for {', '.join(map(str, years))}")

    measures: dict[int, set[str]] = defaultdict(set)
    for row in merged["quality_measures.csv"]:
        measures[int(str(row[0]))].add(str(row[1]))
    mvps = [dict(zip(MVP_COLUMNS, map(str, r), strict=True)) for r in merged["mvps.csv"]]
    pairs = pairing_rows(mvps, activities, measures)
    files[data_dir / "pairings.csv"] = csv_text(PAIRING_COLUMNS, pairs)
    written.append(f"{data_dir / 'pairings.csv'}: {len(pairs)} pairs")
    write_all(files)
    return written
