"""The portfolio: one row per practice for a year (or each practice's latest planned
year), with its plan, its progress, the activities at risk of missing their last
start, and where its submission window stands, for the practices the scope sees.
Four queries, whatever the count of practices; no saved plan or evidence is loaded."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import select

from optimizer.model import PlanStatus
from optimizer.planning.year_ahead import borrowed_from
from optimizer.rules.year_rules import rules_for
from optimizer.wording import plural
from optimizer.workspace.database import Workspace
from optimizer.workspace.progress import ProgressStatus, risk
from optimizer.workspace.scoping import visible
from optimizer.workspace.tables import (
    ATTESTED,
    ActivityProgress,
    AttestationRecord,
    Practice,
    PracticeYear,
)

NO_PLAN = "no plan"
FROM_STATUS = "points from the status"
"""The progress of a year whose full credit comes from a status: nothing to track."""
CLOSING_DAYS = 30
"""A submission window not yet attested is 'closing' this many days before it closes."""


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    """One practice's year at a glance."""

    practice: str
    tin: str | None
    year: int | None
    plan_status: str
    """The saved plan's status ('optimal', 'full_credit', 'infeasible'), or 'no plan'."""
    points: int | None
    category_max: int | None
    planned: int
    running: int
    done: int
    dropped: int
    at_risk: tuple[str, ...]
    """The activities not begun that can still start, but within ``AT_RISK_DAYS`` of
    their last start."""
    submission: str
    """Where the submission window stands, in words."""
    window_closing: bool
    attested: bool
    borrowed_from: int | None = None
    """The loaded year whose CMS list and rules the year's plan rests on, carried
    forward (None: the year's own list is loaded)."""
    missed: tuple[str, ...] = ()
    """The activities not begun whose last start has passed: they can no longer count."""

    @property
    def provisional(self) -> bool:
        return self.borrowed_from is not None

    @property
    def in_plan(self) -> int:
        return self.planned + self.running + self.done + self.dropped

    @property
    def progress(self) -> str:
        """'1 of 3 done, 1 running' (empty with no plan; 'points from the status' for a
        year whose full credit needs no activity)."""
        if self.year is None or self.plan_status == NO_PLAN:
            return ""
        if self.plan_status == PlanStatus.FULL_CREDIT and not self.in_plan:
            return FROM_STATUS
        text = f"{self.done} of {self.in_plan} done"
        return f"{text}, {self.running} running" if self.running else text

    def to_dict(self) -> dict[str, Any]:
        """The row as plain JSON-ready data (``practice list --format json``)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["at_risk"] = list(self.at_risk)
        out["missed"] = list(self.missed)
        out["provisional"] = self.provisional
        return out


def submission_words(
    year: int, attested_on: date | None, attested: bool, today: date
) -> tuple[str, bool]:
    """Where the year's submission window stands, and whether it is closing unattested."""
    rules = rules_for(year)
    opens, closes = rules.submission_open, rules.submission_close
    if attested:
        return (f"attested {attested_on}" if attested_on else "attested"), False
    if today < opens:
        return f"opens {opens}", False
    if today > closes:
        return f"closed {closes} without an attestation", False
    left = (closes - today).days
    return f"open: closes {closes} ({plural(left, 'day')} left)", left <= CLOSING_DAYS


def portfolio(ws: Workspace, today: date, year: int | None = None) -> tuple[PortfolioRow, ...]:
    """The row of every practice the scope sees for ``year`` (None: each practice's
    latest planned year)."""
    kept = (Practice.removed_at.is_(None), visible(ws.scope))
    seen = select(Practice.id).where(*kept)
    with ws.read() as session:
        practices = session.execute(
            select(Practice.id, Practice.name, Practice.tin)
            .where(*kept)
            .order_by(Practice.name_key, Practice.id)
        ).all()
        query = select(
            PracticeYear.id,
            PracticeYear.practice_id,
            PracticeYear.year,
            PracticeYear.status,
            PracticeYear.points,
        ).where(PracticeYear.practice_id.in_(seen))
        if year is not None:
            query = query.where(PracticeYear.year == year)
        chosen: dict[int, tuple[int, int, str, int]] = {}
        for year_id, practice_id, y, status, points in session.execute(query):
            if practice_id not in chosen or y > chosen[practice_id][1]:
                chosen[practice_id] = (year_id, y, status, points)
        year_ids = [c[0] for c in chosen.values()]
        progress: dict[int, list[tuple[str, str, bool, date]]] = defaultdict(list)
        if year_ids:
            tracked = session.execute(
                select(
                    ActivityProgress.practice_year_id,
                    ActivityProgress.activity_id,
                    ActivityProgress.status,
                    ActivityProgress.in_plan,
                    ActivityProgress.last_start,
                ).where(ActivityProgress.practice_year_id.in_(year_ids))
            )
            for year_id, activity_id, status, in_plan, last_start in tracked:
                progress[year_id].append((activity_id, status, in_plan, last_start))
        attested: dict[tuple[int, int], date | None] = {}
        years = {c[1] for c in chosen.values()}
        if years:
            attestations = session.execute(
                select(
                    AttestationRecord.practice_id,
                    AttestationRecord.year,
                    AttestationRecord.attested_on,
                ).where(
                    AttestationRecord.year.in_(years),
                    AttestationRecord.source == ATTESTED,
                    AttestationRecord.practice_id.in_(list(chosen)),
                )
            )
            for practice_id, y, on in attestations:
                attested[(practice_id, y)] = on
    out = []
    for practice_id, name, tin in practices:
        if practice_id not in chosen:
            out.append(
                PortfolioRow(name, tin, year, NO_PLAN, None, None, 0, 0, 0, 0, (), "", False, False)
            )
            continue
        year_id, y, status, points = chosen[practice_id]
        items = sorted(progress[year_id])
        counts = {s: sum(1 for _, st, inp, _ in items if inp and st == s) for s in ProgressStatus}
        flagged = [
            (text, last_start < today)
            for activity_id, st, inp, last_start in items
            if (text := risk(activity_id, ProgressStatus(st), inp, last_start, today))
        ]
        is_attested = (practice_id, y) in attested
        words, closing = submission_words(y, attested.get((practice_id, y)), is_attested, today)
        out.append(
            PortfolioRow(
                practice=name,
                tin=tin,
                year=y,
                plan_status=status,
                points=points,
                category_max=rules_for(y).category_max,
                planned=counts[ProgressStatus.PLANNED],
                running=counts[ProgressStatus.RUNNING],
                done=counts[ProgressStatus.DONE],
                dropped=counts[ProgressStatus.DROPPED],
                at_risk=tuple(text for text, missed in flagged if not missed),
                submission=words,
                window_closing=closing,
                attested=is_attested,
                borrowed_from=borrowed_from(y),
                missed=tuple(text for text, missed in flagged if missed),
            )
        )
    return tuple(out)


def portfolio_years(ws: Workspace) -> tuple[int, ...]:
    """The years some practice has a plan for, newest first."""
    with ws.read() as session:
        query = (
            select(PracticeYear.year)
            .join(Practice)
            .where(Practice.removed_at.is_(None), visible(ws.scope))
        )
        years = session.scalars(query.distinct())
        return tuple(sorted(years, reverse=True))
