"""Removing a practice, which hides it (with its plans, progress and evidence), and
restoring it within ``RESTORE_DAYS`` days; the first removal or addition after
that deletes it for good."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.workspace.access import Role
from optimizer.workspace.change_log import log
from optimizer.workspace.database import Workspace
from optimizer.workspace.practice_lookup import (
    RESTORE_DAYS,
    find_practice,
    name_key,
    named,
    restorable_until,
)
from optimizer.workspace.records import PracticeInfo, now, practice_info, utc
from optimizer.workspace.scoping import require, visible
from optimizer.workspace.tables import Practice


@dataclass(frozen=True, slots=True)
class RemovedPractice:
    """A removed practice, and the last day it can be restored."""

    name: str
    tin: str | None
    removed_at: datetime
    restorable_until: date


def moment_on(day: date) -> datetime:
    """Now's time of day on ``day``: removals counted on a face's own clock."""
    return datetime.combine(day, now().time(), now().tzinfo)


def _removed(row: Practice) -> RemovedPractice:
    removed = utc(row.removed_at or now())
    return RemovedPractice(row.name, row.tin, removed, restorable_until(removed))


def removed_taken(row: Practice, ws: Workspace) -> str:
    removed = _removed(row)
    return (
        f"a removed practice of {ws.name} is named {row.name!r} (removed on "
        f"{removed.removed_at.date()}): restore it, or choose another name"
    )


def purge_expired(session: Session, ws: Workspace, moment: datetime) -> None:
    """Delete for good the scope's practices removed longer ago than ``RESTORE_DAYS``."""
    cutoff = moment - timedelta(days=RESTORE_DAYS)
    rows = session.scalars(
        select(Practice).where(Practice.removed_at.is_not(None), visible(ws.scope))
    )
    for row in rows:
        if utc(row.removed_at or moment) < cutoff:
            _log(session, ws, row, "removed", "deleted")  # the log outlives the practice
            session.delete(row)
    session.flush()


def remove_practice(ws: Workspace, name: str, *, at: datetime | None = None) -> RemovedPractice:
    """Hide the practice with its plans, progress and evidence; restorable for 30 days."""
    moment = at or now()
    with ws.write() as session:
        purge_expired(session, ws, moment)
        row = find_practice(session, name, ws)
        require(ws, row, Role.ADMIN, "removing a practice")
        row.removed_at = moment
        _log(session, ws, row, "kept", "removed")
        session.flush()
        return _removed(row)


def removed_practices(ws: Workspace, *, at: datetime | None = None) -> tuple[RemovedPractice, ...]:
    """The practices removed that can still be restored, the latest removed first."""
    cutoff = (at or now()) - timedelta(days=RESTORE_DAYS)
    with ws.read() as session:
        rows = session.scalars(
            select(Practice).where(Practice.removed_at.is_not(None), visible(ws.scope))
        )
        found = [_removed(r) for r in rows if utc(r.removed_at or cutoff) >= cutoff]
    return tuple(sorted(found, key=lambda r: r.removed_at, reverse=True))


def restore_practice(ws: Workspace, name: str, *, at: datetime | None = None) -> PracticeInfo:
    """Bring a removed practice back, as it was, within 30 days of its removal."""
    moment = at or now()
    with ws.write() as session:
        rows = named(session, ws, name_key(name))
        removed = [r for r in rows if r.removed_at is not None]
        if rows and not removed:
            msg = f"{rows[0].name!r} is not removed: it is in {ws.name}'s practices"
            raise WorkspaceError(msg)
        cutoff = moment - timedelta(days=RESTORE_DAYS)
        restorable = [r for r in removed if utc(r.removed_at or moment) >= cutoff]
        row = restorable[-1] if restorable else None
        if row is not None:
            require(ws, row, Role.ADMIN, "restoring a practice")
        if row is None:
            msg = (
                f"no removed practice named {name!r} in {ws.name} can be restored "
                f"(a removed practice is kept {RESTORE_DAYS} days)"
            )
            raise WorkspaceError(msg)
        row.removed_at = None
        _log(session, ws, row, "removed", "kept")
        session.flush()
        return practice_info(row)


def _log(session: Session, ws: Workspace, row: Practice, old: str, new: str) -> None:
    log(
        session,
        ws,
        practice=row,
        field="practice",
        old=old,
        new=new,
    )
