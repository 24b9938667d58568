"""The change log: one row per changed field (who, when, which practice-year and
activity, the field, its old and new value), written in the same transaction as
the change itself, so a change is never kept without its record.

Rows are only ever added: this module has no way to change or delete one, and the
database refuses an UPDATE or DELETE of the ``changes`` table (migration 0004's
triggers). ``changes`` reads a practice's rows, scoped like every read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from optimizer.exports.xlsx import FORMULA_STARTS
from optimizer.workspace.access import Role
from optimizer.workspace.database import Workspace
from optimizer.workspace.practice_lookup import find_practice
from optimizer.workspace.records import now, utc
from optimizer.workspace.tables import ChangeRecord, Organization, Practice

CHANGE_HEADERS = ("When (UTC)", "Who", "Year", "Activity", "Field", "Old", "New")
MAX_VALUE_CHARS = 2_000
"""An old or new value is kept to this length (a long note is cut, marked '...')."""


@dataclass(frozen=True, slots=True)
class ChangeInfo:
    """One changed field. ``practice`` is '' for a change of people and roles."""

    at: datetime
    actor_email: str
    actor_subject: str
    practice: str
    year: int | None
    activity_id: str
    field: str
    old: str
    new: str
    organization: str = ""


def value_text(value: Any) -> str:
    """A value as the log keeps it: '' for none, dates as ISO, lists joined by ', '."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        value = sorted(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 3] + "..."


def log(
    session: Session,
    ws: Workspace,
    *,
    field: str,
    old: Any,
    new: Any,
    practice: Practice | None = None,
    organization_id: int | None = None,
    year: int | None = None,
    activity_id: str = "",
) -> None:
    """Add one row for one changed field (nothing when old and new read the same), of
    ``practice`` (and its organization), or of ``organization_id`` alone."""
    old_text, new_text = value_text(old), value_text(new)
    if old_text == new_text:
        return
    if practice is not None:
        organization_id = practice.organization_id
    assert organization_id is not None, "a change is of a practice or an organization"
    actor = ws.scope.actor
    session.add(
        ChangeRecord(
            at=now(),
            actor_subject=actor.subject,
            actor_email=actor.email,
            organization_id=organization_id,
            practice_id=None if practice is None else practice.id,
            practice="" if practice is None else practice.name,
            year=year,
            activity_id=activity_id,
            field=field,
            old=old_text,
            new=new_text,
        )
    )


def log_fields(
    session: Session,
    ws: Workspace,
    practice: Practice,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    *,
    year: int | None = None,
    activity_id: str = "",
) -> None:
    """One row for each field whose value differs between ``before`` and ``after``."""
    for name in after:
        log(
            session,
            ws,
            practice=practice,
            year=year,
            activity_id=activity_id,
            field=name,
            old=before.get(name),
            new=after[name],
        )


def _info(row: ChangeRecord, organization: str) -> ChangeInfo:
    return ChangeInfo(
        at=utc(row.at),
        actor_email=row.actor_email,
        actor_subject=row.actor_subject,
        practice=row.practice,
        year=row.year,
        activity_id=row.activity_id,
        field=row.field,
        old=row.old,
        new=row.new,
        organization=organization,
    )


def changes(ws: Workspace, practice: str, year: int | None = None) -> tuple[ChangeInfo, ...]:
    """The practice's changes (of ``year`` and of the practice itself, when given),
    oldest first; a practice the scope does not see is not found."""
    with ws.read() as session:
        row = find_practice(session, practice, ws)
        query = select(ChangeRecord).where(ChangeRecord.practice_id == row.id)
        if year is not None:
            query = query.where((ChangeRecord.year == year) | ChangeRecord.year.is_(None))
        rows = session.scalars(query.order_by(ChangeRecord.at, ChangeRecord.id))
        return tuple(_info(r, row.organization.name) for r in rows)


def organization_changes(ws: Workspace, organization: str) -> tuple[ChangeInfo, ...]:
    """The changes of people and roles of an organization (its admins read them)."""
    ws.scope.require(Role.ADMIN, organization, "reading who changed people and roles")
    with ws.read() as session:
        query = (
            select(ChangeRecord)
            .join(Organization, Organization.id == ChangeRecord.organization_id)
            .where(Organization.name == organization, ChangeRecord.practice_id.is_(None))
        )
        rows = session.scalars(query.order_by(ChangeRecord.at, ChangeRecord.id))
        return tuple(_info(r, organization) for r in rows)


def change_rows(rows: Iterable[ChangeInfo]) -> list[tuple[Any, ...]]:
    """The rows as table cells: when, who, year, activity, field, old, new."""
    return [
        (
            c.at.replace(tzinfo=None, microsecond=0),
            c.actor_email,
            c.year or "",
            c.activity_id,
            c.field,
            c.old,
            c.new,
        )
        for c in rows
    ]


def changes_csv(rows: Iterable[ChangeInfo]) -> bytes:
    """The rows as CSV (UTF-8): a cell that would start a formula begins with "'"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CHANGE_HEADERS)
    for row in change_rows(rows):
        cells = [c.isoformat(sep=" ") if isinstance(c, datetime) else str(c) for c in row]
        writer.writerow([f"'{c}" if c.startswith(FORMULA_STARTS) else c for c in cells])
    return out.getvalue().encode("utf-8")
