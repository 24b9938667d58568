"""The tables the app shows, as DataFrames, and the way back from the edited
activity and history tables to ``Scenario`` fields.

Nothing here draws: ``app.py`` renders these frames with Streamlit, and the
tests read them as plain pandas.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from optimizer.bundled import bundled_years, effort_estimates, mvp_catalog, quality_measures
from optimizer.eligibility import resolve_effort
from optimizer.errors import ScenarioError, TableFormatError
from optimizer.groups import who_does_what
from optimizer.model import (
    ACTIVITY_ID,
    Attestation,
    Clinician,
    ExclusionCode,
    Inventory,
    Plan,
    PlanStatus,
    Scenario,
)
from optimizer.roster import HEADER as ROSTER_HEADER
from optimizer.roster import roster_from_records, roster_records
from optimizer.rules import rule_years, rules_for
from optimizer.schedule import timeline_rows
from optimizer.solve import SMALL_PRACTICE_MAX
from optimizer.whatif import WhatIf

ALREADY_DOING_HOURS = 0.5
"""Effort assumed for an activity the practice already does: nearly free, not free,
so that among already-done activities the plan still prefers fewer."""

INFEASIBLE_PREFIX = "No plan: "

ID, TITLE, SUBCATEGORY, WEIGHT, POINTS = "ID", "Title", "Subcategory", "Weight", "Points"
EFFORT, ALREADY, INCLUDE, EXCLUDE = "Effort (h)", "Already doing", "Must include", "Can't do"
ACTIVITY_COLUMNS = (ID, TITLE, SUBCATEGORY, WEIGHT, POINTS, EFFORT, ALREADY, INCLUDE, EXCLUDE)
EDITABLE_COLUMNS = (EFFORT, ALREADY, INCLUDE, EXCLUDE)
HISTORY_ID, HISTORY_YEAR = "Activity ID", "Performance year"
START, END, DAYS = "Start", "End", "Days"
CLINICIAN, ACTIVITIES, COUNT = "Clinician", "Activities", "Count"

EXCLUSION_LABELS = {
    ExclusionCode.FREQUENCY_LIMIT: "frequency limit",
    ExclusionCode.NOT_IN_MVP: "not in the MVP",
    ExclusionCode.MVP_ONLY: "MVP only",
    ExclusionCode.NOT_PAIRED: "not paired",
    ExclusionCode.EXCLUDED_BY_USER: "excluded by you",
    ExclusionCode.MEDICAL_HOME_CREDIT: "medical-home credit",
    ExclusionCode.SUSPENDED: "suspended",
    ExclusionCode.TOO_FEW_CLINICIANS: "too few clinicians",
}


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


def default_efforts(inventory: Inventory) -> dict[str, float]:
    """The effort each activity has before the user edits it (inventory or estimate)."""
    estimates = effort_estimates()
    return {a.id: resolve_effort(a, {}, estimates)[0] for a in inventory.activities}


def activity_frame(inventory: Inventory, scenario: Scenario, edits: Edits) -> pd.DataFrame:
    """One row per activity: facts, points for ``scenario`` and the user's edits."""
    rules = rules_for(inventory.year)
    defaults = default_efforts(inventory)
    rows = []
    for activity in inventory.activities:
        edit = edits.get(activity.id, ActivityEdit())
        rows.append(
            {
                ID: activity.id,
                TITLE: activity.title,
                SUBCATEGORY: activity.subcategory,
                WEIGHT: "" if activity.weight is None else str(activity.weight),
                POINTS: rules.activity_points_for(activity, scenario),
                EFFORT: defaults[activity.id] if edit.effort is None else edit.effort,
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


def edits_from_frame(edited: pd.DataFrame, inventory: Inventory) -> dict[str, ActivityEdit]:
    """The edits the rows of an edited activity table carry (default rows left out).

    An emptied effort cell goes back to the default estimate.
    """
    defaults = default_efforts(inventory)
    edits: dict[str, ActivityEdit] = {}
    for position, row in enumerate(edited.to_dict("records"), start=1):
        activity_id = str(row[ID])
        raw = row[EFFORT]
        effort: float | None
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            effort = None
        else:
            try:
                effort = float(raw)
            except (TypeError, ValueError):
                effort = -1.0
            if not (effort >= 0 and math.isfinite(effort)):
                msg = (
                    f"Activity table, row {position} ({activity_id}), column {EFFORT!r}: "
                    f"must be a number >= 0, got {raw!r}"
                )
                raise TableFormatError(msg, source="activity table", row=position, column=EFFORT)
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
    """``scenario`` with the table's efforts, must-include and can't-do lists.

    "Already doing" sets the effort to ``ALREADY_DOING_HOURS`` (or keeps a lower one);
    edits for activities not in ``inventory`` (another year's upload) are ignored.
    """
    efforts: dict[str, float] = {}
    include, exclude = set(), set()
    for activity_id, edit in edits.items():
        if activity_id not in inventory:
            continue
        if edit.already_doing:
            hours = ALREADY_DOING_HOURS if edit.effort is None else edit.effort
            efforts[activity_id] = min(hours, ALREADY_DOING_HOURS)
        elif edit.effort is not None:
            efforts[activity_id] = edit.effort
        if edit.must_include:
            include.add(activity_id)
        if edit.cant_do:
            exclude.add(activity_id)
    return replace(
        scenario,
        efforts=tuple(efforts.items()),
        include=frozenset(include),
        exclude=frozenset(exclude),
    )


def history_frame(history: Iterable[Attestation]) -> pd.DataFrame:
    """The attestation history as an editable two-column table."""
    rows = [{HISTORY_ID: a.activity_id, HISTORY_YEAR: a.year} for a in history]
    frame = pd.DataFrame(rows, columns=[HISTORY_ID, HISTORY_YEAR])
    return frame.astype({HISTORY_ID: "object", HISTORY_YEAR: "Int64"})


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def history_from_frame(frame: pd.DataFrame) -> tuple[Attestation, ...]:
    """Attestations from the edited history table; wholly empty rows are skipped."""

    def error(row: int, column: str, problem: str) -> TableFormatError:
        msg = f"History table, row {row}, column {column!r}: {problem}"
        return TableFormatError(msg, source="history table", row=row, column=column)

    history = []
    for row, cells in enumerate(frame.to_dict("records"), start=1):
        raw_id, raw_year = cells.get(HISTORY_ID), cells.get(HISTORY_YEAR)
        text_id = "" if _blank(raw_id) else str(raw_id).strip()
        if not text_id and _blank(raw_year):
            continue
        activity_id = text_id.upper()
        if not ACTIVITY_ID.match(activity_id):
            raise error(row, HISTORY_ID, f"{text_id!r} is not an activity ID (like IA_EPA_1)")
        if isinstance(raw_year, float) and raw_year.is_integer():
            raw_year = int(raw_year)
        year_text = "" if _blank(raw_year) else str(raw_year).strip()
        if not (year_text.isdigit() and 2017 <= int(year_text) <= 2100):
            raise error(
                row, HISTORY_YEAR, f"must be a performance year such as 2024, got {year_text!r}"
            )
        history.append(Attestation(activity_id, int(year_text)))
    return tuple(sorted(set(history)))


def headline(plan: Plan) -> tuple[tuple[str, str], ...]:
    """The metrics above the plan: (label, value) pairs."""
    return (
        ("Category points", f"{plan.points} of 40"),
        ("IA category score", f"{plan.category_score:g}%"),
        ("Final-score points", f"{plan.final_score_points:g} of {plan.category_weight}"),
        ("Total effort", f"{plan.total_effort:g} h"),
        ("Activities", str(len(plan.activities))),
    )


def plan_frame(plan: Plan) -> pd.DataFrame:
    """The chosen activities with points, effort, pairing, the scheduled window and
    the 90-day deadline."""
    last_start = date.fromisoformat(plan.last_start) if plan.last_start else None
    windows = {w.activity: w for w in plan.schedule}
    rows = [
        {
            ID: a.id,
            TITLE: a.title,
            SUBCATEGORY: a.subcategory,
            WEIGHT: "" if a.weight is None else str(a.weight),
            POINTS: a.points,
            EFFORT: a.effort,
            "Pairs with": ", ".join(a.paired_measures),
            "Clinicians needed": a.clinicians_needed,
            START: windows[a.id].start if a.id in windows else None,
            END: windows[a.id].end if a.id in windows else None,
            "Start 90 days by": last_start,
        }
        for a in plan.activities
    ]
    columns = [ID, TITLE, SUBCATEGORY, WEIGHT, POINTS, EFFORT]
    columns += ["Pairs with", "Clinicians needed", START, END, "Start 90 days by"]
    return pd.DataFrame(rows, columns=columns)


def why_not_frame(plan: Plan, inventory: Inventory) -> pd.DataFrame:
    """Activities ruled out of the plan, with the rule and the reason in words."""
    rows = []
    for exclusion in plan.excluded:
        activity = inventory.get(exclusion.id)
        rows.append(
            {
                ID: exclusion.id,
                TITLE: "" if activity is None else activity.title,
                "Rule": EXCLUSION_LABELS[exclusion.code],
                "Reason": exclusion.reason,
            }
        )
    return pd.DataFrame(rows, columns=[ID, TITLE, "Rule", "Reason"])


def infeasible_reasons(plan: Plan) -> tuple[str, ...]:
    """Why no plan exists (empty for a plan that exists)."""
    if plan.status is not PlanStatus.INFEASIBLE:
        return ()
    return tuple(
        m.removeprefix(INFEASIBLE_PREFIX) for m in plan.messages if m.startswith(INFEASIBLE_PREFIX)
    )


def notes(plan: Plan) -> tuple[str, ...]:
    """The plan's messages other than the reasons it is infeasible."""
    return tuple(m for m in plan.messages if not m.startswith(INFEASIBLE_PREFIX))


def what_if_frame(rows: Sequence[WhatIf]) -> pd.DataFrame:
    """The what-if table: one row per variant of the practice."""
    columns = ["What if", "Status", "Activities", "Points", "Effort (h)", "Change in effort (h)"]
    return pd.DataFrame([r.as_row() for r in rows], columns=columns)


def what_if_chart(rows: Sequence[WhatIf]) -> pd.DataFrame:
    """Effort of the plan per what-if variant, indexed by the variant (infeasible left out)."""
    data = {
        r.label: r.plan.total_effort for r in rows if r.plan.status is not PlanStatus.INFEASIBLE
    }
    frame = pd.DataFrame({EFFORT: list(data.values())}, index=list(data))
    frame.index.name = "What if"
    return frame


def small_practice_hint(clinicians: int | None, small_practice_on: bool) -> str | None:
    """A nudge towards the small-practice status, which the user must confirm."""
    if clinicians is None or small_practice_on or clinicians > SMALL_PRACTICE_MAX:
        return None
    return (
        f"{clinicians} clinician{'s' if clinicians != 1 else ''}: {SMALL_PRACTICE_MAX} or fewer "
        "usually means the small-practice status; turn it on if CMS lists the practice as small"
    )


def points_by_subcategory(plan: Plan) -> pd.DataFrame:
    """The plan's activity points summed per subcategory (before the 40-point cap),
    indexed by subcategory, largest first; empty when the plan has no activities."""
    totals: dict[str, int] = {}
    for activity in plan.activities:
        name = activity.subcategory or "(no subcategory)"
        totals[name] = totals.get(name, 0) + activity.points
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    frame = pd.DataFrame({POINTS: [p for _, p in ordered]}, index=[n for n, _ in ordered])
    frame.index.name = SUBCATEGORY
    return frame


def timeline_frame(plan: Plan) -> pd.DataFrame:
    """One row per scheduled window (activity, first and last day, days) for a chart."""
    rows = [
        {
            ID: r["activity"],
            START: pd.Timestamp(str(r["start"])),
            END: pd.Timestamp(str(r["end"])),
            DAYS: r["days"],
        }
        for r in timeline_rows(plan.schedule)
    ]
    return pd.DataFrame(rows, columns=[ID, START, END, DAYS])


def who_does_what_frame(plan: Plan) -> pd.DataFrame:
    """One row per assigned clinician with the activities they carry out."""
    rows = [
        {CLINICIAN: r["clinician"], ACTIVITIES: r["activities"], COUNT: r["count"]}
        for r in who_does_what(plan.assignments)
    ]
    return pd.DataFrame(rows, columns=[CLINICIAN, ACTIVITIES, COUNT])


def roster_frame(roster: Sequence[Clinician], activity_ids: Iterable[str] = ()) -> pd.DataFrame:
    """The roster as an editable table of text cells: NPI, name, role, cannot do, max
    activities, then one hours column per activity (``activity_ids`` and any the
    roster has hours for)."""
    records = roster_records(roster, activity_ids)
    extra = sorted({a for c in roster for a, _ in c.efforts} | set(activity_ids))
    columns = [*ROSTER_HEADER, *extra]
    return pd.DataFrame(records, columns=columns, dtype="object")


def roster_from_frame(frame: pd.DataFrame) -> tuple[Clinician, ...]:
    """The clinicians of the edited roster table; an empty (or all-blank) table is no
    roster. Errors name the row and column, counting rows from 1."""
    records = [
        {str(k): None if _blank(v) else v for k, v in row.items()}
        for row in frame.to_dict("records")
    ]
    if not any(v is not None and str(v).strip() for r in records for v in r.values()):
        return ()
    return roster_from_records(records)


def edits_from_scenario(scenario: Scenario, inventory: Inventory) -> dict[str, ActivityEdit]:
    """The activity-table edits that give back ``scenario``'s efforts, must-include and
    can't-do lists (the way back from a restored workbook). An effort equal to the
    default estimate is no edit."""
    defaults = default_efforts(inventory)
    ids = {a for a, _ in scenario.efforts} | scenario.include | scenario.exclude
    edits: dict[str, ActivityEdit] = {}
    for activity_id in sorted(ids):
        if activity_id not in inventory:
            continue
        hours = scenario.effort_overrides.get(activity_id)
        edit = ActivityEdit(
            effort=None if hours == defaults.get(activity_id) else hours,
            must_include=activity_id in scenario.include,
            cant_do=activity_id in scenario.exclude,
        )
        if not edit.is_default:
            edits[activity_id] = edit
    return edits


def restore_limits(scenario: Scenario, *, max_min_paired: int) -> list[str]:
    """What of a restored scenario the app cannot show (to be reported, not applied);
    a year or MVP the app has no data for is refused with a ScenarioError."""
    year = scenario.year
    years = [y for y in bundled_years() if y in rule_years()]
    if year not in years:
        msg = f"it plans {year}, and the app plans only {', '.join(map(str, years))}"
        raise ScenarioError(msg)
    if scenario.mvp is not None and scenario.mvp not in mvp_catalog(year):
        msg = f"the workbook's MVP {scenario.mvp} is not in the {year} MVP list"
        raise ScenarioError(msg)
    left_out = []
    unknown = sorted(scenario.quality - set(quality_measures(year)))
    if unknown:
        left_out.append(f"quality measures not in the {year} list: {', '.join(unknown)}")
    if scenario.min_paired > max_min_paired:
        left_out.append(
            f"at least {scenario.min_paired} paired (the app allows up to {max_min_paired})"
        )
    if scenario.target != 40:
        left_out.append(f"a target of {scenario.target} points (the app plans for 40)")
    return left_out
