"""Organizations and the people in them: adding an organization (the local command
line only), adding a person to one by e-mail (an invitation, matched when they
first sign in), setting their role, removing them, and listing either. Every
change of people and roles goes to the change log; an organization never loses
its last admin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.workspace.access import (
    AccessDenied,
    Role,
    checked_organization,
    ensure_organization,
)
from optimizer.workspace.change_log import log
from optimizer.workspace.database import Workspace
from optimizer.workspace.records import now
from optimizer.workspace.tables import EMAIL_LENGTH, Membership, Organization, Person, Practice


@dataclass(frozen=True, slots=True)
class PersonInfo:
    """A person of one organization: their e-mail, role, and whether they have signed in."""

    email: str
    role: Role
    signed_in: bool


def checked_email(email: str) -> str:
    clean = email.strip().lower()
    local, _, domain = clean.partition("@")
    if not local or "." not in domain or " " in clean or len(clean) > EMAIL_LENGTH:
        msg = f"{email!r} is not an e-mail address (such as lee@clinic.org)"
        raise WorkspaceError(msg)
    return clean


def checked_role(role: str | Role) -> Role:
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        msg = f"{role!r} is not a role: choose {', '.join(r.value for r in Role)}"
        raise WorkspaceError(msg) from None


def organizations(ws: Workspace) -> tuple[str, ...]:
    """The organizations the scope sees, by name."""
    with ws.read() as session:
        query = select(Organization.name).where(Organization.name.in_(ws.scope.organizations))
        return tuple(sorted(session.scalars(query)))


def add_organization(ws: Workspace, name: str) -> str:
    """Add an organization (the local command line's admin only); its name as kept."""
    clean = checked_organization(name)
    if not ws.scope.actor.is_local:
        msg = "organizations are added at the command line (mips-ia practice org add NAME)"
        raise AccessDenied(msg)
    with ws.write() as session:
        if session.scalars(select(Organization.id).where(Organization.name == clean)).first():
            msg = f"an organization named {clean!r} already exists in {ws.name}"
            raise WorkspaceError(msg)
        row = ensure_organization(session, clean)
        log(session, ws, organization_id=row.id, field="organization", old="", new=clean)
    return clean


def _organization(session: Session, ws: Workspace, name: str, doing: str) -> Organization:
    clean = checked_organization(name)
    ws.scope.require(Role.ADMIN, clean, doing)
    return ensure_organization(session, clean)


def _members(session: Session, org: Organization) -> list[tuple[Person, Membership]]:
    query = (
        select(Person, Membership)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.organization_id == org.id)
        .order_by(Person.email, Person.id)
    )
    return [(p, m) for p, m in session.execute(query)]


def people(ws: Workspace, organization: str) -> tuple[PersonInfo, ...]:
    """The people of an organization the scope sees, by e-mail."""
    clean = checked_organization(organization)
    ws.scope.require(Role.VIEWER, clean, "listing its people")
    with ws.read() as session:
        org = session.scalars(select(Organization).where(Organization.name == clean)).first()
        if org is None:
            return ()
        found: dict[str, PersonInfo] = {}
        for person, member in _members(session, org):
            held = found.get(person.email)
            signed_in = person.subject is not None or (held is not None and held.signed_in)
            found[person.email] = PersonInfo(person.email, Role(member.role), signed_in)
        return tuple(found.values())


def _of_email(session: Session, org: Organization, email: str) -> list[Membership]:
    return [m for p, m in _members(session, org) if p.email == email]


def _signed_in(session: Session, email: str) -> bool:
    query = select(Person.id).where(Person.email == email, Person.subject.is_not(None))
    return session.scalars(query).first() is not None


def _check_admin_left(session: Session, ws: Workspace, org: Organization, email: str) -> None:
    """A person may not leave an organization without an admin (the command line may)."""
    if ws.scope.actor.is_local:
        return
    admins = session.scalar(
        select(func.count())
        .select_from(Membership)
        .join(Person, Person.id == Membership.person_id)
        .where(
            Membership.organization_id == org.id,
            Membership.role == Role.ADMIN.value,
            Person.email != email,
        )
    )
    if not admins:
        msg = f"{email} is the last admin of {org.name}: make someone else admin first"
        raise WorkspaceError(msg)


