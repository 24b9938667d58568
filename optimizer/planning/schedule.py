"""When each planned activity runs: a window of its required length (the rules
table's ``period_days`` unless the activity says otherwise) inside the
performance year, starting no later than the year's last start (from the
rules table), no earlier than the user's start date, and with at most K
activities at once.

Windows of one length pack into K parallel lanes, one after the other, so the
room left in a year is a count: K lanes of ``(last start - first start) // days + 1``
windows each. The integer program caps the number of activities at that count
("schedule_room", ``solve/limits.py``); ``schedule_windows`` then lays them out.
This is the one layout of windows: the workbook and the submission file use it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from optimizer.errors import ScenarioError
from optimizer.model import Window
from optimizer.rules.year_rules import YearRules


def last_start_for(rules: YearRules, days: int | None = None) -> date:
    """The last day a window of ``days`` days may start (``YearRules.last_start_for``)."""
    return rules.last_start_for(days)


def first_start(year: int, start: date | None = None) -> date:
    """The first day a window may start: January 1, or the user's later start date."""
    january_1 = date(year, 1, 1)
    return january_1 if start is None or start < january_1 else start


def room(
    rules: YearRules,
    *,
    start: date | None = None,
    max_concurrent: int | None = None,
    days: int | None = None,
) -> int | None:
    """How many windows of ``days`` days still fit in the year (None: no limit)."""
    days = rules.period_days if days is None else days
    first, last = first_start(rules.year, start), last_start_for(rules, days)
    if first > last:
        return 0
    if max_concurrent is None:
        return None
    return max_concurrent * ((last - first).days // days + 1)


@dataclass(frozen=True, slots=True)
class Timeline:
    """The windows of a plan, or why they do not fit."""

    windows: tuple[Window, ...]
    reason: str = ""

    @property
    def feasible(self) -> bool:
        return not self.reason


def schedule_windows(
    activity_ids: Sequence[str],
    rules: YearRules,
    *,
    start: date | None = None,
    max_concurrent: int | None = None,
    days: Mapping[str, int] | None = None,
    fixed: Mapping[str, date] | None = None,
) -> Timeline:
    """Lay out one window per activity, each as early as its lane allows; an activity
    in ``fixed`` (already running) keeps the window that began on its day.

    Fixed windows take their lanes first; then the longest activities go first, each
    into the lane that frees up soonest; for windows of one length this fits whenever
    ``room`` says it does.
    """
    if max_concurrent is not None and max_concurrent < 1:
        msg = f"'max_concurrent' must be at least 1: {max_concurrent}"
        raise ScenarioError(msg)
    lengths = {a: (days or {}).get(a, rules.period_days) for a in activity_ids}
    first = first_start(rules.year, start)
    lanes = [first] * (max_concurrent or max(1, len(activity_ids)))
    windows: list[Window] = []
    for activity_id, began in sorted((fixed or {}).items(), key=lambda item: item[1]):
        if activity_id not in lengths:
            continue
        end = began + timedelta(days=lengths[activity_id] - 1)
        windows.append(Window(activity_id, began, end))
        lane = min(range(len(lanes)), key=lambda n: (lanes[n], n))
        lanes[lane] = max(lanes[lane], end + timedelta(days=1))
    placed = {w.activity for w in windows}
    order = sorted(
        (i for i, a in enumerate(activity_ids) if a not in placed),
        key=lambda i: (-lengths[activity_ids[i]], i),
    )
    for index in order:
        activity_id = activity_ids[index]
        length = lengths[activity_id]
        lane = min(range(len(lanes)), key=lambda n: (lanes[n], n))
        begin, last = lanes[lane], last_start_for(rules, length)
        if begin > last:
            at_once = "" if max_concurrent is None else f" with at most {max_concurrent} at a time"
            reason = (
                f"no room left this year for {activity_id}: its {length}-day window must "
                f"start by {last.isoformat()}, and the earliest free start{at_once} is "
                f"{begin.isoformat()}"
            )
            return Timeline((), reason)
        end = begin + timedelta(days=length - 1)
        windows.append(Window(activity_id, begin, end))
        lanes[lane] = end + timedelta(days=1)
    return Timeline(tuple(sorted(windows, key=lambda w: (w.start, w.activity))))
