"""Carrying out a practice-year's plan: marking each activity's progress (editors),
and attesting the activities done (admins); evidence is ``evidence.py`` (its
names are offered here too). Each is one transaction, checked in full before
anything is written, and logged field by field in the change log.

An activity of the year's inventory that is not in the plan may be tracked too
(a practice may run more than the plan asks); it is kept as not in the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimizer.errors import (
    AttestationRefusedError,
    StaleWriteError,
    WorkspaceError,
)
from optimizer.wording import listed
from optimizer.workspace.access import Role
from optimizer.workspace.attestation_checks import (
    STATUS_CREDIT,
    attestation_problems,
    credit_from_status,
    status_credit_id,
)
from optimizer.workspace.change_log import log, log_fields
from optimizer.workspace.database import Workspace
from optimizer.workspace.evidence import (
    MAX_EVIDENCE_BYTES,
    MAX_EVIDENCE_ITEMS,
    MAX_NOTE_CHARS,
    MAX_YEAR_EVIDENCE_BYTES,
    EvidenceFile,
    add_evidence,
    evidence_content,
    remove_evidence,
)
from optimizer.workspace.plans import saved_inventory
from optimizer.workspace.practices import attestation_rows
from optimizer.workspace.progress import ProgressStatus, Required, check_progress
from optimizer.workspace.progress_rows import (
    activity_id_of,
    find_progress,
    practice_year,
    progress_row,
)
from optimizer.workspace.records import (
    AttestationInfo,
    ProgressInfo,
    attestation_info,
    now,
    progress_info,
    year_info,
)
from optimizer.workspace.scoping import require
from optimizer.workspace.tables import (
    ATTESTED,
    NAME_LENGTH,
    ActivityProgress,
    AttestationRecord,
    Practice,
    PracticeYear,
)


class Keep(Enum):
    """A field a change leaves as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class ProgressChange:
    """What a person changes about one activity; every field left KEEP stays as it is."""

    status: ProgressStatus | Keep = KEEP
    start: date | Keep | None = KEEP
    end: date | Keep | None = KEEP
    owner: str | Keep = KEEP
    clinicians: tuple[str, ...] | Keep = KEEP


def _clinicians(practice: Practice, chosen: tuple[str, ...]) -> list[str]:
    ids = [c.strip() for c in chosen if c.strip()]
    roster = {c["id"] for c in practice.roster}
    unknown = [c for c in ids if roster and c not in roster]
    if unknown:
        msg = f"{listed(unknown)} {'is' if len(unknown) == 1 else 'are'} not on the roster of "
        msg += f"{practice.name!r}"
        raise WorkspaceError(msg)
    return sorted(set(ids))


@dataclass(frozen=True, slots=True)
class Mark:
    """One activity's change, and the version the person saw (None: whatever is saved)."""

    activity: str
    change: ProgressChange
    expected_version: int | None = None


def _logged(progress: ActivityProgress) -> dict[str, object]:
    """What the change log keeps of an activity's progress."""
    return {
        "status": progress.status,
        "start": progress.start_date,
        "end": progress.end_date,
        "owner": progress.owner,
        "participants": list(progress.clinicians),
    }


def _apply(
    session: Session,
    ws: Workspace,
    practice: Practice,
    row: PracticeYear,
    mark: Mark,
    today: date | None,
) -> ActivityProgress:
    activity_id = activity_id_of(mark.activity)
    progress = progress_row(session, row, activity_id)
    before = _logged(progress)
    if mark.expected_version is not None and progress.version != mark.expected_version:
        msg = (
            f"{activity_id} of {practice.name!r} ({row.year}) was changed by someone else "
            "since you opened it: reload to see their change, then make yours again"
        )
        raise StaleWriteError(msg)
    change = mark.change
    status = ProgressStatus(progress.status) if change.status is KEEP else change.status
    start = progress.start_date if change.start is KEEP else change.start
    end = progress.end_date if change.end is KEEP else change.end
    check_progress(required_of(progress, row.year), status, start, end)
    if today is not None and status is ProgressStatus.DONE and end is not None and end > today:
        msg = (
            f"{activity_id} cannot be done with its end date {end} after today ({today}): "
            "mark it running until it ends"
        )
        raise WorkspaceError(msg)
    if change.owner is not KEEP:
        owner = " ".join(change.owner.split())
        if len(owner) > NAME_LENGTH:
            msg = f"an owner may have at most {NAME_LENGTH} characters, got {len(owner)}"
            raise WorkspaceError(msg)
        progress.owner = owner
    if change.clinicians is not KEEP:
        progress.clinicians = _clinicians(practice, change.clinicians)
    progress.status = str(status)
    progress.start_date = start
    progress.end_date = end
    if session.is_modified(progress):
        progress.updated_at = now()
    after = _logged(progress)
    log_fields(session, ws, practice, before, after, year=row.year, activity_id=activity_id)
    return progress


