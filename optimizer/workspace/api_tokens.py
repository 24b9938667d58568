"""API tokens per organization: made, listed and revoked by an admin of it; a
request's bearer secret turned back into the token's scope.

A token's secret (``iap_`` and 43 random characters) is shown once, when it is made;
the workspace keeps only its SHA-256, so a copy of the database gives no token. A
token acts as an editor of its organization (it plans, tracks, adds evidence), as
the actor ``token:<id>`` named by its label, so the change log names it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.workspace.access import Actor, Role, Scope, checked_organization
from optimizer.workspace.database import Workspace
from optimizer.workspace.records import now
from optimizer.workspace.tables import NAME_LENGTH, ApiRate, ApiToken, Organization

PREFIX = "iap_"
TOKEN_ROLE = Role.EDITOR
"""What a token may do in its organization: plan, track and add evidence."""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as listed: never its secret."""

    id: int
    organization: str
    label: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None

    @property
    def subject(self) -> str:
        """The actor the change log names: 'token:<id>'."""
        return f"token:{self.id}"

    @property
    def state(self) -> str:
        """'active', or 'revoked' and the day."""
        return "active" if self.revoked_at is None else f"revoked {self.revoked_at:%Y-%m-%d}"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _info(row: ApiToken, organization: str) -> TokenInfo:
    return TokenInfo(
        row.id, organization, row.label, row.created_at, row.created_by, row.revoked_at
    )


def _organization(ws: Workspace, name: str, doing: str) -> str:
    organization = checked_organization(name)
    ws.scope.require(Role.ADMIN, organization, doing)
    return organization


def _org_row(session: Session, name: str) -> Organization:
    row = session.scalars(select(Organization).where(Organization.name == name)).first()
    if row is None:
        msg = f"no organization named {name!r}"
        raise WorkspaceError(msg)
    return row


def create_token(ws: Workspace, organization: str, label: str) -> tuple[TokenInfo, str]:
    """A new token of ``organization`` and its secret, shown this once."""
    name = _organization(ws, organization, "making an API token")
    label = " ".join(label.split())
    if not label or len(label) > NAME_LENGTH:
        msg = f"give the token a label of 1 to {NAME_LENGTH} characters (who uses it, for what)"
        raise WorkspaceError(msg)
    secret = PREFIX + secrets.token_urlsafe(32)
    with ws.write() as session:
        org = _org_row(session, name)
        row = ApiToken(
            organization_id=org.id,
            label=label,
            secret_sha256=digest(secret),
            created_at=now(),
            created_by=ws.scope.actor.email,
        )
        session.add(row)
        session.flush()
        session.add(ApiRate(token_id=row.id))  # its rate bucket, full (api_rate.py)
        return _info(row, name), secret


def list_tokens(ws: Workspace, organization: str) -> tuple[TokenInfo, ...]:
    """The organization's tokens, revoked ones included, oldest first."""
    name = _organization(ws, organization, "listing API tokens")
    with ws.read() as session:
        org = _org_row(session, name)
        rows = session.scalars(
            select(ApiToken).where(ApiToken.organization_id == org.id).order_by(ApiToken.id)
        )
        return tuple(_info(r, name) for r in rows)


def revoke_token(ws: Workspace, organization: str, token_id: int) -> TokenInfo:
    """Revoke a token of ``organization``: from now on its requests are refused."""
    name = _organization(ws, organization, "revoking an API token")
    with ws.write() as session:
        org = _org_row(session, name)
        row = session.get(ApiToken, token_id)
        if row is None or row.organization_id != org.id:
            msg = f"{name} has no API token {token_id}: `mips-ia token list --org {name}`"
            raise WorkspaceError(msg, in_app=f"{name} has no API token {token_id}")
        if row.revoked_at is None:
            row.revoked_at = now()
        return _info(row, name)


def token_scope(ws: Workspace, secret: str) -> tuple[TokenInfo, Scope] | None:
    """The token a bearer secret is, and the scope it acts in (None: no such token,
    or revoked)."""
    if not secret.startswith(PREFIX):
        return None
    with ws.read() as session:
        found = session.execute(
            select(ApiToken, Organization.name)
            .join(Organization, Organization.id == ApiToken.organization_id)
            .where(ApiToken.secret_sha256 == digest(secret))
        ).first()
        if found is None or found[0].revoked_at is not None:
            return None
        info = _info(found[0], found[1])
    return info, Scope(Actor(info.subject, info.label), {info.organization: TOKEN_ROLE})
