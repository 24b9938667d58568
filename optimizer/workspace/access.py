"""Who acts on the workspace, and what they may see and do: roles per organization.

* ``Role``: viewer (reads), editor (also plans, tracks, adds evidence), admin (also
  adds, edits, removes and restores practices, adds people, sets roles, attests);
* ``Actor``: an OIDC person (the provider's subject and e-mail), the local CLI
  (``"local"`` and the OS user name) or an API token (``"token:<id>"``, its label);
* ``Scope``: an actor and their role in each organization they may see;
  ``local_scope`` (the CLI: admin of the organizations it is given, or of
  "default") and ``person_scope`` (the app and the API: a signed-in person's roles);
* ``Workspace.scoped(scope)``: the same database, every read and write filtered by
  the scope; a workspace opened without one acts as ``local_scope(ws)``.

Organizations a scope does not name do not exist for it: their practices are not
listed, counted or found by name ("no practice named ..."), and their names are
never said.
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.workspace.records import now
from optimizer.workspace.roles import LOCAL, AccessDenied, Actor, Role, Scope
from optimizer.workspace.tables import ORG_LENGTH, Membership, Organization, Person

if TYPE_CHECKING:
    from optimizer.workspace.database import Workspace

__all__ = ["AccessDenied", "Actor", "Role", "Scope", "local_scope", "person_scope"]

DEFAULT = "default"
"""The organization of a workspace used by one person, and of every practice kept
before organizations were."""
ORG_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


def local_actor() -> Actor:
    """The person at this computer's command line."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or password database
        user = LOCAL
    return Actor(LOCAL, user)


def checked_organization(name: str) -> str:
    """An organization's name as kept: a lower-case slug ('Acme' is 'acme')."""
    clean = name.strip().lower()
    if not ORG_NAME.fullmatch(clean) or len(clean) > ORG_LENGTH:
        msg = (
            f"{name!r} is not an organization name: use lower-case letters, digits and "
            f"hyphens (at most {ORG_LENGTH}), such as 'default' or 'north-clinics'"
        )
        raise WorkspaceError(msg)
    return clean


def ensure_organization(session: Session, name: str) -> Organization:
    row = session.scalars(select(Organization).where(Organization.name == name)).first()
    if row is None:
        row = Organization(name=name, created_at=now())
        session.add(row)
        session.flush()
    return row


def local_scope(ws: Workspace, organizations: Sequence[str] = ()) -> Scope:
    """The CLI's scope: admin of ``organizations`` (made if missing), or of "default"."""
    names = sorted({checked_organization(n) for n in organizations} or {DEFAULT})
    with ws.read() as session:
        held = set(session.scalars(select(Organization.name).where(Organization.name.in_(names))))
    if held != set(names):  # a write only when one is missing
        with ws.write() as session:
            for name in names:
                ensure_organization(session, name)
    return Scope(local_actor(), dict.fromkeys(names, Role.ADMIN))


def _claim(session: Session, subject: str, email: str) -> Person:
    """The person of ``subject``; else an invitation to ``email``, now theirs; else new."""
    person = session.scalars(select(Person).where(Person.subject == subject)).first()
    if person is not None:
        person.email = email
        return person
    invited = session.scalars(
        select(Person).where(Person.subject.is_(None), Person.email == email).order_by(Person.id)
    ).first()
    if invited is not None:
        invited.subject = subject
        return invited
    default = ensure_organization(session, DEFAULT)
    session.execute(  # PostgreSQL: one first sign-in at a time (SQLite's writer is alone)
        select(Organization.id).where(Organization.id == default.id).with_for_update()
    )
    first = session.scalar(select(func.count()).select_from(Person)) == 0
    person = Person(subject=subject, email=email, created_at=now())
    session.add(person)
    session.flush()
    if first:  # the first person ever signed in sets the workspace up
        session.add(
            Membership(person_id=person.id, organization_id=default.id, role=Role.ADMIN.value)
        )
    return person


def person_scope(ws: Workspace, subject: str, email: str) -> Scope:
    """A signed-in person's scope: their role in each organization (none: an empty scope).

    The first person to sign in to a workspace no one has signed in to becomes admin
    of "default"; a person an admin added by e-mail is matched at the first sign-in."""
    if not subject.strip():
        msg = "a signed-in person needs the provider's subject"
        raise WorkspaceError(msg)
    email = email.strip().lower()
    with ws.read() as session:  # a person known by this e-mail: nothing to write
        person = session.scalars(select(Person).where(Person.subject == subject)).first()
        if person is not None and person.email == email:
            return Scope(Actor(subject, email), _roles(session, person))
    with ws.write() as session:
        person = _claim(session, subject, email)
        session.flush()
        return Scope(Actor(subject, email), _roles(session, person))


def _roles(session: Session, person: Person) -> dict[str, Role]:
    rows = session.execute(
        select(Organization.name, Membership.role)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.person_id == person.id)
    )
    return {name: Role(role) for name, role in rows}
