"""Practices: adding one to an organization (checked before anything is written),
editing one, listing those the scope sees, and the Scenario its profile gives for
a year. Finding one by name is ``practice_lookup``; removing and restoring one,
``removal`` (both names are offered here too)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimizer.errors import StaleWriteError, WorkspaceError
from optimizer.exports.scenario_json import record_to_dict
from optimizer.model import Attestation, Clinician, Reporting, Scenario, SpecialStatus
from optimizer.sources.bundled import latest_year
from optimizer.workspace.access import Role
from optimizer.workspace.change_log import log_fields
from optimizer.workspace.database import Workspace
from optimizer.workspace.practice_lookup import RESTORE_DAYS, find_practice, name_key
from optimizer.workspace.practice_lookup import held as held_named
from optimizer.workspace.records import PracticeInfo, now, practice_info
from optimizer.workspace.removal import (
    RemovedPractice,
    moment_on,
    purge_expired,
    remove_practice,
    removed_practices,
    removed_taken,
    restore_practice,
)
from optimizer.workspace.scoping import organization_to_add, require, visible
from optimizer.workspace.tables import (
    ATTESTED,
    IMPORTED,
    NAME_LENGTH,
    AttestationRecord,
    Practice,
)

TIN_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Profile:
    """What a practice is, apart from any one year: the fields ``practice add`` takes."""

    tin: str | None = None
    reporting: Reporting = Reporting.INDIVIDUAL
    clinicians: int | None = None
    statuses: frozenset[SpecialStatus] = frozenset()
    quality: tuple[str, ...] = ()
    efforts: Mapping[str, float] = field(default_factory=dict)
    roster: tuple[Clinician, ...] = ()
    history: tuple[Attestation, ...] = ()
    """Past attestations from a history file, kept as the practice's own."""


def checked_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        msg = "a practice needs a name"
        raise WorkspaceError(msg)
    if len(clean) > NAME_LENGTH:
        msg = f"a practice's name may have at most {NAME_LENGTH} characters, got {len(clean)}"
        raise WorkspaceError(msg)
    return clean


def checked_tin(tin: str | None) -> str | None:
    """A TIN of 9 digits ('12-3456789' is fine), or None."""
    if tin is None or not tin.strip():
        return None
    digits = tin.replace("-", "").replace(" ", "")
    if not (digits.isdigit() and len(digits) == TIN_DIGITS):
        msg = f"the TIN (taxpayer identification number) must be {TIN_DIGITS} digits, got {tin!r}"
        raise WorkspaceError(msg)
    return digits


def profile_scenario(practice: PracticeInfo, year: int) -> Scenario:
    """The Scenario a practice's profile gives for ``year``, before any choice of that year."""
    return Scenario(
        year=year,
        statuses=practice.statuses,
        reporting=practice.reporting,
        clinicians=practice.clinicians,
        quality=frozenset(practice.quality),
        efforts=practice.efforts,
        roster=practice.roster,
    )


def _probe(profile: Profile) -> Scenario:
    """The Scenario checks the profile's fields together (a roster needs group reporting, ...)."""
    return Scenario(
        year=latest_year(),
        statuses=profile.statuses,
        reporting=profile.reporting,
        clinicians=profile.clinicians,
        quality=frozenset(profile.quality),
        efforts=tuple(profile.efforts.items()),
        roster=profile.roster,
    )


def add_practice(
    ws: Workspace, name: str, profile: Profile = Profile(), *, organization: str | None = None
) -> PracticeInfo:
    """Keep a new practice (and its imported history) in ``organization`` (default: the
    one the actor is admin of); a name already kept there is refused."""
    name = checked_name(name)
    tin = checked_tin(profile.tin)
    probe = _probe(profile)
    row = Practice(
        name=name,
        name_key=name_key(name),
        tin=tin,
        reporting=str(probe.reporting),
        clinicians=probe.clinicians,
        statuses=sorted(str(s) for s in probe.statuses),
        quality=sorted(probe.quality),
        efforts=dict(probe.efforts),
        roster=[record_to_dict(c) for c in probe.roster],
        created_at=now(),
    )
    taken = f"a practice named {name!r} already exists in {ws.name}"
    with ws.write() as session:
        row.organization = organization_to_add(session, ws, organization)
        purge_expired(session, ws, now())
        held = held_named(session, row.organization.id, row.name_key)
        if held is not None:
            raise WorkspaceError(taken if held.removed_at is None else removed_taken(held, ws))
        session.add(row)
        for item in sorted(set(profile.history)):
            session.add(
                AttestationRecord(
                    practice=row, year=item.year, activity_id=item.activity_id, source=IMPORTED
                )
            )
        try:
            session.flush()
        except IntegrityError:  # added by someone else between the check and now
            raise WorkspaceError(taken) from None
        log_fields(session, ws, row, {}, {"practice": name, **_logged(row)})
        return practice_info(row)


