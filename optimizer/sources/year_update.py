"""Loading CMS's list of a year in one step (``mips-ia data update``, the app's Data
page): read CMS's ``measures-data.json`` and ``mvp.json`` from CMS's public
repository, a URL or a downloaded file, check them, derive the facts the bundled
importer derives (with its own functions), store the year in the user's data
directory, and say what changed against the year before and what a person should
check (``year_review``). A file that fails a check stores nothing.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.errors import InputFileError
from optimizer.rules.year_rules import first_year, rule_years
from optimizer.sources.bundled import (
    BUNDLED_FROM,
    BUNDLED_ON,
    bundled_inventory,
    bundled_years,
    forget_loaded,
    loaded_years,
)
from optimizer.sources.cms_json import (
    MAX_MEASURES_BYTES,
    MAX_MVP_BYTES,
    check_size,
    load_records,
    read_capped,
    text_field,
)
from optimizer.sources.importer import (
    INVENTORY_COLUMNS,
    MVP_COLUMNS,
    PAIRING_COLUMNS,
    QUALITY_COLUMNS,
    YearTables,
    csv_text,
    inventory_from_json,
    inventory_rows,
    mvp_rows,
    quality_rows,
    year_pairings,
)
from optimizer.sources.stored_years import (
    INVENTORY,
    MVPS,
    PAIRINGS,
    QUALITY,
    StoredYear,
    store_year,
    stored_source,
    stored_years,
)
from optimizer.sources.year_changes import compare_inventories, forget_changes
from optimizer.sources.year_review import UpdateReport, review_items, rule_changes

CMS_REPOSITORY = "CMSgov/qpp-measures-data"
CMS_REF = "v11.1.0"
"""The tag of CMS's repository read by default (2026-08-20; it has PY2017-2027)."""
RAW_BASE = "https://raw.githubusercontent.com"
MEASURES_PATH = "measures/{year}/measures-data.json"
MVP_PATH = "mvp/{year}/mvp.json"
FETCH_TIMEOUT = 30
"""Seconds to wait for CMS's server before giving up."""
_MEASURES_IN_URL = re.compile(r"measures/(\d{4})/measures-data\.json$")


def default_year(today: date) -> int:
    """The year whose list a practice wants next: next year's from October (CMS
    publishes it with the final rule in November), else this year's."""
    return today.year + 1 if today.month >= 10 else today.year


def cms_url(path: str, year: int, ref: str = CMS_REF) -> str:
    """The address of one of CMS's files for ``year`` in its public repository."""
    return f"{RAW_BASE}/{CMS_REPOSITORY}/{ref}/{path.format(year=year)}"


def _is_url(where: str) -> bool:
    return where.startswith(("http://", "https://"))


