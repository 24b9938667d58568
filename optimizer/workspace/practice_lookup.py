"""Finding a practice by name, whatever its case, among those the scope sees."""

from __future__ import annotations

import difflib
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.workspace.database import Workspace
from optimizer.workspace.records import now, utc
from optimizer.workspace.scoping import visible
from optimizer.workspace.tables import Practice

RESTORE_DAYS = 30
"""How long a removed practice can be restored."""


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def restorable_until(removed_at: datetime) -> date:
    return (utc(removed_at) + timedelta(days=RESTORE_DAYS)).date()


def named(session: Session, ws: Workspace, key: str) -> list[Practice]:
    """The practices of that name key the scope sees, kept or removed."""
    query = select(Practice).where(Practice.name_key == key, visible(ws.scope))
    return list(session.scalars(query.order_by(Practice.id)))


def find_practice(session: Session, name: str, ws: Workspace) -> Practice:
    """The practice of that name (any case) in the scope's organizations; an unknown
    name, or one of an organization the scope does not see, is refused with a suggestion."""
    rows = named(session, ws, name_key(name))
    kept = [r for r in rows if r.removed_at is None]
    if len(kept) == 1:
        return kept[0]
    if kept:
        orgs = ", ".join(r.organization.name for r in kept)
        msg = f"practices named {name!r} are in several organizations ({orgs}): give one (--org)"
        raise WorkspaceError(msg, in_app=f"practices named {name!r} are in {orgs}: choose one")
    if rows:
        row = rows[-1]
        removed = utc(row.removed_at or now())
        msg = (
            f"{row.name!r} was removed from {ws.name} on {removed.date()}: restore it "
            f"(until {restorable_until(removed)}) to use it again"
        )
        raise WorkspaceError(msg)
    query = select(Practice.name).where(Practice.removed_at.is_(None), visible(ws.scope))
    close = difflib.get_close_matches(name, list(session.scalars(query)), n=1)
    hint = (
        f"; did you mean {close[0]!r}?" if close else f": add it with mips-ia practice add {name!r}"
    )
    app_hint = f"; did you mean {close[0]!r}?" if close else ": add it on the Portfolio page"
    msg = f"no practice named {name!r} in {ws.name}{hint}"
    raise WorkspaceError(msg, in_app=f"no practice named {name!r} in {ws.name}{app_hint}")


def held(session: Session, organization_id: int, key: str) -> Practice | None:
    """The practice (kept or removed) of that name key in that organization."""
    query = select(Practice).where(
        Practice.organization_id == organization_id, Practice.name_key == key
    )
    return session.scalars(query).first()
