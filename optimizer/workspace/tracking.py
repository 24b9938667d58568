"""Carrying out a practice-year's plan: marking each activity's progress, adding
evidence, and attesting the activities done. Each is one transaction, checked
in full before anything is written.

An activity of the year's inventory that is not in the plan may be tracked too
(a practice may run more than the plan asks); it is kept as not in the plan.
"""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimizer.errors import (
    AttestationRefusedError,
    PlannerError,
    StaleWriteError,
    WorkspaceError,
)
from optimizer.model import Inventory
from optimizer.model.activity import ACTIVITY_ID
from optimizer.planning.scoring import score_activities
from optimizer.rules.group_rule import clinicians_needed
from optimizer.rules.year_rules import rules_for
from optimizer.wording import listed, plural
from optimizer.workspace.database import Workspace
from optimizer.workspace.plans import no_plan, required, saved_inventory, year_row
from optimizer.workspace.practices import attestation_rows, find_practice
from optimizer.workspace.progress import ProgressStatus, Required, check_progress
from optimizer.workspace.records import (
    AttestationInfo,
    EvidenceInfo,
    PracticeYearInfo,
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
MAX_FILE_NAME = 255


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


_UNSHOWN = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
"""Unicode categories never kept in a file name: control and format characters
(right-to-left overrides such as U+202E, zero-width marks), private use, lone
surrogates and line breaks."""


def clean_file_name(name: str) -> str:
    """The name as kept and offered for download: its last part only (no folders),
    without control or bidirectional-override characters, spaces collapsed, at most
    255 characters with the extension kept; 'evidence' when nothing readable is left.

    'report' U+202E 'fdp.exe' -> 'reportfdp.exe'; '../../m.pdf' -> 'm.pdf'."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c) not in _UNSHOWN)
    base = " ".join(base.split()).strip(" .")
    if not base:
        return "evidence"
    if len(base) > MAX_FILE_NAME:
        _, dot, extension = base.rpartition(".")
        keep = f"{dot}{extension}" if dot and len(extension) <= 16 else ""
        base = base[: MAX_FILE_NAME - len(keep)].rstrip(" .") + keep
    return base


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


def points_done(info: PracticeYearInfo) -> int:
    """The points the plan's activities done so far earn, with the automatic ones:
    what the Tracker shows against the points planned."""
    earned = {a["id"]: int(a["points"]) for a in info.plan.get("activities", [])}
    done = sum(
        earned.get(p.activity_id, 0)
        for p in info.progress
        if p.in_plan and p.status is ProgressStatus.DONE
    )
    cap = int(info.plan.get("category_max", rules_for(info.year).category_max))
    return min(cap, int(info.plan.get("automatic_points", 0)) + done)


def _window_problem(year: int, today: date) -> str:
    rules = rules_for(year)
    opens, closes = rules.submission_open, rules.submission_close
    if today < opens:
        return f"the {year} submission window opens {opens}: attest from then (today is {today})"
    if today > closes:
        return f"the {year} submission window closed {closes}: {year} can no longer be attested"
    return ""


def _activity_problems(item: ProgressInfo, year: int, today: date, needed: int | None) -> list[str]:
    name = item.activity_id
    if item.status is not ProgressStatus.DONE:
        return [
            f"{name} is {item.status}, not done: mark it done with its dates, or dropped "
            "if it will not be done"
        ]
    out = []
    try:
        check_progress(
            Required(name, year, item.period_days, item.last_start),
            item.status,
            item.start,
            item.end,
        )
    except WorkspaceError as exc:
        out.append(str(exc))
    if item.end is not None and item.end > today:
        out.append(f"{name} ends {item.end}, after today ({today}): it is done once it has ended")
    if needed is not None and len(item.clinicians) < needed:
        out.append(
            f"{name} needs {plural(needed, 'clinician')} of the group taking part, "
            f"{plural(len(item.clinicians), 'clinician')} recorded"
        )
    return out


def _points_problem(info: PracticeYearInfo, ids: Sequence[str], inventory: Inventory | None) -> str:
    target = int(info.plan.get("target", rules_for(info.year).category_max))
    try:
        points = score_activities(info.scenario, ids, inventory).points
    except PlannerError as exc:
        return str(exc)
    if points < target:
        return f"the activities done reach {points} of the {target} points the plan aims for"
    return ""


def attestation_problems(
    info: PracticeYearInfo,
    today: date,
    *,
    inventory: Inventory | None = None,
    imported: Sequence[str] = (),
) -> tuple[str, ...]:
    """Why the year cannot be attested on ``today``, each reason in words (none: it can).

    The submission window must be open; every activity of the plan done (or dropped)
    and every one done must have run its period and ended by today; the activities
    done, with ``imported`` (attested for the year in a history file), must reach the
    plan's target; for a group, each one done needs the clinicians the group rule asks."""
    problems = [_window_problem(info.year, today)]
    done = [p for p in info.progress if p.status is ProgressStatus.DONE]
    counted = [p for p in info.progress if p.in_plan and p.status is not ProgressStatus.DROPPED]
    counted += [p for p in done if not p.in_plan]
    if not done:
        problems.append(
            f"no activity of {info.year} is marked done: mark each one done with its start "
            "and end dates"
        )
    size = info.scenario.group_size
    needed = None if size is None else clinicians_needed(rules_for(info.year), size)
    for item in counted:
        problems += _activity_problems(item, info.year, today, needed)
    if done:
        ids = sorted({*(p.activity_id for p in done), *imported})
        problems.append(_points_problem(info, ids, inventory))
    return tuple(p for p in problems if p)


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
        rows = attestation_rows(practice, year, new, today)
        session.add_all(rows)
        try:
            session.flush()
        except IntegrityError:
            msg = f"{practice.name!r} ({year}) was attested by someone else at the same time"
            raise StaleWriteError(msg) from None
        kept = [*rows, *(imported[p.activity_id] for p in done if p.activity_id in imported)]
        return tuple(attestation_info(r) for r in sorted(kept, key=lambda r: r.activity_id))
