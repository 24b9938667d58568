"""The names of the planning model's constraints, written once.

The integer programs name their rows with these, and a reason carries the same
name as its ``code``, so a test or a script can tell which rule blocked a plan
("reach_40_points", "must_include:IA_EPA_1", "schedule_room:2027").
"""

from __future__ import annotations

REACH_POINTS = "reach_{points}_points"
MUST_INCLUDE = "must_include"
AT_LEAST_PAIRED = "at_least_{count}_paired"
CLINICIAN_CAP = "clinician_cap"
SCHEDULE_ROOM = "schedule_room"
GROUP_50_PERCENT = "group_50_percent"
ONCE_EVERY_N_YEARS = "once_every_N_years"
TOO_LATE = "too_late"
NO_PLAN = "no_plan"
FULL_CREDIT = "full_credit"
NOT_PLAN = "not_plan"
WITHOUT = "without"
CONTINUES = "continues"
CONTINUED_FROM = "continued_from"


def reach_points(points: int) -> str:
    return REACH_POINTS.format(points=points)


def at_least_paired(count: int) -> str:
    return AT_LEAST_PAIRED.format(count=count)


def about(name: str, subject: object) -> str:
    """A constraint's name for one activity, clinician or year: 'must_include:IA_EPA_1'."""
    return f"{name}:{subject}"


def once_every(years: int, activity_id: str, first: int, second: int) -> str:
    return f"once_every_{years}_years:{activity_id}:{first}-{second}"


def in_year(name: str, year: int | None) -> str:
    """The name of a row of one year of a roadmap ('reach_40_points:2027'); a single
    year's model keeps the plain name."""
    return name if year is None else f"{name}:{year}"
