"""The roadmap as the tables and chart data the app shows: the year-by-activity
grid, a row per year, the changes CMS made, the statuses per year (an edited
table, and the way back), and the alternatives to a plan. Plain pandas: nothing
here draws."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable

import pandas as pd

from optimizer.model import SpecialStatus
from optimizer.planning.alternatives.next_plans import Alternatives
from optimizer.planning.roadmap.result import Roadmap
from optimizer.ui.labels import EFFORT, ID, POINTS, TITLE, hours_text

YEAR, ACTIVITY, KIND, STATUS = "Year", "Activity", "Kind", "Status"
HOURS = "Hours"
"""A cell's effort as the chart writes it ('9 h'): Vega's number formats pad ('9.00000')."""
NEW, AGAIN = "new", "again"
STATUS_COLUMNS = {
    SpecialStatus.SMALL_PRACTICE: "Small practice",
    SpecialStatus.RURAL: "Rural",
    SpecialStatus.HPSA: "HPSA",
    SpecialStatus.NON_PATIENT_FACING: "Non-patient facing",
}


def grid_frame(roadmap: Roadmap) -> pd.DataFrame:
    """One row per activity and year it is done in: the chart's cells."""
    rows = [
        {
            ACTIVITY: row.label,
            TITLE: row.title,
            YEAR: str(year),
            KIND: AGAIN if cell.continued else NEW,
            EFFORT: cell.effort,
            HOURS: hours_text(cell.effort),
        }
        for row in roadmap.grid()
        for year, cell in row.cells
    ]
    return pd.DataFrame(rows, columns=[ACTIVITY, TITLE, YEAR, KIND, EFFORT, HOURS])


def years_frame(roadmap: Roadmap) -> pd.DataFrame:
    """One row per year: status, statuses, points, effort with and without the saving."""
    rows = []
    for year in roadmap.years:
        plan = year.plan
        statuses = [] if plan.scenario is None else sorted(plan.scenario.statuses)
        rows.append(
            {
                YEAR: year.year,
                STATUS: plan.status.label,
                "Special statuses": ", ".join(STATUS_COLUMNS[s] for s in statuses) or "none",
                POINTS: f"{plan.points} of {plan.category_max}",
                EFFORT: plan.total_effort,
                "Without the repeat saving (h)": year.full_effort,
                "Activities": ", ".join(plan.activity_ids),
                "Data": "own" if year.stand_in is None else f"{year.stand_in}'s",
            }
        )
    columns = [YEAR, STATUS, "Special statuses", POINTS, EFFORT]
    columns += ["Without the repeat saving (h)", "Activities", "Data"]
    return pd.DataFrame(rows, columns=columns)


def changes_frame(roadmap: Roadmap) -> pd.DataFrame:
    """What CMS changed between the years, one row per activity."""
    rows = [
        {
            "From": c.from_year,
            "To": c.to_year,
            "Change": str(c.kind).replace("_", " "),
            ID: c.activity_id,
            "New ID": c.new_id or "",
            "Proposed replacement": c.replacement or "",
            "What": c.text,
        }
        for c in roadmap.changes
    ]
    columns = ["From", "To", "Change", ID, "New ID", "Proposed replacement", "What"]
    return pd.DataFrame(rows, columns=columns)


def statuses_frame(years: Iterable[int], statuses: Collection[SpecialStatus]) -> pd.DataFrame:
    """A row per year with a tick per special status, all as the practice's own."""
    rows = [
        {YEAR: year, **{label: s in statuses for s, label in STATUS_COLUMNS.items()}}
        for year in years
    ]
    return pd.DataFrame(rows, columns=[YEAR, *STATUS_COLUMNS.values()])


def _ticked(value: object) -> bool:
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def statuses_from_frame(frame: pd.DataFrame) -> dict[int, frozenset[SpecialStatus]]:
    """The statuses ticked in each year of an edited ``statuses_frame``."""
    return {
        int(row[YEAR]): frozenset(s for s, label in STATUS_COLUMNS.items() if _ticked(row[label]))
        for row in frame.to_dict("records")
    }


def alternatives_frame(found: Alternatives) -> pd.DataFrame:
    """The best plan, then each alternative: its activities, effort and extra effort."""
    rows = [
        {
            "Plan": 1,
            "Activities": ", ".join(found.plan.activity_ids),
            EFFORT: found.plan.total_effort,
            "Extra (h)": 0.0,
        }
    ]
    rows += [
        {
            "Plan": n,
            "Activities": ", ".join(a.activities),
            EFFORT: a.total_effort,
            "Extra (h)": a.extra_effort,
        }
        for n, a in enumerate(found.plans, start=2)
    ]
    return pd.DataFrame(rows, columns=["Plan", "Activities", EFFORT, "Extra (h)"])
