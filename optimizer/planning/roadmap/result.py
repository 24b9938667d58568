"""What a roadmap hands back: each year's plan, the total effort, the changes CMS
made between the years, the assumptions, and the year-by-activity grid every face
shows (the CLI's table, the workbook's Roadmap sheet, the app's chart)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from optimizer.model import Plan, PlanStatus, Reason, Scenario, reason_dict
from optimizer.sources.year_changes import YearChange, latest_id


@dataclass(frozen=True, slots=True)
class GridCell:
    """An activity in one year: its ID that year, the effort the roadmap counts, and
    whether it continues from the year before (at the repeat effort)."""

    activity_id: str
    effort: float
    continued: bool


@dataclass(frozen=True, slots=True)
class GridRow:
    """One activity across the years (one row even when CMS gave it a new ID)."""

    label: str
    title: str
    cells: tuple[tuple[int, GridCell], ...]

    def cell(self, year: int) -> GridCell | None:
        return dict(self.cells).get(year)


@dataclass(frozen=True, slots=True)
class RoadmapYear:
    """One year of a roadmap: its plan (each activity's effort as the roadmap counts
    it), the IDs continued from the year before, and the efforts before the saving."""

    plan: Plan
    continued: tuple[str, ...] = ()
    full_efforts: tuple[tuple[str, float], ...] = ()
    stand_in: int | None = None
    """The bundled year whose inventory or rules stand in for this one's."""

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def status(self) -> PlanStatus:
        return self.plan.status

    @property
    def full_effort(self) -> float:
        return round(math.fsum(e for _, e in self.full_efforts), 2)

    def to_dict(self) -> dict[str, Any]:
        p, full = self.plan, dict(self.full_efforts)
        statuses = [] if p.scenario is None else sorted(str(s) for s in p.scenario.statuses)
        return {
            "year": p.year,
            "status": str(p.status),
            "statuses": statuses,
            "stand_in": self.stand_in,
            "provisional": p.provisional,
            "target": p.target,
            "automatic_points": p.automatic_points,
            "points": p.points,
            "total_effort": p.total_effort,
            "full_effort": self.full_effort,
            "activities": [
                {
                    "id": a.id,
                    "title": a.title,
                    "subcategory": a.subcategory,
                    "points": a.points,
                    "effort": a.effort,
                    "full_effort": full.get(a.id, a.effort),
                    "continued": a.id in self.continued,
                    "period_days": a.period_days,
                    "last_start": None if a.last_start is None else a.last_start.isoformat(),
                }
                for a in p.activities
            ],
            "schedule": [
                {"activity": w.activity, "start": w.start.isoformat(), "end": w.end.isoformat()}
                for w in p.schedule
            ],
            "reasons": [reason_dict(r) for r in p.reasons],
            "warnings": list(p.warnings),
        }


@dataclass(frozen=True, slots=True)
class Roadmap:
    """The answer for a span of years: every year's plan, the total effort, what CMS
    changed between the years, what the roadmap assumed, and why it has its status."""

    status: PlanStatus
    first_year: int
    last_year: int
    repeat_effort: float
    years: tuple[RoadmapYear, ...]
    total_effort: float
    assumptions: tuple[str, ...] = ()
    changes: tuple[YearChange, ...] = ()
    reasons: tuple[Reason, ...] = ()
    scenario: Scenario | None = field(default=None, compare=False)

    def grid(self) -> tuple[GridRow, ...]:
        """One row per activity, one cell per year it is done in."""
        return grid_rows(self)

    def year(self, year: int) -> RoadmapYear:
        return next(y for y in self.years if y.year == year)

    def to_dict(self) -> dict[str, Any]:
        """The roadmap as plain JSON-ready data (the CLI's ``--format json``)."""
        return {
            "status": str(self.status),
            "first_year": self.first_year,
            "last_year": self.last_year,
            "repeat_effort": self.repeat_effort,
            "total_effort": self.total_effort,
            "years": [y.to_dict() for y in self.years],
            "assumptions": list(self.assumptions),
            "changes": [c.to_dict() for c in self.changes],
            "reasons": [reason_dict(r) for r in self.reasons],
        }


def grid_rows(roadmap: Roadmap) -> tuple[GridRow, ...]:
    """One row per activity, in the order the roadmap first takes them up, labelled
    with every ID it has over the years ('IA_AHE_1 / IA_EPA_7')."""
    rows: dict[str, dict[int, GridCell]] = {}
    titles: dict[str, str] = {}
    ids: dict[str, list[str]] = {}
    for year in roadmap.years:
        for a in year.plan.activities:
            key = latest_id(a.id)
            rows.setdefault(key, {})[year.year] = GridCell(a.id, a.effort, a.id in year.continued)
            titles.setdefault(key, a.title)
            if a.id not in ids.setdefault(key, []):
                ids[key].append(a.id)
    order = sorted(rows, key=lambda k: (min(rows[k]), " / ".join(ids[k])))
    return tuple(
        GridRow(" / ".join(ids[k]), titles[k], tuple(sorted(rows[k].items()))) for k in order
    )
