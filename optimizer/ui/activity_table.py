"""The editable activity table: one row per activity with its facts, points and the
user's edits (effort, already doing, must include, can't do), and the way back
from the edited table to ``Scenario`` fields. Plain pandas: nothing here draws."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from optimizer.errors import TableFormatError
from optimizer.model import Inventory, Scenario
from optimizer.model.values import BadValue, hours
from optimizer.rules.effort import RUNNING_HOURS, resolve_effort
from optimizer.rules.group_rule import participants
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import default_effort, effort_estimates
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.ui.labels import (
    ACTIVITY_COLUMNS,
    ALREADY,
    EFFORT,
    EXCLUDE,
    ID,
    INCLUDE,
    POINTS,
    SUBCATEGORY,
    TITLE,
    WEIGHT,
)


@dataclass(frozen=True, slots=True)
class ActivityEdit:
    """What the user changed on one row of the activity table."""

    effort: float | None = None
    already_doing: bool = False
    must_include: bool = False
    cant_do: bool = False

    @property
    def is_default(self) -> bool:
        return self == ActivityEdit()


Edits = Mapping[str, ActivityEdit]
"""Activity ID -> the user's edit; IDs without an edit are left out."""


def default_efforts(inventory: Inventory, scenario: Scenario) -> dict[str, float]:
    """The effort each activity has before the user edits it (inventory or estimate),
    for as many clinicians as take part under ``scenario``."""
    estimates, default = effort_estimates(inventory.year), default_effort()
    unedited = replace(scenario, efforts=(), clinician_efforts=())
    taking_part = participants(rules_for(inventory.year), scenario)
    return {
        a.id: resolve_effort(a, unedited, estimates, default).total(taking_part)
        for a in inventory.activities
    }


def shown_effort(edit: ActivityEdit, default: float) -> float:
    """The effort the table shows and the plan counts: the user's own figure, else
    ``RUNNING_HOURS`` for an activity the practice already runs, else the default."""
    if edit.effort is not None:
        return edit.effort
    return RUNNING_HOURS if edit.already_doing else default


def activity_frame(inventory: Inventory, scenario: Scenario, edits: Edits) -> pd.DataFrame:
    """One row per activity: facts, points for ``scenario`` and the user's edits, with
    the effort the plan counts (nearly nothing for an activity already running)."""
    rules = rules_for(inventory.year)
    defaults = default_efforts(inventory, scenario)
    rows = []
    for activity in inventory.activities:
        edit = edits.get(activity.id, ActivityEdit())
        rows.append(
            {
                ID: activity.id,
                TITLE: activity.title,
                SUBCATEGORY: activity.subcategory,
                WEIGHT: "" if activity.weight is None else activity.weight.label,
                POINTS: rules.activity_points_for(activity, scenario),
                EFFORT: shown_effort(edit, defaults[activity.id]),
                ALREADY: edit.already_doing,
                INCLUDE: edit.must_include,
                EXCLUDE: edit.cant_do,
            }
        )
    return pd.DataFrame(rows, columns=list(ACTIVITY_COLUMNS))


def filter_activities(
    frame: pd.DataFrame, subcategories: Iterable[str] = (), text: str = ""
) -> pd.DataFrame:
    """The rows in any of ``subcategories`` (all when none) whose ID or title contains
    ``text`` (any case), renumbered from 0 as the data editor expects."""
    keep = pd.Series(True, index=frame.index)
    wanted = list(subcategories)
    if wanted:
        keep &= frame[SUBCATEGORY].isin(wanted)
    needle = text.strip().casefold()
    if needle:
        haystack = (frame[ID] + " " + frame[TITLE]).str.casefold()
        keep &= haystack.str.contains(needle, regex=False)
    return frame[keep].reset_index(drop=True)