def add_person(ws: Workspace, organization: str, email: str, role: str | Role) -> PersonInfo:
    """Give ``email`` a role in ``organization``: the person if they have signed in,
    else an invitation that is theirs when they first sign in."""
    clean, wanted = checked_email(email), checked_role(role)
    with ws.write() as session:
        org = _organization(session, ws, organization, "adding people")
        if _of_email(session, org, clean):
            msg = f"{clean} is already in {org.name}: set their role instead"
            raise WorkspaceError(msg)
        persons = list(session.scalars(select(Person).where(Person.email == clean)))
        if not persons:
            persons = [Person(subject=None, email=clean, created_at=now())]
            session.add(persons[0])
            session.flush()
        for person in persons:
            session.add(Membership(person_id=person.id, organization_id=org.id, role=wanted.value))
        log(session, ws, organization_id=org.id, field=f"role of {clean}", old="", new=wanted)
        return PersonInfo(clean, wanted, any(p.subject is not None for p in persons))


def set_role(ws: Workspace, organization: str, email: str, role: str | Role) -> PersonInfo:
    """Change the role of a person of ``organization``."""
    clean, wanted = checked_email(email), checked_role(role)
    with ws.write() as session:
        org = _organization(session, ws, organization, "setting roles")
        held = _of_email(session, org, clean)
        if not held:
            msg = f"{clean} is not in {org.name}: add them first"
            raise WorkspaceError(msg)
        old = held[0].role
        if old == Role.ADMIN.value and wanted is not Role.ADMIN:
            _check_admin_left(session, ws, org, clean)
        for member in held:
            member.role = wanted.value
        log(session, ws, organization_id=org.id, field=f"role of {clean}", old=old, new=wanted)
        return PersonInfo(clean, wanted, _signed_in(session, clean))


def remove_person(ws: Workspace, organization: str, email: str) -> None:
    """Take a person out of ``organization`` (they keep their roles elsewhere)."""
    clean = checked_email(email)
    with ws.write() as session:
        org = _organization(session, ws, organization, "removing people")
        held = _of_email(session, org, clean)
        if not held:
            msg = f"{clean} is not in {org.name}"
            raise WorkspaceError(msg)
        old = held[0].role
        if old == Role.ADMIN.value:
            _check_admin_left(session, ws, org, clean)
        for member in held:
            session.delete(member)
        log(session, ws, organization_id=org.id, field=f"role of {clean}", old=old, new="")


@dataclass(frozen=True, slots=True)
class OrganizationInfo:
    """An organization, with how many practices (not removed) and people it has."""

    name: str
    practices: int
    people: int


def every_organization(ws: Workspace) -> tuple[OrganizationInfo, ...]:
    """Every organization of the workspace, for the command line (which owns the
    database) alone; a person reads only their own (``organizations``)."""
    if not ws.scope.actor.is_local:
        msg = "only the command line lists every organization (mips-ia practice org list)"
        raise AccessDenied(msg)
    with ws.read() as session:
        kept = (
            select(Practice.organization_id, func.count())
            .where(Practice.removed_at.is_(None))
            .group_by(Practice.organization_id)
        )
        practices = {oid: int(n) for oid, n in session.execute(kept)}
        who = (
            select(Membership.organization_id, func.count(func.distinct(Person.email)))
            .join(Person, Person.id == Membership.person_id)
            .group_by(Membership.organization_id)
        )
        members = {oid: int(n) for oid, n in session.execute(who)}
        rows = session.execute(
            select(Organization.id, Organization.name).order_by(Organization.name)
        )
        return tuple(
            OrganizationInfo(name, practices.get(oid, 0), members.get(oid, 0)) for oid, name in rows
        )
