"""Practices: adding one (checked before anything is written), editing and removing
one, finding one by name whatever its case, listing them, and the Scenario its
profile gives for a year.

A removed practice is hidden, not deleted: it can be restored for ``RESTORE_DAYS``
days, and is deleted for good by the first removal or addition after that."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimizer.errors import StaleWriteError, WorkspaceError
from optimizer.exports.scenario_json import record_to_dict
from optimizer.model import Attestation, Clinician, Reporting, Scenario, SpecialStatus
from optimizer.sources.bundled import latest_year
from optimizer.workspace.attestation_checks import STATUS_CREDIT
from optimizer.workspace.database import Workspace
from optimizer.workspace.records import PracticeInfo, now, practice_info, utc
from optimizer.workspace.tables import (
    ATTESTED,
    IMPORTED,
    NAME_LENGTH,
    AttestationRecord,
    Practice,
)

TIN_DIGITS = 9
RESTORE_DAYS = 30
"""How long a removed practice can be restored."""


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


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


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


def find_practice(session: Session, name: str, ws: Workspace) -> Practice:
    """The practice of that name (any case); an unknown name is refused with a suggestion."""
    row = session.scalars(select(Practice).where(Practice.name_key == name_key(name))).first()
    if row is not None and row.removed_at is None:
        return row
    if row is not None:
        removed = utc(row.removed_at or now())
        msg = (
            f"{row.name!r} was removed from {ws.name} on {removed.date()}: restore it "
            f"(until {restorable_until(removed)}) to use it again"
        )
        raise WorkspaceError(msg)
    names = list(session.scalars(select(Practice.name).where(Practice.removed_at.is_(None))))
    close = difflib.get_close_matches(name, names, n=1)
    hint = (
        f"; did you mean {close[0]!r}?" if close else f": add it with mips-ia practice add {name!r}"
    )
    app_hint = f"; did you mean {close[0]!r}?" if close else ": add it on the Portfolio page"
    msg = f"no practice named {name!r} in {ws.name}{hint}"
    raise WorkspaceError(msg, in_app=f"no practice named {name!r} in {ws.name}{app_hint}")


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


def add_practice(ws: Workspace, name: str, profile: Profile = Profile()) -> PracticeInfo:
    """Keep a new practice (and its imported history); a name already kept is refused."""
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
        _purge_expired(session, now())
        held = session.scalars(select(Practice).where(Practice.name_key == row.name_key)).first()
        if held is not None:
            raise WorkspaceError(taken if held.removed_at is None else _removed_taken(held, ws))
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
        return practice_info(row)


def list_practices(ws: Workspace) -> tuple[PracticeInfo, ...]:
    """Every practice not removed, by name."""
    with ws.read() as session:
        rows = session.scalars(
            select(Practice).where(Practice.removed_at.is_(None)).order_by(Practice.name_key)
        )
        return tuple(practice_info(r) for r in rows)


def get_practice(ws: Workspace, name: str) -> PracticeInfo:
    with ws.read() as session:
        return practice_info(find_practice(session, name, ws))


def has_practices(ws: Workspace) -> bool:
    with ws.read() as session:
        query = select(Practice.id).where(Practice.removed_at.is_(None)).limit(1)
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
    return tuple(Attestation(r.activity_id, r.year) for r in rows if r.activity_id != STATUS_CREDIT)


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
                held = session.scalars(select(Practice).where(Practice.name_key == key)).first()
                if held is not None:
                    taken = f"a practice named {clean!r} already exists in {ws.name}"
                    raise WorkspaceError(
                        taken if held.removed_at is None else _removed_taken(held, ws)
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
        return practice_info(row)


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


def restorable_until(removed_at: datetime) -> date:
    return (utc(removed_at) + timedelta(days=RESTORE_DAYS)).date()


def _removed(row: Practice) -> RemovedPractice:
    removed = utc(row.removed_at or now())
    return RemovedPractice(row.name, row.tin, removed, restorable_until(removed))


def _removed_taken(row: Practice, ws: Workspace) -> str:
    removed = _removed(row)
    return (
        f"a removed practice of {ws.name} is named {row.name!r} (removed on "
        f"{removed.removed_at.date()}): restore it, or choose another name"
    )


def _purge_expired(session: Session, moment: datetime) -> None:
    """Delete for good the practices removed longer ago than ``RESTORE_DAYS``."""
    cutoff = moment - timedelta(days=RESTORE_DAYS)
    rows = session.scalars(select(Practice).where(Practice.removed_at.is_not(None)))
    for row in rows:
        if utc(row.removed_at or moment) < cutoff:
            session.delete(row)
    session.flush()


def remove_practice(ws: Workspace, name: str, *, at: datetime | None = None) -> RemovedPractice:
    """Hide the practice with its plans, progress and evidence; restorable for 30 days."""
    moment = at or now()
    with ws.write() as session:
        _purge_expired(session, moment)
        row = find_practice(session, name, ws)
        row.removed_at = moment
        session.flush()
        return _removed(row)


def removed_practices(ws: Workspace, *, at: datetime | None = None) -> tuple[RemovedPractice, ...]:
    """The practices removed that can still be restored, the latest removed first."""
    cutoff = (at or now()) - timedelta(days=RESTORE_DAYS)
    with ws.read() as session:
        rows = session.scalars(select(Practice).where(Practice.removed_at.is_not(None)))
        found = [_removed(r) for r in rows if utc(r.removed_at or cutoff) >= cutoff]
    return tuple(sorted(found, key=lambda r: r.removed_at, reverse=True))


def restore_practice(ws: Workspace, name: str, *, at: datetime | None = None) -> PracticeInfo:
    """Bring a removed practice back, as it was, within 30 days of its removal."""
    moment = at or now()
    with ws.write() as session:
        row = session.scalars(select(Practice).where(Practice.name_key == name_key(name))).first()
        if row is not None and row.removed_at is None:
            msg = f"{row.name!r} is not removed: it is in {ws.name}'s practices"
            raise WorkspaceError(msg)
        if row is None or utc(row.removed_at or moment) < moment - timedelta(days=RESTORE_DAYS):
            msg = (
                f"no removed practice named {name!r} in {ws.name} can be restored "
                f"(a removed practice is kept {RESTORE_DAYS} days)"
            )
            raise WorkspaceError(msg)
        row.removed_at = None
        session.flush()
        return practice_info(row)
