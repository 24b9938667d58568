"""Limits on how many activities a plan may hold, from the group's caps and the
schedule: each a named constraint of the integer program (and a dimension of the
dynamic program) with its reason and the change that relaxes it.

The schedule's limit counts new activities only (a running one keeps the window it
began in) and allows as many as windows of the shortest period among them fit: it
never rules out a plan that fits, and for activities of one length it is exact.
A plan is laid out afterwards (``schedule``); one that does not fit gives way to
the next-cheapest (``solve/search``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from optimizer.model import Fix, FixCode, Scenario
from optimizer.planning.schedule import first_start, room
from optimizer.planning.solve import names
from optimizer.rules.eligibility import Candidate
from optimizer.rules.year_rules import YearRules
from optimizer.wording import plural


@dataclass(frozen=True, slots=True)
class CountLimit:
    """At most ``most`` of the activities not in ``exempt`` in the plan, why (in
    words) and what relaxes it."""

    name: str
    most: int
    why: str
    fixes: tuple[Fix, ...]
    exempt: frozenset[str] = frozenset()
    """Activities the limit does not count (running ones need no new window)."""

    def counts(self, activity_id: str) -> bool:
        return activity_id not in self.exempt


def cap_limit(scenario: Scenario, needed: int | None) -> CountLimit | None:
    """Without a roster: N interchangeable clinicians, each on at most ``cap`` activities
    (``needed`` of them on each activity)."""
    size, cap = scenario.group_size, scenario.max_per_clinician
    if scenario.roster or size is None or cap is None or needed is None:
        return None
    most = size * cap // needed
    why = (
        f"{size} clinicians taking on at most {plural(cap, 'activity')} each fill "
        f"{size * cap} places, and each activity needs {needed}: room for "
        f"{plural(most, 'activity')}"
    )
    return CountLimit(names.CLINICIAN_CAP, most, why, (Fix(FixCode.MORE_PER_CLINICIAN),))


def schedule_limit(
    scenario: Scenario, rules: YearRules, start: date | None, candidates: Sequence[Candidate]
) -> CountLimit | None:
    """The "schedule_room" limit on the new activities of a plan with at most K at a
    time, when there is one: as many as windows of the shortest new period fit."""
    most_at_once = scenario.max_concurrent
    running = frozenset(scenario.running_since)
    periods = [
        c.activity.period_days or rules.period_days for c in candidates if c.id not in running
    ]
    if most_at_once is None or not periods:
        return None
    days = min(periods)
    fits = room(rules, start=start, max_concurrent=most_at_once, days=days) or 0
    first, last = first_start(rules.year, start), rules.last_start_for(days)
    why = (
        f"from {first.isoformat()} with at most {plural(most_at_once, 'activity')} at a time "
        f"there is room for {plural(fits, 'activity')} of {days} days (the last "
        f"possible start is {last.isoformat()})"
    )
    fixes = (Fix(FixCode.START_EARLIER), Fix(FixCode.MORE_AT_ONCE))
    return CountLimit(names.SCHEDULE_ROOM, fits, why, fixes, running)


def count_limits(
    scenario: Scenario,
    rules: YearRules,
    clinicians_needed: int | None,
    start: date | None,
    candidates: Sequence[Candidate],
) -> tuple[CountLimit, ...]:
    """Every count limit that applies to ``scenario`` (new activities start on or after
    ``start``)."""
    found = (
        cap_limit(scenario, clinicians_needed),
        schedule_limit(scenario, rules, start, candidates),
    )
    return tuple(limit for limit in found if limit is not None)
