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
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, BinaryIO

from optimizer.errors import TableFormatError
from optimizer.model import ACTIVITY_ID, Clinician
from optimizer.tables import RawTable, cell_text, normalise_header, read_table

NPI_COLUMNS = ("NPI", "Clinician NPI", "npi_number")
NAME_COLUMNS = ("Name", "Clinician", "Clinician name", "Full name")
ROLE_COLUMNS = ("Role", "Specialty", "Position")
CANNOT_COLUMNS = ("Cannot do", "Cannot", "Can't do", "cannot_do", "Excluded activities")
CAP_COLUMNS = ("Max activities", "Cap", "max_activities", "Max per clinician")
HEADER = ("NPI", "Name", "Role", "Cannot do", "Max activities")


def _is_header(row: Sequence[str]) -> bool:
    names = {normalise_header(c) for c in row}
    wanted = {normalise_header(a) for a in NPI_COLUMNS + NAME_COLUMNS}
    return bool(names & wanted)


def _activity_column(name: str) -> str | None:
    text = name.strip().upper().replace(" ", "_")
    return text if ACTIVITY_ID.match(text) else None


def _split_ids(table: RawTable, row: int, column: int, text: str) -> frozenset[str]:
    ids = set()
    for part in text.replace(";", ",").split(","):
        activity_id = part.strip().upper().replace(" ", "_")
        if not activity_id:
            continue
        if not ACTIVITY_ID.match(activity_id):
            raise table.error(
                row, column, f"{part.strip()!r} is not an activity ID (IDs look like IA_EPA_1)"
            )
        ids.add(activity_id)
    return frozenset(ids)


def _npi(table: RawTable, row: int, column: int, text: str) -> str:
    if not (len(text) == 10 and text.isdigit()):
        raise table.error(row, column, f"an NPI has 10 digits, got {text!r}")
    return text


def _cap(table: RawTable, row: int, column: int, text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise table.error(row, column, f"must be a whole number of activities >= 0, got {text!r}")
    return int(text)


def _hours(table: RawTable, row: int, column: int, text: str) -> float:
    try:
        hours = float(text)
    except ValueError:
        hours = -1.0
    if not (hours >= 0 and math.isfinite(hours)):
        raise table.error(row, column, f"must be a number of hours >= 0, got {text!r}")
    return hours


def roster_from_table(table: RawTable) -> tuple[Clinician, ...]:
    """Clinicians out of a table already read; errors name the row and column."""
    npi_col, name_col = table.find_column(NPI_COLUMNS), table.find_column(NAME_COLUMNS)
    role_col, cannot_col = table.find_column(ROLE_COLUMNS), table.find_column(CANNOT_COLUMNS)
    cap_col = table.find_column(CAP_COLUMNS)
    effort_cols = [
        (i, activity_id)
        for i, name in enumerate(table.columns)
        if (activity_id := _activity_column(name)) is not None
    ]
    clinicians: list[Clinician] = []
    first_row: dict[str, int] = {}
    for row, cells in table.rows:
        npi = "" if npi_col is None else cells[npi_col]
        name = "" if name_col is None else cells[name_col]
        if npi_col is not None and npi:
            npi = _npi(table, row, npi_col, npi)
        key = npi or name
        if not key:
            column = npi_col if npi_col is not None else name_col
            raise table.error(row, column, "is empty; give the clinician's NPI or name")
        if key in first_row:
            column = npi_col if npi else name_col
            raise table.error(
                row, column, f"{key} is already on {table.row_label} {first_row[key]}"
            )
        first_row[key] = row
        efforts = [
            (activity_id, _hours(table, row, i, cells[i]))
            for i, activity_id in effort_cols
            if cells[i]
        ]
        clinicians.append(
            Clinician(
                id=key,
                name=name,
                role="" if role_col is None else cells[role_col],
                cannot=(
                    frozenset()
                    if cannot_col is None
                    else _split_ids(table, row, cannot_col, cells[cannot_col])
                ),
                efforts=tuple(efforts),
                max_activities=None
                if cap_col is None
                else _cap(table, row, cap_col, cells[cap_col]),
            )
        )
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
    rows = list(records)
    columns: list[str] = []
    for record in rows:
        columns += [str(k) for k in record if str(k) not in columns]
    numbered = [(n, tuple(cell_text(r.get(c)) for c in columns)) for n, r in enumerate(rows, 1)]
    if not _is_header(columns):
        msg = f"{source} needs an 'NPI' or a 'Name' column"
        raise TableFormatError(msg, source=source)
    table = RawTable(source, tuple(columns), tuple((n, c) for n, c in numbered if any(c)))
    return roster_from_table(table)


def roster_records(
    roster: Sequence[Clinician], activity_ids: Iterable[str] = ()
) -> list[dict[str, str]]:
    """The roster as rows for an editable table, a CSV or a workbook sheet: the fixed
    columns, then one hours column per activity any clinician has an effort for."""
    extra = sorted({a for c in roster for a, _ in c.efforts} | set(activity_ids))
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
