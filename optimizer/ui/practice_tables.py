"""The editable history, efforts and roster tables, and the way back from them to
attestations, hours and clinicians. Plain pandas: nothing here draws."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from optimizer.model import Attestation, Clinician
from optimizer.sources import field_values as values
from optimizer.sources.roster import HEADER as ROSTER_HEADER
from optimizer.sources.roster import STATUS_HEADERS, roster_from_records, roster_records
from optimizer.sources.tables import table_from_records
from optimizer.ui.labels import HISTORY_ID, HISTORY_YEAR


def history_frame(history: Iterable[Attestation]) -> pd.DataFrame:
    """The attestation history as an editable two-column table."""
    rows = [{HISTORY_ID: a.activity_id, HISTORY_YEAR: a.year} for a in history]
    frame = pd.DataFrame(rows, columns=[HISTORY_ID, HISTORY_YEAR])
    return frame.astype({HISTORY_ID: "object", HISTORY_YEAR: "Int64"})


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def history_from_frame(frame: pd.DataFrame) -> tuple[Attestation, ...]:
    """Attestations from the edited history table; wholly empty rows are skipped."""
    records = [
        {str(k): None if _blank(v) else v for k, v in row.items()}
        for row in frame.to_dict("records")
    ]
    if not records:
        return ()
    table = table_from_records("History table", records)
    columns = {"id": table.need_column((HISTORY_ID,)), "year": table.need_column((HISTORY_YEAR,))}
    history = []
    for row in table.cells(columns):
        ids = row.read("id", values.activity_ids)
        year = row.read("year", values.attested_year)
        if not ids or len(ids) != 1:
            raise row.error("id", f"{row.get('id')!r} is not an activity ID (like IA_EPA_1)")
        if year is None:
            raise row.error("year", "must be a performance year such as 2024, got ''")
        history.append(Attestation(next(iter(ids)), year))
    return tuple(sorted(set(history)))


EFFORT_ID, EFFORT_HOURS = "Activity ID", "Hours"


def efforts_frame(efforts: Mapping[str, float]) -> pd.DataFrame:
    """The practice's own hours per activity as an editable two-column table."""
    rows = [{EFFORT_ID: a, EFFORT_HOURS: h} for a, h in sorted(efforts.items())]
    frame = pd.DataFrame(rows, columns=[EFFORT_ID, EFFORT_HOURS])
    return frame.astype({EFFORT_ID: "object", EFFORT_HOURS: "Float64"})


def efforts_from_frame(frame: pd.DataFrame) -> dict[str, float]:
    """Hours per activity from the edited efforts table; wholly empty rows are skipped."""
    records = [
        {str(k): None if _blank(v) else v for k, v in row.items()}
        for row in frame.to_dict("records")
    ]
    records = [r for r in records if any(v is not None for v in r.values())]
    if not records:
        return {}
    table = table_from_records("Efforts table", records)
    columns = {"id": table.need_column((EFFORT_ID,)), "hours": table.need_column((EFFORT_HOURS,))}
    efforts: dict[str, float] = {}
    for row in table.cells(columns):
        ids = row.read("id", values.activity_ids)
        hours = row.read("hours", values.hours)
        if not ids or len(ids) != 1:
            raise row.error("id", f"{row.get('id')!r} is not an activity ID (like IA_EPA_1)")
        if hours is None:
            raise row.error("hours", "must be a number of hours >= 0, got ''")
        efforts[next(iter(ids))] = hours
    return efforts


def roster_frame(roster: Sequence[Clinician], activity_ids: Iterable[str] = ()) -> pd.DataFrame:
    """The roster as an editable table of text cells: NPI, name, role, cannot do, max
    activities, the clinician's own statuses (yes/no), then one hours column per
    activity (``activity_ids`` and any the roster has hours for)."""
    records = roster_records(roster, activity_ids)
    extra = sorted({a for c in roster for a, _ in c.efforts} | set(activity_ids))
    columns = [*ROSTER_HEADER, *STATUS_HEADERS.values(), *extra]
    return pd.DataFrame(records, columns=columns, dtype="object")


def roster_from_frame(frame: pd.DataFrame) -> tuple[Clinician, ...]:
    """The clinicians of the edited roster table; an empty (or all-blank) table is no
    roster. Errors name the row and column, counting rows from 1."""
    records = [
        {str(k): None if _blank(v) else v for k, v in row.items()}
        for row in frame.to_dict("records")
    ]
    if not any(v is not None and str(v).strip() for r in records for v in r.values()):
        return ()
    return roster_from_records(records)
