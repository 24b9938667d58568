"""CMS-shaped files made by the tests from the bundled 2026 tables: a
``measures-data.json`` (activities, quality measures, one PI record) and an
``mvp.json``, with descriptions written here that state each activity's facts in
the phrases CMS uses, and a 2027 copy with activities added, removed, suspended,
re-worded and re-IDed. Served by a loopback HTTP server; nothing reaches the internet."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from optimizer.sources.bundled import bundled_inventory, mvp_catalog, quality_measures
from optimizer.sources.inventory import SUBCATEGORY_NAMES

SUBCATEGORY_IDS = {name: key for key, name in SUBCATEGORY_NAMES.items()}
MONTHS = {184: 6}


def description(frequency: int | None, period: int | None, suspended: str | None) -> str:
    parts = ["Test wording for this activity."]
    if frequency:
        parts.append(f"This activity may be selected once every {frequency} years.")
    if period in MONTHS:
        parts.append(f"Clinicians take part for a minimum of {MONTHS[period]} months.")
    elif period:
        parts.append(f"It takes a continuous {period} days or greater.")
    if suspended:
        parts.append(f"This activity is suspended for the performance period as of {suspended}.")
    return " ".join(parts)


def ia_record(
    activity_id: str,
    title: str,
    subcategory: str,
    *,
    first: int = 2017,
    frequency: int | None = None,
    period: int | None = None,
    suspended: str | None = None,
    mvp_only: bool = False,
) -> dict[str, Any]:
    return {
        "category": "ia",
        "measureId": activity_id,
        "title": title,
        "description": description(frequency, period, suspended),
        "metricType": "boolean",
        "firstPerformanceYear": first,
        "lastPerformanceYear": None,
        "subcategoryId": SUBCATEGORY_IDS.get(subcategory),
        "allowedPrograms": ["mvp"] if mvp_only else ["mips", "mvp"],
    }


def measures_2026() -> list[dict[str, Any]]:
    """The bundled 2026 list as CMS's measures-data.json would hold it."""
    records = [
        ia_record(
            a.id,
            a.title,
            a.subcategory,
            first=a.first_year or 2017,
            frequency=a.frequency_years,
            period=a.period_days,
            mvp_only=a.mvp_only,
        )
        for a in bundled_inventory(2026).activities
    ]
    records += [
        {"category": "quality", "measureId": m, "title": t, "metricType": "performanceRate"}
        for m, t in quality_measures(2026).items()
    ]
    records.append({"category": "pi", "measureId": "PI_EP_1", "title": "e-Prescribing"})
    return records


def mvps_2026() -> list[dict[str, Any]]:
    return [
        {
            "mvpId": m.id,
            "title": m.title,
            "iaMeasureIds": sorted(m.activity_ids),
            "qualityMeasureIds": sorted(m.quality_ids),
        }
        for m in mvp_catalog(2026).values()
    ]


ADDED = ("IA_AHW_9", "Community health worker home visits", "Advancing Health and Wellness")
REMOVED = "IA_BE_19"
SUSPENDED = ("IA_PSPA_19", "March 2, 2027")
RE_IDED = ("IA_PSPA_3", "IA_PSPA_40")
UNLIMITED = "IA_PSPA_4"  # its 2026 frequency limit is gone from the 2027 wording
SHORTER = ("IA_ERP_2", 30)  # 60 days in 2026, 30 in 2027


def measures_2027() -> list[dict[str, Any]]:
    """The 2026 list as 2027's, with one activity of each kind of change."""
    out: list[dict[str, Any]] = []
    for record in measures_2026():
        rid = record["measureId"]
        if rid == REMOVED:
            continue
        record = dict(record)
        if rid == SUSPENDED[0]:
            record["description"] = description(None, None, SUSPENDED[1])
        elif rid == RE_IDED[0]:
            record["measureId"] = RE_IDED[1]
        elif rid == UNLIMITED:
            record["description"] = description(None, None, None)
        elif rid == SHORTER[0]:
            record["description"] = description(None, SHORTER[1], None)
        out.append(record)
    out.append(ia_record(*ADDED, first=2027))
    return out


def mvps_2027() -> list[dict[str, Any]]:
    old, new = RE_IDED
    out = []
    for mvp in mvps_2026():
        ids = [new if i == old else i for i in mvp["iaMeasureIds"] if i != REMOVED]
        out.append({**mvp, "iaMeasureIds": sorted(ids)})
    return out


def write_repository(root: Path, ref: str, files: dict[int, tuple[Any, Any]]) -> Path:
    """CMS's repository layout under ``root``: <owner>/<repo>/<ref>/measures/<PY>/... ."""
    base = root / "CMSgov" / "qpp-measures-data" / ref
    for year, (measures, mvps) in files.items():
        (base / "measures" / str(year)).mkdir(parents=True, exist_ok=True)
        (base / "mvp" / str(year)).mkdir(parents=True, exist_ok=True)
        (base / "measures" / str(year) / "measures-data.json").write_text(json.dumps(measures))
        (base / "mvp" / str(year) / "mvp.json").write_text(json.dumps(mvps))
    return base


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up early (the size cap refuses a file from its
        Content-Length, unread) is what a test asks for: no traceback on stderr, where
        it would join the command's own output."""


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A loopback HTTP server for ``folder``; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
