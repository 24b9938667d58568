"""The plan's dates as an iCalendar (.ics) file (RFC 5545): each planned activity's
start-by day and the first and last day of its window, the year's last start and the
submission window's first and last day, one all-day event per date.

Each event's UID is made from the practice, the year, the activity and the kind of
date, never at random, so importing a newer file updates the events it imported before
instead of adding them twice."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from icalendar import Event

    from optimizer.model import Plan
    from optimizer.planning.roadmap.result import Roadmap

PRODID = "-//IA Planner//MIPS Improvement Activities//EN"
UID_DOMAIN = "ia-planner"
ICS_MIME = "text/calendar"


class KeptProgress(Protocol):
    """What the calendar reads of one activity's saved progress (``ProgressInfo``)."""

    @property
    def activity_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def in_plan(self) -> bool: ...
    @property
    def start(self) -> date | None: ...
    @property
    def end(self) -> date | None: ...
    @property
    def period_days(self) -> int: ...
    @property
    def last_start(self) -> date: ...


class KeptYear(Protocol):
    """What the calendar reads of a saved practice-year (the workspace's
    ``PracticeYearInfo``, a layer above this one, so named by its fields)."""

    @property
    def practice(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def plan(self) -> dict[str, Any]: ...
    @property
    def progress(self) -> Sequence[KeptProgress]: ...
    @property
    def updated_at(self) -> datetime: ...


@dataclass(frozen=True, slots=True)
class CalendarDate:
    """One day worth a calendar event: what happens, for which activity ('' for the year)."""

    year: int
    kind: str
    """'start-by', 'window-start', 'window-end', 'last-start', 'submission-opens' or
    'submission-closes': part of the UID, so never reworded."""
    day: date
    summary: str
    activity: str = ""
    description: str = ""


def _year_dates(year: int, last_start: date, opens: date, closes: date) -> list[CalendarDate]:
    return [
        CalendarDate(
            year,
            "last-start",
            last_start,
            f"PY{year}: last day an activity can start and still run its full period",
        ),
        CalendarDate(
            year,
            "submission-opens",
            opens,
            f"PY{year}: submission window opens (closes {closes.isoformat()})",
        ),
        CalendarDate(year, "submission-closes", closes, f"PY{year}: submission window closes"),
    ]


def _activity_dates(
    year: int,
    activity: str,
    title: str,
    start_by: date,
    days: int,
    window: tuple[date, date] | None,
) -> list[CalendarDate]:
    """The start-by day, then the window's first and last day (when there is one)."""
    period = f" its {days}-day period" if days > 0 else ""
    summary = f"{activity}: last day to start{period}"
    dates = [CalendarDate(year, "start-by", start_by, summary, activity, title)]
    if window is not None:
        start, end = window
        days = (end - start).days + 1
        dates += [
            CalendarDate(
                year,
                "window-start",
                start,
                f"{activity}: starts ({days} days, to {end.isoformat()})",
                activity,
                title,
            ),
            CalendarDate(
                year,
                "window-end",
                end,
                f"{activity}: last day of its period (from {start.isoformat()})",
                activity,
                title,
            ),
        ]
    return dates


def plan_dates(plan: Plan) -> list[CalendarDate]:
    """Every date of one year's plan: its activities', then the year's."""
    windows = {w.activity: (w.start, w.end) for w in plan.schedule}
    dates: list[CalendarDate] = []
    for a in plan.activities:
        start_by = a.last_start or plan.last_start
        dates += _activity_dates(
            plan.year, a.id, a.title, start_by, a.period_days, windows.get(a.id)
        )
    return dates + _year_dates(plan.year, plan.last_start, *plan.submission_window)


def practice_year_dates(info: KeptYear) -> list[CalendarDate]:
    """A saved practice-year's dates: each activity in the plan, with the days it ran
    (as recorded) where known, else its planned window; then the year's."""
    plan: Mapping[str, Any] = info.plan
    planned = {
        w["activity"]: (date.fromisoformat(w["start"]), date.fromisoformat(w["end"]))
        for w in plan.get("schedule", ())
    }
    dates: list[CalendarDate] = []
    for p in info.progress:
        if not p.in_plan:
            continue
        window: tuple[date, date] | None = None
        if p.start is not None:
            end = p.end or p.start + timedelta(days=max(p.period_days, 1) - 1)
            window = (p.start, end)
        else:
            window = planned.get(p.activity_id)
        dates += _activity_dates(
            info.year, p.activity_id, p.title, p.last_start, p.period_days, window
        )
    submission = plan["submission_window"]
    last = date.fromisoformat(plan["last_start"])
    opens = date.fromisoformat(submission["opens"])
    closes = date.fromisoformat(submission["closes"])
    return dates + _year_dates(info.year, last, opens, closes)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Characters RFC 5545 text may not hold (tab and newline may: newline is escaped)."""


def _text(value: str) -> Any:
    from icalendar import vText

    return vText(CONTROL.sub(" ", value.replace("\r\n", "\n")))


def uid(practice: str, item: CalendarDate) -> str:
    """The same practice, year, activity and kind of date give the same UID, always."""
    parts = [f"py{item.year}", item.activity, item.kind]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(p for p in parts if p).lower())
    if practice:  # names are unique in any case: 'Huge Health' is 'huge health'
        digest = hashlib.sha256(practice.casefold().encode()).hexdigest()[:16]
        slug += f"-{digest}"
    return f"{slug}@{UID_DOMAIN}"


def _events(practice: str, dates: Iterable[CalendarDate], stamp: datetime) -> Iterator[Event]:
    from icalendar import Event

    prefix = f"{practice}: " if practice else ""
    for item in dates:
        event = Event()
        event.add("uid", uid(practice, item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))  # all day: DTEND is exclusive
        event.add("summary", _text(prefix + item.summary))
        if item.description:
            event.add("description", _text(item.description))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        yield event


def _calendar(name: str, practice: str, dates: Iterable[CalendarDate], stamp: datetime) -> bytes:
    # Imported here: icalendar takes about 0.3 s to import, paid only when a file is written.
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _text(name))  # not a standard property: typed as text
    for event in _events(practice, dates, stamp):
        cal.add_component(event)
    return bytes(cal.to_ical())


def _stamp(day: date | None, year: int) -> datetime:
    """DTSTAMP: midnight UTC of the day planned, so the same plan gives the same bytes."""
    return datetime.combine(day or date(year, 1, 1), time(), UTC)


def _name(practice: str, years: str) -> str:
    return f"{practice} MIPS IA {years}" if practice else f"MIPS IA {years}"


def plan_calendar(plan: Plan, practice: str = "") -> bytes:
    """One year's plan as .ics bytes; ``practice`` names it and keeps its UIDs apart
    from other practices' ('' for a plan of no saved practice)."""
    dates = plan_dates(plan)
    return _calendar(
        _name(practice, f"PY{plan.year}"), practice, dates, _stamp(plan.as_of, plan.year)
    )


def roadmap_calendar(roadmap: Roadmap, practice: str = "") -> bytes:
    """Every year of a roadmap as one .ics file (UIDs as each year's own plan's)."""
    dates = [d for y in roadmap.years for d in plan_dates(y.plan)]
    first = roadmap.years[0].plan if roadmap.years else None
    stamp = _stamp(None if first is None else first.as_of, roadmap.first_year)
    name = _name(practice, f"PY{roadmap.first_year}-PY{roadmap.last_year}")
    return _calendar(name, practice, dates, stamp)


def practice_year_calendar(info: KeptYear) -> bytes:
    """A workspace practice-year's plan and progress as .ics bytes (DTSTAMP: when it
    was last saved)."""
    stamp = info.updated_at.astimezone(UTC).replace(microsecond=0)
    name = _name(info.practice, f"PY{info.year}")
    return _calendar(name, info.practice, practice_year_dates(info), stamp)


def calendar_file_name(year: int | str, practice: str = "") -> str:
    """'ia-calendar-2026.ics', or with the practice: 'huge-health-ia-calendar-2026.ics'."""
    slug = re.sub(r"[^a-z0-9]+", "-", practice.lower()).strip("-")
    return f"{slug + '-' if slug else ''}ia-calendar-{year}.ics"
