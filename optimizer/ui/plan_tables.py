"""The plan as the tables and chart data the app shows: headline figures, the
planned activities, why others are out, the what-if table, points per
subcategory, the schedule and who does what. Plain pandas: nothing here draws."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from optimizer.model import Inventory, Plan, PlanStatus
from optimizer.planning.whatif import WHAT_IF_COLUMNS, WhatIf
from optimizer.rules.year_rules import YearRules
from optimizer.ui.labels import (
    ACTIVITIES,
    CLINICIAN,
    CLINICIANS_NEEDED,
    COUNT,
    DAYS,
    EFFORT,
    END,
    EXCLUSION_LABELS,
    ID,
    NPI,
    PAIRED,
    POINTS,
    START,
    START_BY,
    SUBCATEGORY,
    TITLE,
    WEIGHT,
    hours_text,
)
from optimizer.wording import plural


def headline(plan: Plan) -> tuple[tuple[str, str], ...]:
    """The metrics above the plan: (label, value) pairs."""
    return (
        ("Category points", f"{plan.points} of {plan.category_max}"),
        ("IA category score", f"{plan.category_score:g}%"),
        ("Final-score points", f"{plan.final_score_points:g} of {plan.category_weight}"),
        ("Total effort", hours_text(plan.total_effort)),
        ("Activities", str(len(plan.activities))),
    )


def plan_columns(plan: Plan) -> list[str]:
    """The plan table's columns that mean something for this plan: no Weight from
    2025 (CMS dropped weights), no Paired measures when nothing pairs, no Clinicians
    needed outside group reporting. The subcategory is left to the reasons below the
    table and to the workbook, so that the rest fits a 1280-pixel screen."""
    columns = [ID, TITLE]
    if any(a.weight is not None for a in plan.activities):
        columns.append(WEIGHT)
    columns += [POINTS, EFFORT]
    if any(a.paired_measures for a in plan.activities):
        columns.append(PAIRED)
    if any(a.clinicians_needed is not None for a in plan.activities):
        columns.append(CLINICIANS_NEEDED)
    return [*columns, START, END, START_BY]


def plan_frame(plan: Plan) -> pd.DataFrame:
    """The chosen activities with points, effort, pairing, the scheduled window and
    the last day it may start (only the columns of ``plan_columns``)."""
    windows = {w.activity: w for w in plan.schedule}
    rows = [
        {
            ID: a.id,
            TITLE: a.title,
            WEIGHT: "" if a.weight is None else a.weight.label,
            POINTS: a.points,
            EFFORT: a.effort,
            PAIRED: ", ".join(a.paired_measures),
            CLINICIANS_NEEDED: a.clinicians_needed,
            START: windows[a.id].start if a.id in windows else None,
            END: windows[a.id].end if a.id in windows else None,
            START_BY: a.last_start,
        }
        for a in plan.activities
    ]
    return pd.DataFrame(rows, columns=plan_columns(plan))


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


def what_if_frame(rows: Sequence[WhatIf]) -> pd.DataFrame:
    """The what-if table: one row per variant of the practice."""
    return pd.DataFrame([r.as_row() for r in rows], columns=list(WHAT_IF_COLUMNS))


def what_if_chart(rows: Sequence[WhatIf]) -> pd.DataFrame:
    """Effort of the plan per what-if variant, indexed by the variant (infeasible left out)."""
    data = {
        r.label: r.plan.total_effort for r in rows if r.plan.status is not PlanStatus.INFEASIBLE
    }
    frame = pd.DataFrame({EFFORT: list(data.values())}, index=list(data))
    frame.index.name = "What if"
    return frame


def small_practice_hint(
    clinicians: int | None, small_practice_on: bool, rules: YearRules
) -> str | None:
    """A nudge towards the small-practice status, which the user must confirm."""
    small = rules.small_practice_max
    if clinicians is None or small_practice_on or clinicians > small:
        return None
    return (
        f"{plural(clinicians, 'clinician')}: {small} or fewer usually means the "
        "small-practice status; turn it on if CMS lists the practice as small"
    )


def points_by_subcategory(plan: Plan) -> pd.DataFrame:
    """The plan's activity points summed per subcategory (before the category cap),
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
            ID: w.activity,
            START: pd.Timestamp(w.start),
            END: pd.Timestamp(w.end),
            DAYS: w.days,
        }
        for w in plan.schedule
    ]
    return pd.DataFrame(rows, columns=[ID, START, END, DAYS])


def who_does_what_frame(plan: Plan) -> pd.DataFrame:
    """One row per assigned clinician, by name (the NPI where the roster gives none),
    with the activities they carry out; the NPI last."""
    roster = () if plan.scenario is None else plan.scenario.roster
    names = {c.id: c.name.strip() for c in roster}
    duties: dict[str, list[str]] = {}
    for assignment in plan.assignments:
        for clinician in assignment.clinicians:
            duties.setdefault(clinician, []).append(assignment.activity)
    rows = [
        {CLINICIAN: names.get(c) or c, ACTIVITIES: ", ".join(a), COUNT: len(a), NPI: c}
        for c, a in duties.items()
    ]
    return pd.DataFrame(rows, columns=[CLINICIAN, ACTIVITIES, COUNT, NPI])