def _flag(value: Any) -> bool:
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def edits_from_frame(
    edited: pd.DataFrame,
    inventory: Inventory,
    scenario: Scenario,
    saved: Edits | None = None,
    shown: pd.DataFrame | None = None,
) -> dict[str, ActivityEdit]:
    """The edits the rows of an edited activity table carry (default rows left out).

    An effort cell counts as typed only when it differs from what the table showed
    (``shown``, the frame handed to the editor, with ``saved`` the edits it showed):
    the 0.5 h shown for an activity already running is no figure of the user's, so
    unticking "Already doing" brings the estimate back. An emptied effort cell goes
    back to the default estimate, and so does a typed effort equal to it.
    """
    defaults = default_efforts(inventory, scenario)
    saved = saved or {}
    before = {} if shown is None else dict(zip(shown[ID], shown[EFFORT], strict=True))
    edits: dict[str, ActivityEdit] = {}
    for position, row in enumerate(edited.to_dict("records"), start=1):
        activity_id = str(row[ID])
        raw = row[EFFORT]
        effort: float | None = None
        if activity_id in before and not _missing(raw) and raw == before[activity_id]:
            effort = saved.get(activity_id, ActivityEdit()).effort
        elif not _missing(raw):
            try:
                effort = hours(raw)
            except BadValue as exc:
                msg = f"Activity table, row {position} ({activity_id}), column {EFFORT!r}: {exc}"
                raise TableFormatError(
                    msg, source="activity table", row=position, column=EFFORT
                ) from None
            if effort == defaults.get(activity_id):
                effort = None
        edit = ActivityEdit(effort, _flag(row[ALREADY]), _flag(row[INCLUDE]), _flag(row[EXCLUDE]))
        if not edit.is_default:
            edits[activity_id] = edit
    return edits


def merge_edits(
    saved: Edits, shown_ids: Iterable[str], shown_edits: Edits
) -> dict[str, ActivityEdit]:
    """The saved edits with the rows on screen replaced by what they show now
    (rows filtered out of view keep their saved edit)."""
    merged = {k: v for k, v in saved.items() if k not in set(shown_ids)}
    merged.update(shown_edits)
    return dict(sorted(merged.items()))


def apply_edits(scenario: Scenario, edits: Edits, inventory: Inventory) -> Scenario:
    """``scenario`` with the table's efforts, running activities, must-include and
    can't-do lists.

    "Already doing" marks the activity running since the start of the year (nearly
    free, ``RUNNING_HOURS``, unless an effort is typed too); edits for activities not
    in ``inventory`` (another year's upload) are ignored.
    """
    efforts: dict[str, float] = {}
    running: list[tuple[str, None]] = []
    include, exclude = set(), set()
    for activity_id, edit in edits.items():
        if activity_id not in inventory:
            continue
        if edit.already_doing:
            running.append((activity_id, None))
        if edit.effort is not None:
            efforts[activity_id] = edit.effort
        if edit.must_include:
            include.add(activity_id)
        if edit.cant_do:
            exclude.add(activity_id)
    fields = {
        "efforts": tuple(efforts.items()),
        "running": tuple(running),
        "include": include,
        "exclude": exclude,
    }
    return scenario_from_fields(fields, base=scenario)


def edits_from_scenario(scenario: Scenario, inventory: Inventory) -> dict[str, ActivityEdit]:
    """The activity-table edits that give back ``scenario``'s efforts, must-include and
    can't-do lists (the way back from a restored workbook). An effort equal to the
    default estimate is no edit."""
    defaults = default_efforts(inventory, scenario)
    running = scenario.running_since
    ids = {a for a, _ in scenario.efforts} | scenario.include | scenario.exclude | set(running)
    edits: dict[str, ActivityEdit] = {}
    for activity_id in sorted(ids):
        if activity_id not in inventory:
            continue
        own = scenario.effort_overrides.get(activity_id)
        edit = ActivityEdit(
            effort=None if own == defaults.get(activity_id) else own,
            already_doing=activity_id in running,
            must_include=activity_id in scenario.include,
            cant_do=activity_id in scenario.exclude,
        )
        if not edit.is_default:
            edits[activity_id] = edit
    return edits
