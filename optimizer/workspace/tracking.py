"""Carrying out a practice-year's plan: marking each activity's progress, adding
evidence, and attesting the activities done. Each is one transaction, checked
in full before anything is written.

An activity of the year's inventory that is not in the plan may be tracked too
(a practice may run more than the plan asks); it is kept as not in the plan.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimizer.errors import (
    AttestationRefusedError,
    StaleWriteError,
    WorkspaceError,
)
from optimizer.model.activity import ACTIVITY_ID
from optimizer.wording import listed
from optimizer.workspace.attestation_checks import (
    attestation_problems,
    credit_from_status,
    status_credit_id,
)
from optimizer.workspace.database import Workspace
from optimizer.workspace.file_names import clean_file_name
from optimizer.workspace.plans import no_plan, required, saved_inventory, year_row
from optimizer.workspace.practices import attestation_rows, find_practice
from optimizer.workspace.progress import ProgressStatus, Required, check_progress
from optimizer.workspace.records import (
    AttestationInfo,
    EvidenceInfo,
    ProgressInfo,
    attestation_info,
    evidence_info,
    now,
    progress_info,
    year_info,
)
from optimizer.workspace.tables import (
    ATTESTED,
    NAME_LENGTH,
    TEXT_LENGTH,
    ActivityProgress,
    AttestationRecord,
    Evidence,
    Practice,
    PracticeYear,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
"""Evidence files are kept in the database, so each may be at most 10 MB."""
MAX_EVIDENCE_ITEMS = 500
"""Pieces of evidence (notes and files) one practice-year may keep."""
MAX_YEAR_EVIDENCE_BYTES = 200 * 1024 * 1024
"""Evidence files one practice-year may keep, in total (the audit pack holds them all)."""
MAX_NOTE_CHARS = 20_000


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


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file given as evidence: its name as the person gave it, and its bytes."""

    name: str
    data: bytes


def activity_id_of(text: str) -> str:
    activity_id = "_".join(text.strip().upper().split())
    if not ACTIVITY_ID.match(activity_id):
        msg = f"{text!r} is not an activity ID (IDs look like IA_EPA_1)"
        raise WorkspaceError(msg)
    return activity_id


def _year(session: Session, ws: Workspace, name: str, year: int) -> tuple[Practice, PracticeYear]:
    practice = find_practice(session, name, ws)
    row = year_row(session, practice, year)
    if row is None:
        raise no_plan(practice.name, year)
    return practice, row


