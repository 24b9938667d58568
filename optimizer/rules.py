"""What each performance year awards, as data.

The table lives in ``data/rules.csv`` (one row per year, sources in
RULES-RESEARCH.md); this module reads it and answers the questions the planner
asks of it. Adding PY2027 means adding a row there, not code here.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date
from functools import cache

from optimizer.errors import UnknownYearError
from optimizer.model import Activity, Reporting, Scenario, Weight
from optimizer.paths import DATA_DIR

RULES_FILE = DATA_DIR / "rules.csv"


@dataclass(frozen=True, slots=True)
class YearRules:
    """The IA scoring rules of one performance year."""

    year: int
    weighted: bool
    medium_points: int | None
    high_points: int | None
    activity_points: int | None
    special_status_factor: int
    category_max: int
    apm_points: int
    app_full_credit: bool
    pcmh_group_site_share: float
    group_clinician_share: float
    last_start: date
    submission_open: date
    submission_close: date
    category_weight: int
    app_category_weight: int | None
    mvp: bool
    mvp_medium_points: int | None
    mvp_high_points: int | None
    mvp_activity_points: int | None
    notes: str = ""

    def activity_points_for(self, activity: Activity, scenario: Scenario) -> int:
        """Points one activity earns for this scenario (0 for the medical-home item,
        which gives full credit instead of points)."""
        if scenario.mvp is not None:
            if self.weighted:
                return self._by_weight(activity, self.mvp_medium_points, self.mvp_high_points)
            return self.mvp_activity_points or 0
        if self.weighted:
            base = self._by_weight(activity, self.medium_points, self.high_points)
        else:
            base = self.activity_points or 0
        return base * (self.special_status_factor if scenario.has_special_status else 1)

    @staticmethod
    def _by_weight(activity: Activity, medium: int | None, high: int | None) -> int:
        if activity.weight is Weight.HIGH:
            return high or 0
        if activity.weight is Weight.MEDIUM:
            return medium or 0
        return 0

    def automatic_points(self, scenario: Scenario) -> int:
        """Points the practice has before doing anything: all of them with the APP
        or a recognized medical home, half with an APM."""
        if scenario.pcmh or (scenario.app and self.app_full_credit):
            return self.category_max
        if scenario.apm or scenario.reporting is Reporting.APM_ENTITY:
            return self.apm_points
        return 0

    def weight_for(self, scenario: Scenario) -> int:
        """The IA category's weight in the final score, in percent."""
        if scenario.app and self.app_category_weight is not None:
            return self.app_category_weight
        return self.category_weight

    def clinicians_needed(self, clinicians: int) -> int:
        """How many clinicians of a group must do an activity for the group to attest."""
        return max(1, math.ceil(self.group_clinician_share * clinicians))

    def group_rule_text(self) -> str:
        if self.group_clinician_share <= 0:
            return "at least one clinician of the group"
        return f"at least {self.group_clinician_share:.0%} of the group's clinicians"


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _row_to_rules(row: dict[str, str]) -> YearRules:
    return YearRules(
        year=int(row["year"]),
        weighted=row["weighted"] == "yes",
        medium_points=_int(row["medium_points"]),
        high_points=_int(row["high_points"]),
        activity_points=_int(row["activity_points"]),
        special_status_factor=int(row["special_status_factor"]),
        category_max=int(row["category_max"]),
        apm_points=int(row["apm_points"]),
        app_full_credit=row["app_full_credit"] == "yes",
        pcmh_group_site_share=float(row["pcmh_group_site_share"]),
        group_clinician_share=float(row["group_clinician_share"]),
        last_start=date.fromisoformat(row["last_start"]),
        submission_open=date.fromisoformat(row["submission_open"]),
        submission_close=date.fromisoformat(row["submission_close"]),
        category_weight=int(row["category_weight"]),
        app_category_weight=_int(row["app_category_weight"]),
        mvp=row["mvp"] == "yes",
        mvp_medium_points=_int(row["mvp_medium_points"]),
        mvp_high_points=_int(row["mvp_high_points"]),
        mvp_activity_points=_int(row["mvp_activity_points"]),
        notes=row.get("notes") or "",
    )


@cache
def all_rules() -> dict[int, YearRules]:
    """Every year's rules, keyed by performance year."""
    with RULES_FILE.open(newline="", encoding="utf-8") as fh:
        return {r.year: r for r in map(_row_to_rules, csv.DictReader(fh))}


def rule_years() -> tuple[int, ...]:
    return tuple(sorted(all_rules()))


def rules_for(year: int) -> YearRules:
    """The rules of ``year``; a year outside the table is a clear error."""
    rules = all_rules()
    if year not in rules:
        years = rule_years()
        msg = (
            f"No improvement-activity rules for performance year {year}: "
            f"the planner knows {years[0]}-{years[-1]}"
        )
        raise UnknownYearError(msg)
    return rules[year]