def _logged(row: Practice) -> dict[str, object]:
    """What the change log keeps of a practice's profile."""
    return {
        "name": row.name,
        "tin": row.tin,
        "reporting": row.reporting,
        "clinicians": row.clinicians,
        "special statuses": row.statuses,
        "quality measures": row.quality,
        "efforts": [f"{k}: {v:g}" for k, v in sorted(row.efforts.items())],
        "roster": [str(c.get("id", "")) for c in row.roster],
        "imported history": sorted(
            f"{a.activity_id} {a.year}" for a in row.attestations if a.source == IMPORTED
        ),
    }


def list_practices(ws: Workspace) -> tuple[PracticeInfo, ...]:
    """Every practice not removed that the scope sees, by name."""
    with ws.read() as session:
        rows = session.scalars(
            select(Practice)
            .where(Practice.removed_at.is_(None), visible(ws.scope))
            .order_by(Practice.name_key, Practice.id)
        )
        return tuple(practice_info(r) for r in rows)


def get_practice(ws: Workspace, name: str) -> PracticeInfo:
    with ws.read() as session:
        return practice_info(find_practice(session, name, ws))


def has_practices(ws: Workspace) -> bool:
    with ws.read() as session:
        query = select(Practice.id).where(Practice.removed_at.is_(None), visible(ws.scope))
        query = query.limit(1)
        return session.scalars(query).first() is not None


def earlier_attestations(
    session: Session, practice: Practice, year: int
) -> tuple[Attestation, ...]:
    """The practice's attestations of years before ``year``: the history of its plan."""
    rows = session.scalars(
        select(AttestationRecord).where(
            AttestationRecord.practice_id == practice.id, AttestationRecord.year < year
        )
    )
    return tuple(Attestation(r.activity_id, r.year) for r in rows)


def attestation_rows(
    practice: Practice, year: int, activity_ids: Iterable[str], on: date
) -> Sequence[AttestationRecord]:
    return [
        AttestationRecord(
            practice_id=practice.id, year=year, activity_id=a, source=ATTESTED, attested_on=on
        )
        for a in sorted(set(activity_ids))
    ]


def practice_profile(ws: Workspace, name: str) -> Profile:
    """The practice's profile as kept, with the history imported for it."""
    with ws.read() as session:
        row = find_practice(session, name, ws)
        info = practice_info(row)
        imported = tuple(
            Attestation(a.activity_id, a.year) for a in row.attestations if a.source == IMPORTED
        )
    return Profile(
        tin=info.tin,
        reporting=info.reporting,
        clinicians=info.clinicians,
        statuses=info.statuses,
        quality=info.quality,
        efforts=dict(info.efforts),
        roster=info.roster,
        history=imported,
    )


def edit_practice(
    ws: Workspace,
    name: str,
    profile: Profile,
    *,
    new_name: str | None = None,
    version: int | None = None,
) -> PracticeInfo:
    """Replace the practice's profile (and name, and imported history) with ``profile``.

    Attestations recorded with ``practice attest`` stay whatever the history says.
    ``version``: the one read before the edit; a practice changed since is refused."""
    probe = _probe(profile)
    tin = checked_tin(profile.tin)
    with ws.write() as session:
        row = find_practice(session, name, ws)
        require(ws, row, Role.ADMIN, "editing a practice")
        before = _logged(row)
        if version is not None and version != row.version:
            msg = (
                f"{row.name!r} was changed by someone else since it was opened: "
                "open it again and redo the edit"
            )
            raise StaleWriteError(msg)
        if new_name is not None:
            clean = checked_name(new_name)
            key = name_key(clean)
            if key != row.name_key:
                held = held_named(session, row.organization_id, key)
                if held is not None:
                    taken = f"a practice named {clean!r} already exists in {ws.name}"
                    raise WorkspaceError(
                        taken if held.removed_at is None else removed_taken(held, ws)
                    )
            row.name, row.name_key = clean, key
        row.tin = tin
        row.reporting = str(probe.reporting)
        row.clinicians = probe.clinicians
        row.statuses = sorted(str(s) for s in probe.statuses)
        row.quality = sorted(probe.quality)
        row.efforts = dict(probe.efforts)
        row.roster = [record_to_dict(c) for c in probe.roster]
        wanted = set(profile.history)
        held_keys: set[Attestation] = set()
        for record in list(row.attestations):
            key_of = Attestation(record.activity_id, record.year)
            if record.source == IMPORTED and key_of not in wanted:
                session.delete(record)
            else:
                held_keys.add(key_of)
        for item in sorted(wanted - held_keys):
            session.add(
                AttestationRecord(
                    practice=row, year=item.year, activity_id=item.activity_id, source=IMPORTED
                )
            )
        try:
            session.flush()
        except IntegrityError:  # renamed to a name added by someone else meanwhile
            msg = f"a practice named {row.name!r} already exists in {ws.name}"
            raise WorkspaceError(msg) from None
        session.refresh(row)
        log_fields(session, ws, row, before, _logged(row))
        return practice_info(row)


__all__ = [
    "RESTORE_DAYS",
    "Profile",
    "RemovedPractice",
    "add_practice",
    "edit_practice",
    "find_practice",
    "get_practice",
    "moment_on",
    "name_key",
    "remove_practice",
    "removed_practices",
    "restore_practice",
]
