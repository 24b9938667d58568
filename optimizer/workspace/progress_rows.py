"""The rows tracking works on: a practice-year found by the practice's name, and one
activity's progress row, locked for the change or made for an activity not in the plan."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimizer.errors import WorkspaceError
from optimizer.model.activity import ACTIVITY_ID
from optimizer.workspace.database import Workspace
from optimizer.workspace.plans import no_plan, required, year_row
from optimizer.workspace.practice_lookup import find_practice
from optimizer.workspace.progress import ProgressStatus
from optimizer.workspace.records import now
from optimizer.workspace.tables import TEXT_LENGTH, ActivityProgress, Practice, PracticeYear


def activity_id_of(text: str) -> str:
    activity_id = "_".join(text.strip().upper().split())
    if not ACTIVITY_ID.match(activity_id):
        msg = f"{text!r} is not an activity ID (IDs look like IA_EPA_1)"
        raise WorkspaceError(msg)
    return activity_id


def practice_year(
    session: Session, ws: Workspace, name: str, year: int
) -> tuple[Practice, PracticeYear]:
    """The practice the scope sees by that name, and its saved plan of ``year``."""
    practice = find_practice(session, name, ws)
    row = year_row(session, practice, year)
    if row is None:
        raise no_plan(practice.name, year)
    return practice, row


def find_progress(session: Session, row: PracticeYear, activity_id: str) -> ActivityProgress | None:
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


def progress_row(session: Session, row: PracticeYear, activity_id: str) -> ActivityProgress:
    """The activity's progress row, made (not in the plan) for another activity of the year.

    Two people tracking the same new activity at once both try to insert it: the
    insert runs in a savepoint, and the one that finds the row already made uses it."""
    found = find_progress(session, row, activity_id)
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
        found = find_progress(session, row, activity_id)
        if found is None:
            raise
        return found
    return progress
