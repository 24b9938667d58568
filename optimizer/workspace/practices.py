"""Practices: adding one (checked before anything is written), finding one by name
whatever its case, listing them, and the Scenario its profile gives for a year."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.exports.scenario_json import record_to_dict
from optimizer.model import Attestation, Clinician, Reporting, Scenario, SpecialStatus
from optimizer.sources.bundled import latest_year
from optimizer.workspace.database import Workspace
from optimizer.workspace.records import PracticeInfo, now, practice_info
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
    if row is not None:
        return row
    names = list(session.scalars(select(Practice.name)))
    close = difflib.get_close_matches(name, names, n=1)
    hint = (
        f"; did you mean {close[0]!r}?" if close else f": add it with mips-ia practice add {name!r}"
    )
    app_hint = f"; did you mean {close[0]!r}?" if close else ": add it on the Portfolio page"
    msg = f"no practice named {name!r} in {ws.name}{hint}"
    raise WorkspaceError(msg, in_app=f"no practice named {name!r} in {ws.name}{app_hint}")


def add_practice(ws: Workspace, name: str, profile: Profile = Profile()) -> PracticeInfo:
    """Keep a new practice (and its imported history); a name already kept is refused."""
    name = checked_name(name)
    tin = checked_tin(profile.tin)
    # The Scenario checks the profile's fields together (a roster needs group reporting, ...).
    probe = Scenario(
        year=latest_year(),
        statuses=profile.statuses,
        reporting=profile.reporting,
        clinicians=profile.clinicians,
        quality=frozenset(profile.quality),
        efforts=tuple(profile.efforts.items()),
        roster=profile.roster,
    )
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
        if session.scalars(select(Practice.id).where(Practice.name_key == row.name_key)).first():
            raise WorkspaceError(taken)
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
    """Every practice, by name."""
    with ws.read() as session:
        rows = session.scalars(select(Practice).order_by(Practice.name_key))
        return tuple(practice_info(r) for r in rows)


def get_practice(ws: Workspace, name: str) -> PracticeInfo:
    with ws.read() as session:
        return practice_info(find_practice(session, name, ws))


def has_practices(ws: Workspace) -> bool:
    with ws.read() as session:
        return session.scalars(select(Practice.id).limit(1)).first() is not None


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