def _find_progress(
    session: Session, row: PracticeYear, activity_id: str
) -> ActivityProgress | None:
    """The activity's progress row, locked until the transaction ends (PostgreSQL's
    ``FOR UPDATE``; SQLite's writer already holds the only write lock), so the
    version read is the one the UPDATE names and a save without a version waits
    for another's instead of being refused as stale."""
    return session.scalars(
        select(ActivityProgress)
        .where(
            ActivityProgress.practice_year_id == row.id,
            ActivityProgress.activity_id == activity_id,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()


def _progress(session: Session, row: PracticeYear, activity_id: str) -> ActivityProgress:
    """The activity's progress row, made (not in the plan) for another activity of the year.

    Two people tracking the same new activity at once both try to insert it: the
    insert runs in a savepoint, and the one that finds the row already made uses it."""
    found = _find_progress(session, row, activity_id)
    if found is not None:
        return found
    needs, title = required(row, activity_id)
    progress = ActivityProgress(
        practice_year_id=row.id,
        activity_id=activity_id,
        title=title[:TEXT_LENGTH],
        period_days=needs.days,
        last_start=needs.last_start,
        in_plan=False,
        status=str(ProgressStatus.PLANNED),
        owner="",
        clinicians=[],
        updated_at=now(),
    )
    try:
        with session.begin_nested():
            session.add(progress)
    except IntegrityError:  # made by someone else since the read above
        found = _find_progress(session, row, activity_id)
        if found is None:
            raise
        return found
    return progress


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


def _apply(
    session: Session, practice: Practice, row: PracticeYear, mark: Mark, today: date | None
) -> ActivityProgress:
    activity_id = activity_id_of(mark.activity)
    progress = _progress(session, row, activity_id)
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
    return progress


def mark_many(
    ws: Workspace, name: str, year: int, marks: Sequence[Mark], *, today: date | None = None
) -> tuple[ProgressInfo, ...]:
    """Change several activities in one transaction: all of them, or none if any is
    refused (a bad period, an activity done that ends after ``today``, or a version
    someone else has saved since)."""
    with ws.write() as session:
        practice, row = _year(session, ws, name, year)
        for activity_id in sorted({activity_id_of(m.activity) for m in marks}):
            _find_progress(session, row, activity_id)  # locked in one order: no deadlock
        changed = [_apply(session, practice, row, m, today) for m in marks]
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


def _check_room(session: Session, practice: Practice, row: PracticeYear, size: int) -> None:
    """Refuse evidence past the practice-year's count or total file size."""
    session.execute(  # adds to one practice-year queue here (PostgreSQL), so the sums hold
        select(PracticeYear.id).where(PracticeYear.id == row.id).with_for_update(key_share=True)
    )
    count, stored = session.execute(
        select(func.count(Evidence.id), func.coalesce(func.sum(Evidence.size), 0))
        .join(ActivityProgress)
        .where(ActivityProgress.practice_year_id == row.id)
    ).one()
    total = int(stored or 0)
    where = f"{practice.name!r} ({row.year})"
    if count >= MAX_EVIDENCE_ITEMS:
        msg = (
            f"{where} already keeps {count:,} pieces of evidence, the most one practice-year "
            "may keep: put several files in one zip, or keep the rest elsewhere"
        )
        raise WorkspaceError(msg)
    if size and total + size > MAX_YEAR_EVIDENCE_BYTES:
        mb = 1024 * 1024
        msg = (
            f"{where} keeps {total / mb:.1f} MB of evidence files; this one ({size / mb:.1f} MB) "
            f"would pass the {MAX_YEAR_EVIDENCE_BYTES // mb} MB a practice-year may keep: "
            "keep a smaller copy, or keep the rest elsewhere"
        )
        raise WorkspaceError(msg)


def add_evidence(
    ws: Workspace,
    name: str,
    year: int,
    activity: str,
    note: str = "",
    file: EvidenceFile | None = None,
) -> EvidenceInfo:
    """Keep a note and/or a file as evidence of one activity. The file is stored as
    bytes, never opened or run; one larger than 10 MB is refused."""
    activity_id = activity_id_of(activity)
    note = note.strip()
    if not note and file is None:
        msg = "evidence needs a note or a file"
        raise WorkspaceError(msg)
    if len(note) > MAX_NOTE_CHARS:
        msg = f"an evidence note may have at most {MAX_NOTE_CHARS:,} characters, got {len(note):,}"
        raise WorkspaceError(msg)
    evidence = Evidence(note=note, added_at=now())
    if file is not None:
        file_name = clean_file_name(file.name)
        if not file.data:
            msg = f"the evidence file {file_name} is empty"
            raise WorkspaceError(msg)
        if len(file.data) > MAX_EVIDENCE_BYTES:
            size = len(file.data) / (1024 * 1024)
            msg = (
                f"the evidence file {file_name} is {size:.1f} MB; evidence files may be at "
                f"most {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB: keep a smaller copy or split it"
            )
            raise WorkspaceError(msg)
        evidence.file_name = file_name
        evidence.media_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        evidence.size = len(file.data)
        evidence.sha256 = hashlib.sha256(file.data).hexdigest()
        evidence.content = file.data
    with ws.write() as session:
        practice, row = _year(session, ws, name, year)
        _check_room(session, practice, row, evidence.size or 0)
        evidence.progress = _progress(session, row, activity_id)
        session.add(evidence)
        session.flush()
        return evidence_info(evidence, activity_id)


def evidence_content(ws: Workspace, name: str, year: int, evidence_id: int) -> bytes:
    """The bytes of one evidence file of the practice-year."""
    with ws.read() as session:
        _, row = _year(session, ws, name, year)
        found = session.scalars(
            select(Evidence)
            .join(ActivityProgress)
            .where(Evidence.id == evidence_id, ActivityProgress.practice_year_id == row.id)
        ).first()
        if found is None or found.content is None:
            msg = f"no evidence file {evidence_id} for {name!r} in {year}"
            raise WorkspaceError(msg)
        return found.content


def attest_year(ws: Workspace, name: str, year: int, today: date) -> tuple[AttestationInfo, ...]:
    """Record the activities done in ``year`` as attested (replacing an earlier
    attestation of that year): the history every later year's plan reads. Refused,
    with every reason, unless ``attestation_problems`` finds none.

    Attestations of that year imported from a history file stay as they are; an
    activity done that is already among them is not recorded twice."""
    with ws.write() as session:
        practice, row = _year(session, ws, name, year)
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
        kept = [*rows, *(imported[p.activity_id] for p in done if p.activity_id in imported)]
        return tuple(attestation_info(r) for r in sorted(kept, key=lambda r: r.activity_id))
