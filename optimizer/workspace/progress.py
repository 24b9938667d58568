"""The rules of an activity's progress, apart from any database: which statuses
there are, which dates a status needs, the period an activity must run, what
it still needs, and when it is at risk of missing its last start.

    check_progress(required, ProgressStatus.DONE, date(2026, 1, 5), date(2026, 2, 1))
    -> WorkspaceError: IA_EPA_1 must run at least 90 continuous days: ... is 28 days
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from optimizer.errors import WorkspaceError
from optimizer.wording import plural

AT_RISK_DAYS = 14
"""An activity not yet begun is at risk this many days before its last start."""


class ProgressStatus(StrEnum):
    """Where an activity of a practice-year stands."""

    PLANNED = "planned"
    RUNNING = "running"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True, slots=True)
class Required:
    """What one activity of one performance year must do: run ``days`` continuous days,
    starting no later than ``last_start``."""

    activity_id: str
    year: int
    days: int
    last_start: date

    @property
    def first_day(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 12, 31)


def _inside_year(required: Required, which: str, day: date) -> None:
    if not required.first_day <= day <= required.last_day:
        msg = (
            f"{required.activity_id}: the {which} date {day} is outside performance year "
            f"{required.year} ({required.first_day} to {required.last_day})"
        )
        raise WorkspaceError(msg)


def check_progress(
    required: Required, status: ProgressStatus, start: date | None, end: date | None
) -> None:
    """Refuse, in words, dates a status cannot have: a date outside the performance
    year, an end before the start, a period shorter than the activity requires, a
    running activity without its start, a done one without both dates."""
    name = required.activity_id
    if status is ProgressStatus.DROPPED:
        return  # a dropped activity keeps whatever dates it had, as a record
    for which, day in (("start", start), ("end", end)):
        if day is not None:
            _inside_year(required, which, day)
    if status is ProgressStatus.RUNNING and start is None:
        msg = f"{name} cannot be running without its start date: give the start"
        raise WorkspaceError(msg)
    if status is ProgressStatus.DONE and (start is None or end is None):
        msg = f"{name} cannot be done without its start and end dates: give both"
        raise WorkspaceError(msg)
    if start is not None and end is not None:
        if end < start:
            msg = f"{name}: the end date {end} is before the start date {start}"
            raise WorkspaceError(msg)
        days = (end - start).days + 1
        if days < required.days:
            msg = (
                f"{name} must run at least {plural(required.days, 'continuous day')}: "
                f"{start} to {end} is {plural(days, 'day')}"
            )
            raise WorkspaceError(msg)
    elif start is not None and start + timedelta(days=required.days - 1) > required.last_day:
        msg = (
            f"{name} must run at least {plural(required.days, 'continuous day')}: started "
            f"{start}, it cannot finish by {required.last_day} (its last start is "
            f"{required.last_start})"
        )
        raise WorkspaceError(msg)


def days_still_needed(
    required_days: int, status: ProgressStatus, start: date | None, today: date
) -> int | None:
    """The days an activity must still run: all of them until it starts, the rest
    while it runs, none once done (None: dropped)."""
    if status is ProgressStatus.DROPPED:
        return None
    if status is ProgressStatus.DONE:
        return 0
    if status is ProgressStatus.RUNNING and start is not None and start <= today:
        return max(0, required_days - ((today - start).days + 1))
    return required_days


def risk(
    activity_id: str, status: ProgressStatus, in_plan: bool, last_start: date, today: date
) -> str:
    """Why a planned activity that has not begun may miss its last start ('' if it may not)."""
    if not in_plan or status is not ProgressStatus.PLANNED:
        return ""
    left = (last_start - today).days
    if left < 0:
        return f"{activity_id} has not begun and its last start, {last_start}, has passed"
    if left <= AT_RISK_DAYS:
        return f"{activity_id} must start by {last_start} ({plural(left, 'day')} left)"
    return ""