def read_source(where: str, limit: int) -> bytes:
    """The bytes at a URL (http or https only) or in a file, at most ``limit`` of them."""
    if not _is_url(where):
        if "://" in where:
            msg = f"{where}: only http://, https:// or a file can be read"
            raise InputFileError(msg, source=where)
        return read_capped(Path(where), limit)
    request = urllib.request.Request(where, headers={"User-Agent": "ia-planner"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit():
                check_size(int(length), limit, where)
            data: bytes = response.read(limit + 1)
    except InputFileError:
        raise
    except urllib.error.HTTPError as exc:
        msg = in_app = f"{where} answered {exc.code} {exc.reason}"
        if exc.code == 404:
            msg += ": CMS has not published that file there (check the year, or give --from)"
            in_app += ": CMS has not published that file there (check the year)"
        raise InputFileError(msg, source=where, in_app=in_app) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        msg = f"{where} cannot be fetched: {reason}"
        raise InputFileError(msg, source=where) from exc
    check_size(len(data), limit, where)
    return data


def mvp_source_beside(where: str, year: int) -> str | None:
    """Where CMS's mvp.json is beside its measures file: the repository's layout for a
    URL or a checkout, else ``mvp.json`` in the same folder."""
    if _is_url(where):
        match = _MEASURES_IN_URL.search(where)
        return None if match is None else where[: match.start()] + MVP_PATH.format(year=year)
    path = Path(where).resolve()
    candidates = [path.parent / "mvp.json"]
    if len(path.parents) > 2:
        candidates.append(path.parents[2] / MVP_PATH.format(year=year))  # a checkout
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    return None


def _check_year(records: list[dict[str, Any]], year: int, source: str) -> None:
    """Each activity has the fields the planner reads, and is offered in ``year``."""
    for index, record in enumerate(records):
        if record.get("category") != "ia":
            continue
        text_field(record, "measureId", index, source, "an activity")
        text_field(record, "title", index, source, "an activity")
        for key in ("description", "subcategoryId"):
            if record.get(key) is not None and not isinstance(record.get(key), str):
                msg = f"{source}, record {index + 1} ({record['measureId']}): '{key}' must be text"
                raise InputFileError(msg, source=source)
        first, last = record.get("firstPerformanceYear"), record.get("lastPerformanceYear")
        if (isinstance(first, int) and first > year) or (isinstance(last, int) and last < year):
            msg = (
                f"{source}, record {index + 1} ({record.get('measureId')}): offered "
                f"{first}-{last or 'on'}, not in {year}; is this the {year} file?"
            )
            raise InputFileError(msg, source=source)


def read_year(
    measures: bytes, measures_source: str, mvps: bytes | None, mvp_source: str, year: int
) -> YearTables:
    """One year's tables from CMS's files, checked (nothing is stored here)."""
    records = load_records(measures, measures_source)
    if not any(r.get("category") == "ia" for r in records):
        msg = f"{measures_source} has no improvement activities (records with category 'ia')"
        raise InputFileError(msg, source=measures_source)
    _check_year(records, year, measures_source)
    if mvps is None and _needs_mvps(year):
        msg = (
            f"PY{year} needs CMS's MVP file (mvp/{year}/mvp.json) too: give it with "
            "--mvp-from (or the app's second upload)"
        )
        in_app = f"PY{year} needs CMS's MVP file (mvp/{year}/mvp.json) too: upload it as well"
        raise InputFileError(msg, source=measures_source, in_app=in_app)
    inventory = inventory_from_json(measures, year, measures_source)
    mvp_list: list[list[object]] = []
    if mvps is not None:
        mvp_list = mvp_rows(load_records(mvps, mvp_source, MAX_MVP_BYTES), year, mvp_source)
    return YearTables(inventory, mvp_list, quality_rows(records, year, measures_source))


def _tables_text(tables: YearTables) -> dict[str, str]:
    return {
        INVENTORY: csv_text(INVENTORY_COLUMNS, inventory_rows(tables.inventory)),
        MVPS: csv_text(MVP_COLUMNS, tables.mvps),
        QUALITY: csv_text(QUALITY_COLUMNS, tables.quality),
        PAIRINGS: csv_text(PAIRING_COLUMNS, year_pairings(tables)),
    }


def _needs_mvps(year: int) -> bool:
    first = first_year(lambda r: r.mvp)
    return first is not None and year >= first


def update_year(
    year: int,
    measures: bytes,
    measures_source: str,
    mvps: bytes | None = None,
    mvp_source: str = "",
    *,
    today: date,
) -> UpdateReport:
    """Check CMS's files for ``year``, store the year, and report the changes."""
    if not 2017 <= year <= 2100:
        msg = f"--year must be a performance year from 2017, got {year}"
        in_app = f"The performance year must be from 2017 to 2100, got {year}"
        raise InputFileError(msg, source=measures_source, in_app=in_app)
    tables = read_year(measures, measures_source, mvps, mvp_source, year)
    previous = max((y for y in loaded_years() if y < year), default=None)
    before = None if previous is None else bundled_inventory(previous)
    if year in stored_years():
        known = stored_source(year)
        replaced = f"the PY{year} list loaded on {known.loaded_on} from {known.source}"
    else:
        replaced = f"the bundled PY{year} list" if year in bundled_years() else ""
    changes = () if before is None else compare_inventories(before, tables.inventory)
    meta = StoredYear(
        year=year,
        source=measures_source,
        loaded_on=today.isoformat(),
        sha256=hashlib.sha256(measures).hexdigest(),
        activities=len(tables.inventory),
        mvp_source=mvp_source if mvps is not None else "",
    )
    report = UpdateReport(
        stored=meta,
        previous=previous,
        replaced=replaced,
        changes=changes,
        rule_changes=() if before is None else tuple(rule_changes(before, tables.inventory)),
        review=tuple(review_items(before, tables.inventory)),
        provisional=year not in rule_years(),
    )
    store_year(meta, _tables_text(tables))
    refresh()
    return report


def update_from(
    year: int, where: str | None, mvp_where: str | None, *, today: date
) -> UpdateReport:
    """``update_year`` with CMS's files read from CMS's repository, a URL or files."""
    where = where or cms_url(MEASURES_PATH, year)
    mvp_where = mvp_where or mvp_source_beside(where, year)
    measures = read_source(where, MAX_MEASURES_BYTES)
    mvps = None if mvp_where is None else read_source(mvp_where, MAX_MVP_BYTES)
    return update_year(year, measures, where, mvps, mvp_where or "", today=today)


def refresh() -> None:
    """Forget every table read so far: the next plan reads the stored years afresh."""
    forget_loaded()
    forget_changes()


@dataclass(frozen=True, slots=True)
class LoadedYear:
    """One row of ``mips-ia data list``."""

    year: int
    kind: str
    source: str
    loaded_on: str
    provisional: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "kind": self.kind,
            "source": self.source,
            "date": self.loaded_on,
            "provisional": self.provisional,
        }


def loaded_year_list() -> list[LoadedYear]:
    """Every year with CMS's list: bundled, or updated by the user (the stored copy is
    the one planned), with its source and date; provisional without a rules row."""
    stored, bundled, rules = set(stored_years()), set(bundled_years()), set(rule_years())
    rows: list[LoadedYear] = []
    for year in loaded_years():
        if year in stored:
            meta = stored_source(year)
            kind = "updated (replaces the bundled list)" if year in bundled else "updated"
            source, day = meta.source, meta.loaded_on
        else:
            kind, source, day = "bundled", BUNDLED_FROM, BUNDLED_ON
        rows.append(LoadedYear(year, kind, source, day, year not in rules))
    return rows
