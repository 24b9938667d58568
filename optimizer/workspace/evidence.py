"""Evidence of an activity: a note and, perhaps, a file kept as bytes (never opened
or run), within limits per file and per practice-year; read back one file at a
time, and removed by an editor. Adding and removing are both in the change log."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.workspace.access import Role
from optimizer.workspace.change_log import log
from optimizer.workspace.database import Workspace
from optimizer.workspace.file_names import clean_file_name
from optimizer.workspace.progress_rows import activity_id_of, practice_year, progress_row
from optimizer.workspace.records import EvidenceInfo, evidence_info, now
from optimizer.workspace.scoping import require
from optimizer.workspace.tables import ActivityProgress, Evidence, Practice, PracticeYear

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
"""Evidence files are kept in the database, so each may be at most 10 MB."""
MAX_EVIDENCE_ITEMS = 500
"""Pieces of evidence (notes and files) one practice-year may keep."""
MAX_YEAR_EVIDENCE_BYTES = 200 * 1024 * 1024
"""Evidence files one practice-year may keep, in total (the audit pack holds them all)."""
MAX_NOTE_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file given as evidence: its name as the person gave it, and its bytes."""

    name: str
    data: bytes


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
        practice, row = practice_year(session, ws, name, year)
        require(ws, practice, Role.EDITOR, "adding evidence")
        _check_room(session, practice, row, evidence.size or 0)
        evidence.progress = progress_row(session, row, activity_id)
        session.add(evidence)
        session.flush()
        _log(session, ws, practice, row, evidence, activity_id, added=True)
        return evidence_info(evidence, activity_id)


def _described(evidence: Evidence) -> str:
    """Evidence as the change log names it: '#12 minutes.pdf: the note'."""
    file = f" {evidence.file_name}" if evidence.file_name else ""
    return f"#{evidence.id}{file}: {evidence.note}" if evidence.note else f"#{evidence.id}{file}"


def _log(
    session: Session,
    ws: Workspace,
    practice: Practice,
    row: PracticeYear,
    evidence: Evidence,
    activity_id: str,
    *,
    added: bool,
) -> None:
    text = _described(evidence)
    log(
        session,
        ws,
        practice=practice,
        year=row.year,
        activity_id=activity_id,
        field="evidence",
        old="" if added else text,
        new=text if added else "",
    )


def _evidence_of(session: Session, row: PracticeYear, evidence_id: int) -> Evidence | None:
    """Evidence ``evidence_id`` when it is of the practice-year ``row``."""
    return session.scalars(
        select(Evidence)
        .join(ActivityProgress)
        .where(Evidence.id == evidence_id, ActivityProgress.practice_year_id == row.id)
    ).first()


def remove_evidence(ws: Workspace, name: str, year: int, evidence_id: int) -> EvidenceInfo:
    """Delete one piece of evidence of the practice-year (an editor's mistake undone);
    the change log keeps what it was."""
    with ws.write() as session:
        practice, row = practice_year(session, ws, name, year)
        require(ws, practice, Role.EDITOR, "removing evidence")
        found = _evidence_of(session, row, evidence_id)
        if found is None:
            msg = f"no evidence {evidence_id} for {practice.name!r} in {year}"
            raise WorkspaceError(msg)
        activity_id = found.progress.activity_id
        info = evidence_info(found, activity_id)
        _log(session, ws, practice, row, found, activity_id, added=False)
        session.delete(found)
        session.flush()
        return info


def evidence_content(ws: Workspace, name: str, year: int, evidence_id: int) -> bytes:
    """The bytes of one evidence file of the practice-year."""
    with ws.read() as session:
        _, row = practice_year(session, ws, name, year)
        found = _evidence_of(session, row, evidence_id)
        if found is None or found.content is None:
            msg = f"no evidence file {evidence_id} for {name!r} in {year}"
            raise WorkspaceError(msg)
        return found.content