def mark_many(
    ws: Workspace, name: str, year: int, marks: Sequence[Mark], *, today: date | None = None
) -> tuple[ProgressInfo, ...]:
    """Change several activities in one transaction: all of them, or none if any is
    refused (a bad period, an activity done that ends after ``today``, or a version
    someone else has saved since)."""
    with ws.write() as session:
        practice, row = practice_year(session, ws, name, year)
        require(ws, practice, Role.EDITOR, "tracking progress")
        for activity_id in sorted({activity_id_of(m.activity) for m in marks}):
            find_progress(session, row, activity_id)  # locked in one order: no deadlock
        changed = [_apply(session, ws, practice, row, m, today) for m in marks]
        session.flush()
        return tuple(progress_info(p) for p in changed)


def mark_progress(
    ws: Workspace,
    name: str,
    year: int,
    activity: str,
    change: ProgressChange,
    *,
    expected_version: int | None = None,
    today: date | None = None,
) -> ProgressInfo:
    """Change one activity's progress. ``expected_version`` is the version the person
    saw: if someone saved the activity since, the change is refused, not merged.
    With ``today``, an activity is done only once its end date has come."""
    mark = Mark(activity, change, expected_version)
    (progress,) = mark_many(ws, name, year, [mark], today=today)
    return progress


def required_of(progress: ActivityProgress, year: int) -> Required:
    return Required(progress.activity_id, year, progress.period_days, progress.last_start)


def _attested_words(activity_id: str) -> str:
    """An attested activity as the change log names it (a status's credit in words)."""
    return "full credit from the status" if activity_id == STATUS_CREDIT else activity_id


def attest_year(ws: Workspace, name: str, year: int, today: date) -> tuple[AttestationInfo, ...]:
    """Record the activities done in ``year`` as attested (replacing an earlier
    attestation of that year): the history every later year's plan reads. Refused,
    with every reason, unless ``attestation_problems`` finds none.

    Attestations of that year imported from a history file stay as they are; an
    activity done that is already among them is not recorded twice."""
    with ws.write() as session:
        practice, row = practice_year(session, ws, name, year)
        require(ws, practice, Role.ADMIN, "attesting a year")
        before = sorted(
            r.activity_id for r in practice.attestations if r.year == year and r.source == ATTESTED
        )
        done = [p for p in row.progress if p.status == ProgressStatus.DONE]
        imported_ids = session.scalars(
            select(AttestationRecord.activity_id).where(
                AttestationRecord.practice_id == practice.id,
                AttestationRecord.year == year,
                AttestationRecord.source != ATTESTED,
            )
        ).all()
        inventory = saved_inventory(row) if row.inventory is not None else None
        info = year_info(row, practice.name, with_evidence=False)
        problems = attestation_problems(info, today, inventory=inventory, imported=imported_ids)
        if problems:
            msg = f"{practice.name!r} ({year}) cannot be attested: {'; '.join(problems)}"
            raise AttestationRefusedError(msg, problems)
        session.execute(
            delete(AttestationRecord).where(
                AttestationRecord.practice_id == practice.id,
                AttestationRecord.year == year,
                AttestationRecord.source == ATTESTED,
            )
        )
        imported = {
            r.activity_id: r
            for r in session.scalars(
                select(AttestationRecord).where(
                    AttestationRecord.practice_id == practice.id, AttestationRecord.year == year
                )
            )
        }
        new = [p.activity_id for p in done if p.activity_id not in imported]
        if not done and credit_from_status(info):  # a medical home: its IA_PCMH
            new = [i for i in [status_credit_id(info)] if i not in imported]
        rows = attestation_rows(practice, year, new, today)
        session.add_all(rows)
        try:
            session.flush()
        except IntegrityError:
            msg = f"{practice.name!r} ({year}) was attested by someone else at the same time"
            raise StaleWriteError(msg) from None
        log(
            session,
            ws,
            practice=practice,
            year=year,
            field="attested",
            old=[_attested_words(a) for a in before],
            new=[_attested_words(r.activity_id) for r in sorted(rows, key=lambda r: r.activity_id)],
        )
        kept = [*rows, *(imported[p.activity_id] for p in done if p.activity_id in imported)]
        return tuple(attestation_info(r) for r in sorted(kept, key=lambda r: r.activity_id))


__all__ = [
    "KEEP",
    "MAX_EVIDENCE_BYTES",
    "MAX_EVIDENCE_ITEMS",
    "MAX_NOTE_CHARS",
    "MAX_YEAR_EVIDENCE_BYTES",
    "EvidenceFile",
    "Mark",
    "ProgressChange",
    "add_evidence",
    "attest_year",
    "evidence_content",
    "mark_many",
    "mark_progress",
    "remove_evidence",
]
