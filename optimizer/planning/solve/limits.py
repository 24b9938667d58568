"""Limits on how many activities a plan may hold, from the group's caps and the
schedule: each a named constraint of the integer program with its reason and
the change that relaxes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from optimizer.model import Scenario
from optimizer.planning.schedule import first_start, last_start_for, room
from optimizer.rules.year_rules import YearRules
from optimizer.wording import plural


@dataclass(frozen=True, slots=True)
class CountLimit:
    """At most ``most`` activities in the plan, why (in words) and what relaxes it."""

    name: str
    most: int
    why: str
    fix: str
    exempt: frozenset[str] = frozenset()
    """Activities the limit does not count (running ones need no new window)."""


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
    return CountLimit("clinician_cap", most, why, "allow more activities per clinician")


def schedule_limit(scenario: Scenario, rules: YearRules, start: date | None) -> CountLimit | None:
    """The "schedule_room" limit on the number of activities that start on or after
    ``start``, when there is one."""
    most = scenario.max_concurrent
    fits = room(rules, start=start, max_concurrent=most)
    if fits is None:
        return None
    first, last = first_start(rules.year, start), last_start_for(rules)
    days = rules.period_days
    running = frozenset(scenario.running_since)
    if fits == 0:
        why = (
            f"no room left this year: a {days}-day activity must start by "
            f"{last.isoformat()}, and the plan starts {first.isoformat()}"
        )
        return CountLimit("schedule_room", 0, why, "plan for next year instead", running)
    why = (
        f"from {first.isoformat()} with at most {plural(most or 0, 'activity')} at a time "
        f"there is room for {plural(fits, 'activity')} of {days} days (the last "
        f"possible start is {last.isoformat()})"
    )
    fix = "start earlier or run more activities at once"
    return CountLimit("schedule_room", fits, why, fix, running)


def count_limits(
    scenario: Scenario, rules: YearRules, clinicians_needed: int | None, start: date | None
) -> tuple[CountLimit, ...]:
    """Every count limit that applies to ``scenario`` (new activities start on or after
    ``start``)."""
    found = (cap_limit(scenario, clinicians_needed), schedule_limit(scenario, rules, start))
    return tuple(limit for limit in found if limit is not None)
