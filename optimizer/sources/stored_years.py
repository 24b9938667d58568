"""CMS lists the user loaded with ``mips-ia data update``, kept in the user's data
directory (``platformdirs``, or the folder IA_PLANNER_DATA_DIR names), never inside
the installed package: ``years/<PY>/`` holds that year's inventory, MVP, quality
measure and pairing tables (the bundled tables' columns) and ``source.json`` (where
the list came from and when). A year is written to a temporary folder and renamed
into place, so a failed update leaves the store as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import platformdirs

from optimizer.errors import InputFileError

ENV_VAR = "IA_PLANNER_DATA_DIR"
APP_NAME = "ia-planner"
"""The same name the workspace's default database lives under (workspace/location.py)."""
INVENTORY = "inventory.csv"
MVPS = "mvps.csv"
QUALITY = "quality_measures.csv"
PAIRINGS = "pairings.csv"
SOURCE = "source.json"
TABLES = (INVENTORY, MVPS, QUALITY, PAIRINGS)


@dataclass(frozen=True, slots=True)
class StoredYear:
    """Where one stored year's list came from: the URL or file (and the MVP file's),
    the day it was read, and the SHA-256 of CMS's measures file."""

    year: int
    source: str
    loaded_on: str
    sha256: str
    activities: int
    mvp_source: str = ""


def data_dir() -> Path:
    """The user's data directory (IA_PLANNER_DATA_DIR, else platformdirs')."""
    named = os.environ.get(ENV_VAR, "").strip()
    return Path(named) if named else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def years_dir() -> Path:
    return data_dir() / "years"


def year_dir(year: int) -> Path:
    return years_dir() / str(year)


@cache
def stored_years() -> tuple[int, ...]:
    """The years with a complete stored list, oldest first (read once; ``forget()``
    after a change)."""
    folder = years_dir()
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(
            int(p.name)
            for p in folder.iterdir()
            if p.name.isdigit() and all((p / name).is_file() for name in (*TABLES, SOURCE))
        )
    )


@cache
def stored_source(year: int) -> StoredYear:
    """Where the stored ``year`` came from."""
    path = year_dir(year) / SOURCE
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        return StoredYear(**fields)
    except (OSError, ValueError, TypeError) as exc:
        msg = f"{path} is damaged ({exc}); run `mips-ia data update --year {year}` again"
        in_app = f"{path} is damaged ({exc}); load the year again on the Data page"
        raise InputFileError(msg, source=str(path), in_app=in_app) from exc


def stored_table(year: int, name: str) -> Path:
    """The path of one of the stored year's tables."""
    return year_dir(year) / name


def store_year(meta: StoredYear, tables: dict[str, str]) -> Path:
    """Write the year's tables to a temporary folder, then rename it into place (the
    copy it replaces is removed only once the new one is in place)."""
    final = year_dir(meta.year)
    temp = final.with_name(f".{meta.year}.{os.getpid()}.new")
    old = final.with_name(f".{meta.year}.{os.getpid()}.old")
    try:
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir(parents=True)
        for name, text in tables.items():
            (temp / name).write_text(text, encoding="utf-8", newline="")
        (temp / SOURCE).write_text(json.dumps(asdict(meta), indent=2) + "\n", encoding="utf-8")
        if final.exists():
            final.rename(old)
        temp.rename(final)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if old.exists() and not final.exists():
            old.rename(final)
        msg = f"Nothing was stored: {exc.filename or final} cannot be written ({exc.strerror})"
        raise InputFileError(msg, source=str(final)) from exc
    shutil.rmtree(old, ignore_errors=True)
    return final
