"""The practices a scope sees, in queries: every practice lookup and list of the
workspace filters by ``visible``, and every change checks the actor's role in the
practice's organization with ``require``."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.workspace.access import (
    AccessDenied,
    Role,
    Scope,
    checked_organization,
    ensure_organization,
)
from optimizer.workspace.database import Workspace
from optimizer.workspace.tables import Organization, Practice

DOING = {Role.VIEWER: "reading", Role.EDITOR: "editing", Role.ADMIN: "this"}


def visible(scope: Scope) -> ColumnElement[bool]:
    """Practices of the organizations ``scope`` sees (none: an empty scope sees nothing)."""
    names = select(Organization.id).where(Organization.name.in_(scope.organizations))
    return Practice.organization_id.in_(names)


def require(ws: Workspace, practice: Practice, role: Role, doing: str | None = None) -> None:
    """Refuse, in words, an actor whose role in the practice's organization is below ``role``."""
    ws.scope.require(role, practice.organization.name, doing or DOING[role])


def organization_to_add(session: Session, ws: Workspace, organization: str | None) -> Organization:
    """The organization a new practice goes to: the one named, else the actor's only
    one where they are admin."""
    scope = ws.scope
    if organization is None:
        admin_of = [o for o in scope.organizations if scope.can(Role.ADMIN, o)]
        if len(admin_of) > 1:
            msg = f"say which organization the practice is of: one of {', '.join(admin_of)}"
            raise WorkspaceError(msg)
        if not admin_of:
            msg = "adding a practice needs admin of an organization: ask an admin to make you one"
            raise AccessDenied(msg)
        organization = admin_of[0]
    name = checked_organization(organization)
    scope.require(Role.ADMIN, name, "adding a practice")
    return ensure_organization(session, name)  # in the scope, maybe not yet in the database


def require_every_organization(session: Session, ws: Workspace, doing: str) -> None:
    """Refuse unless the actor is admin of every organization of the workspace (a
    backup or a restore holds them all); the others are not named."""
    names = session.scalars(select(Organization.name))
    if not all(ws.scope.can(Role.ADMIN, n) for n in names):
        msg = (
            f"{doing} holds every organization's practices: only an admin of every "
            "organization may do it (at the command line: mips-ia db)"
        )
        raise AccessDenied(msg)
