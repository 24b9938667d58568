"""The portfolio and tracker tables the app shows. Plain pandas: nothing here draws."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from optimizer.model import PlanStatus
from optimizer.wording import START_BY
from optimizer.workspace import PortfolioRow, ProgressInfo

PRACTICE, YEAR, PLAN, POINTS, PROGRESS = "Practice", "Year", "Plan", "Points", "Progress"
AT_RISK, SUBMISSION = "At risk", "Submission"
PORTFOLIO_COLUMNS = (PRACTICE, "TIN", YEAR, PLAN, POINTS, PROGRESS, AT_RISK, SUBMISSION)
ACTIVITY, STATUS, START, END = "Activity", "Status", "Start", "End"
REQUIRED, STILL_NEEDED = "Days required", "Days still needed"
OWNER, CLINICIANS, EVIDENCE = "Owner", "Clinicians", "Evidence"
PROGRESS_COLUMNS = (
    ACTIVITY,
    "Title",
    STATUS,
    START,
    END,
    REQUIRED,
    STILL_NEEDED,
    START_BY,
    OWNER,
    CLINICIANS,
    EVIDENCE,
)


def portfolio_frame(rows: Sequence[PortfolioRow]) -> pd.DataFrame:
    """One row per practice: its year, plan, progress, risks and submission window."""
    records = [
        {
            PRACTICE: r.practice,
            "TIN": r.tin or "",
            YEAR: r.year,
            PLAN: _plan_words(r.plan_status)
            + (f" (provisional, on PY{r.borrowed_from}'s data)" if r.provisional else ""),
            POINTS: "" if r.points is None else f"{r.points} of {r.category_max}",
            PROGRESS: r.progress,
            AT_RISK: "; ".join(r.at_risk + r.missed),
            SUBMISSION: r.submission,
        }
        for r in rows
    ]
    return pd.DataFrame(records, columns=list(PORTFOLIO_COLUMNS)).astype({YEAR: "Int64"})


def _plan_words(status: str) -> str:
    """A saved plan's status in the words of the planner page ('No plan yet' without one)."""
    return PlanStatus(status).label if status in set(PlanStatus) else "No plan yet"


def progress_frame(
    progress: Sequence[ProgressInfo], today: date, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """One row per tracked activity: status (said 'not in the plan' when the plan left it
    out), dates, the days it still needs, and its clinicians by ``names`` (roster ID ->
    name; the ID where none is known)."""
    names = names or {}
    records = [
        {
            ACTIVITY: p.activity_id,
            "Title": p.title,
            STATUS: str(p.status) + ("" if p.in_plan else ", not in the plan"),
            START: p.start,
            END: p.end,
            REQUIRED: p.period_days,
            STILL_NEEDED: p.days_still_needed(today),
            START_BY: p.last_start,
            OWNER: p.owner,
            CLINICIANS: ", ".join(names.get(c) or c for c in p.clinicians),
            EVIDENCE: len(p.evidence),
        }
        for p in progress
    ]
    frame = pd.DataFrame(records, columns=list(PROGRESS_COLUMNS))
    return frame.astype({STILL_NEEDED: "Int64"})
