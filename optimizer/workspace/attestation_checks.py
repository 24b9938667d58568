"""What must hold before a practice-year is attested, each reason in words: the
submission window open, every activity of the plan done (or dropped) with its period
run and ended, the points reached, and for a group the clinicians the rule asks.
A plan whose full credit comes from a status (a medical home) needs only the window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from optimizer.errors import PlannerError, WorkspaceError
from optimizer.model import PCMH_ID, Inventory
from optimizer.planning.scoring import score_activities
from optimizer.rules.group_rule import clinicians_needed
from optimizer.rules.year_rules import rules_for
from optimizer.wording import plural
from optimizer.workspace.progress import ProgressStatus, Required, check_progress
from optimizer.workspace.records import PracticeYearInfo, ProgressInfo

STATUS_CREDIT = "STATUS_CREDIT"
"""The attestation row of a year whose full credit came with no activity to attest (the
APP, CMS's IA study): it marks the year attested and is no later year's history."""


def credit_from_status(info: PracticeYearInfo) -> bool:
    """The plan's automatic points (a medical home's 40) reach its target alone."""
    target = int(info.plan.get("target", rules_for(info.year).category_max))
    return int(info.plan.get("automatic_points", 0)) >= target


def status_credit_id(info: PracticeYearInfo) -> str:
    """What a year of full credit from a status records as attested: IA_PCMH for a
    medical home (the activity CMS takes for its credit), else ``STATUS_CREDIT``."""
    return PCMH_ID if info.scenario.pcmh else STATUS_CREDIT


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
    plan's target; for a group, each one done needs the clinicians the group rule asks.
    A plan whose credit comes from a status needs only the window open."""
    problems = [_window_problem(info.year, today)]
    if credit_from_status(info):
        return tuple(p for p in problems if p)
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
