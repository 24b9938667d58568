"""A group's roster, as CSV, xlsx or the app's editable table: one row per
clinician with an NPI or a name, an optional role, the activities they cannot
do, an optional cap on how many they take on, and their own hours per activity
in columns named by activity ID.

    NPI,        Name,    Role,      Cannot do,          Max activities, IA_BMH_7
    1234567893, Dr Lee,  physician, "IA_EPA_1, IA_PM_2", 2,             3.5
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, BinaryIO

from optimizer.errors import TableFormatError
from optimizer.model import ACTIVITY_ID, Clinician, SpecialStatus
from optimizer.sources import field_values as values
from optimizer.sources.tables import (
    Cells,
    RawTable,
    cell_text,
    normalise_header,
    read_table,
    table_from_records,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "npi": ("NPI", "Clinician NPI", "npi_number"),
    "name": ("Name", "Clinician", "Clinician name", "Full name"),
    "role": ("Role", "Specialty", "Position"),
    "cannot": ("Cannot do", "Cannot", "Can't do", "cannot_do", "Excluded activities"),
    "cap": ("Max activities", "Cap", "max_activities", "Max per clinician"),
    "non-patient-facing": ("Non-patient facing", "non_patient_facing", "NPF"),
    "rural": ("Rural", "rural"),
    "hpsa": ("HPSA", "hpsa"),
}
STATUS_HEADERS = {
    SpecialStatus.NON_PATIENT_FACING: "Non-patient facing",
    SpecialStatus.RURAL: "Rural",
    SpecialStatus.HPSA: "HPSA",
}
"""The yes/no columns of a clinician's own statuses (a group's status follows them)."""
HEADER = ("NPI", "Name", "Role", "Cannot do", "Max activities")


def _is_header(row: Sequence[str]) -> bool:
    names = {normalise_header(c) for c in row}
    wanted = {normalise_header(a) for a in COLUMNS["npi"] + COLUMNS["name"]}
    return bool(names & wanted)


def _activity_column(name: str) -> str | None:
    text = name.strip().upper().replace(" ", "_")
    return text if ACTIVITY_ID.match(text) else None


def _clinician(row: Cells, hour_columns: Sequence[str]) -> Clinician:
    npi = row.read("npi", values.npi) or ""
    name = row.get("name")
    if not (npi or name):
        raise row.error(
            "npi" if row.has("npi") else "name", "is empty; give the clinician's NPI or name"
        )
    return Clinician(
        id=npi or name,
        name=name,
        role=row.get("role"),
        cannot=row.read("cannot", values.activity_ids) or frozenset(),
        efforts=tuple(
            (activity_id, hours)
            for activity_id in hour_columns
            if (hours := row.read(activity_id, values.hours)) is not None
        ),
        max_activities=row.read(
            "cap", lambda t: values.whole(t, 0, "a whole number of activities")
        ),
        statuses=frozenset(
            status for status in STATUS_HEADERS if row.read(status.value, values.flag)
        ),
    )


def roster_from_table(table: RawTable) -> tuple[Clinician, ...]:
    """Clinicians out of a table already read; errors name the row and column."""
    columns = table.column_map(COLUMNS)
    hour_columns: list[str] = []
    for index, name in enumerate(table.columns):
        activity_id = _activity_column(name)
        if activity_id is not None:
            columns[activity_id] = index
            hour_columns.append(activity_id)
    clinicians: list[Clinician] = []
    first_row: dict[str, int] = {}
    for row in table.cells(columns):
        clinician = _clinician(row, hour_columns)
        if clinician.id in first_row:
            key = "npi" if row.get("npi") else "name"
            raise row.error(
                key, f"{clinician.id} is already on {table.row_label} {first_row[clinician.id]}"
            )
        first_row[clinician.id] = row.number
        clinicians.append(clinician)
    if not clinicians:
        msg = f"{table.source} has no clinicians: add one row per clinician"
        raise TableFormatError(msg, source=table.source)
    return tuple(clinicians)


def read_roster(fp: BinaryIO | bytes, source: str = "roster") -> tuple[Clinician, ...]:
    """A roster file (.xlsx, .csv or .json) as clinicians, in file order."""
    table = read_table(
        fp, source, is_header=_is_header, what="header row with an 'NPI' or a 'Name' column"
    )
    return roster_from_table(table)


def roster_from_records(
    records: Iterable[Mapping[str, Any]], source: str = "roster table"
) -> tuple[Clinician, ...]:
    """Clinicians out of the app's editable table (one mapping per row, rows from 1);
    blank rows are skipped."""
    table = table_from_records(source, list(records))
    if not _is_header(table.columns):
        msg = f"{source} needs an 'NPI' or a 'Name' column"
        raise TableFormatError(msg, source=source)
    return roster_from_table(table)


def roster_records(
    roster: Sequence[Clinician], activity_ids: Iterable[str] = ()
) -> list[dict[str, str]]:
    """The roster as rows for an editable table, a CSV or a workbook sheet: the fixed
    columns, then one hours column per activity any clinician has an effort for."""
    extra = sorted({a for c in roster for a, _ in c.efforts} | set(activity_ids))
    with_statuses = any(c.statuses for c in roster)
    records = []
    for clinician in roster:
        is_npi = len(clinician.id) == 10 and clinician.id.isdigit()
        hours = dict(clinician.efforts)
        record = {
            "NPI": clinician.id if is_npi else "",
            "Name": clinician.name or ("" if is_npi else clinician.id),
            "Role": clinician.role,
            "Cannot do": ", ".join(sorted(clinician.cannot)),
            "Max activities": ""
            if clinician.max_activities is None
            else str(clinician.max_activities),
        }
        if with_statuses:
            record.update(
                {h: "yes" if s in clinician.statuses else "no" for s, h in STATUS_HEADERS.items()}
            )
        record.update({a: cell_text(hours[a]) if a in hours else "" for a in extra})
        records.append(record)
    return records


def write_roster_csv(roster: Sequence[Clinician]) -> bytes:
    """The roster as a CSV that ``read_roster`` reads back to the same clinicians."""
    records = roster_records(roster)
    columns = list(records[0]) if records else list(HEADER)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


def interchangeable_roster(count: int) -> tuple[Clinician, ...]:
    """``count`` clinicians named 'Clinician 1' ... with no limits: a starting roster."""
    return tuple(Clinician(id=f"Clinician {n}", name=f"Clinician {n}") for n in range(1, count + 1))
