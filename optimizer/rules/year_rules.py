"""What each performance year awards, as data.

The table is ``optimizer/data/rules.csv`` (one row per year, sources in
RULES-RESEARCH.md); this module reads it and answers the questions the planner
asks of it. Every CMS number lives in that table and is found by its column's
name here; adding PY2027 means adding a row there, not code.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from optimizer.data_files import RULES_FILE
from optimizer.errors import ScenarioError, UnknownYearError
from optimizer.model import Activity, Reporting, Scenario, Score, SpecialStatus, Weight


@dataclass(frozen=True, slots=True)
class YearRules:
    """The IA rules of one performance year, one field per column of the table."""

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
    virtual_groups: bool
    small_practice_max: int
    period_days: int
    ia_study_credit: bool
    apm_standard: bool
    apm_standard_points: int | None
    apm_standard_weight: int | None
    apm_standard_web_interface_weight: int | None
    npf_group_share: float
    rural_group_share: float
    hpsa_group_share: float
    records_kept_years: int
    records_encouraged_years: int
    weight_no_pi: int
    weight_no_pi_no_cost: int
    small_pi_reweighted: bool
    small_weight_no_pi: int
    small_weight_no_pi_no_cost: int
    app_weight_no_pi: int | None
    notes: str = ""
    carried_from: int | None = None
    """The year whose rules these are, carried forward (None: the year's own row)."""

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
        """Points the practice has before doing anything: all of them with the APP, a
        recognized medical home or CMS's IA study; the score CMS assigned a MIPS APM
        under the APM scoring standard (to 2020); half with an APM."""
        if (
            scenario.pcmh
            or (scenario.app and self.app_full_credit)
            or (scenario.ia_study and self.ia_study_credit)
        ):
            return self.category_max
        if self.under_apm_standard(scenario) and self.apm_standard_points is not None:
            return self.apm_standard_points
        if scenario.apm or scenario.reporting is Reporting.APM_ENTITY:
            return self.apm_points
        return 0

    def apm_credit_only(self, scenario: Scenario) -> bool:
        """Whether the automatic points are the APM half credit alone, which counts only
        with one attested activity or Quality and PI data (42 CFR 414.1380(b)(3)(i))."""
        return self.automatic_points(scenario) == self.apm_points and (
            scenario.apm or scenario.reporting is Reporting.APM_ENTITY
        )

    def under_apm_standard(self, scenario: Scenario) -> bool:
        """An APM Entity of a MIPS APM, scored under the APM scoring standard (to 2020)."""
        return self.apm_standard and scenario.reporting is Reporting.APM_ENTITY

    def pi_reweighted(self, scenario: Scenario) -> bool:
        """Whether Promoting Interoperability is reweighted to 0%: as the scenario says,
        else automatically for a small practice where the year does so (2022 on)."""
        if scenario.pi_reweighted is not None:
            return scenario.pi_reweighted
        return self.small_pi_reweighted and SpecialStatus.SMALL_PRACTICE in scenario.statuses

    def weight_for(self, scenario: Scenario) -> int:
        """The IA category's weight in the final score, in percent: CMS's reweighting
        table (42 CFR 414.1380(c)(2)) when PI, or PI and cost, are reweighted."""
        return self.weight_and_basis(scenario)[0]

    def weight_and_basis(self, scenario: Scenario) -> tuple[int, str]:
        """The IA weight and why it is that ('' for the year's plain weight)."""
        no_pi = self.pi_reweighted(scenario)
        auto = " (automatic for a small practice)" if scenario.pi_reweighted is None else ""
        if scenario.app and self.app_category_weight is not None:
            if no_pi and self.app_weight_no_pi is not None:
                basis = f"APP with Promoting Interoperability reweighted{auto}"
                return self.app_weight_no_pi, basis
            return self.app_category_weight, "APM Performance Pathway"
        if self.under_apm_standard(scenario):
            weight = (
                self.apm_standard_web_interface_weight
                if scenario.web_interface
                else self.apm_standard_weight
            )
            if weight is not None:
                return weight, "APM scoring standard"
        if not no_pi:
            return self.category_weight, ""
        small = SpecialStatus.SMALL_PRACTICE in scenario.statuses
        if scenario.cost_reweighted:
            weight = self.small_weight_no_pi_no_cost if small else self.weight_no_pi_no_cost
            return weight, f"Promoting Interoperability{auto} and cost reweighted"
        weight = self.small_weight_no_pi if small else self.weight_no_pi
        return weight, f"Promoting Interoperability reweighted{auto}"

    def score(self, scenario: Scenario, activity_points: int) -> Score:
        """Automatic plus activity points, capped at the category maximum, and what
        they are worth in the final score."""
        automatic = self.automatic_points(scenario)
        points = min(self.category_max, automatic + activity_points)
        share = points / self.category_max
        weight, basis = self.weight_and_basis(scenario)
        return Score(
            automatic_points=automatic,
            activity_points=activity_points,
            points=points,
            category_max=self.category_max,
            category_score=round(100 * share, 2),
            category_weight=weight,
            final_score_points=round(weight * share, 2),
            weight_basis=basis,
        )

    def last_start_for(self, days: int | None = None) -> date:
        """The last day a window of ``days`` days (default: the year's period) may start
        and still end by December 31.

        The table gives it for the default period (2017's guidance kept one spare day);
        other lengths move it by the difference.
        """
        days = self.period_days if days is None else days
        if not 1 <= days <= 366:
            msg = f"an activity's period must be 1 to 366 days, got {days}"
            raise ScenarioError(msg)
        year_end = date(self.year, 12, 31)
        by_table = self.last_start + timedelta(days=self.period_days - days)
        return min(by_table, year_end - timedelta(days=days - 1))

    def target_for(self, scenario: Scenario) -> int:
        """The points to reach: the scenario's target, at most the category maximum."""
        wanted = self.category_max if scenario.target is None else scenario.target
        return min(wanted, self.category_max)


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def _yes(value: str) -> bool:
    return value.strip() == "yes"


def _row_to_rules(row: dict[str, str]) -> YearRules:
    return YearRules(
        year=int(row["year"]),
        weighted=_yes(row["weighted"]),
        medium_points=_int(row["medium_points"]),
        high_points=_int(row["high_points"]),
        activity_points=_int(row["activity_points"]),
        special_status_factor=int(row["special_status_factor"]),
        category_max=int(row["category_max"]),
        apm_points=int(row["apm_points"]),
        app_full_credit=_yes(row["app_full_credit"]),
        pcmh_group_site_share=float(row["pcmh_group_site_share"]),
        group_clinician_share=float(row["group_clinician_share"]),
        last_start=date.fromisoformat(row["last_start"]),
        submission_open=date.fromisoformat(row["submission_open"]),
        submission_close=date.fromisoformat(row["submission_close"]),
        category_weight=int(row["category_weight"]),
        app_category_weight=_int(row["app_category_weight"]),
        mvp=_yes(row["mvp"]),
        mvp_medium_points=_int(row["mvp_medium_points"]),
        mvp_high_points=_int(row["mvp_high_points"]),
        mvp_activity_points=_int(row["mvp_activity_points"]),
        virtual_groups=_yes(row["virtual_groups"]),
        small_practice_max=int(row["small_practice_max"]),
        period_days=int(row["period_days"]),
        ia_study_credit=_yes(row["ia_study_credit"]),
        apm_standard=_yes(row["apm_standard"]),
        apm_standard_points=_int(row["apm_standard_points"]),
        apm_standard_weight=_int(row["apm_standard_weight"]),
        apm_standard_web_interface_weight=_int(row["apm_standard_web_interface_weight"]),
        npf_group_share=float(row["npf_group_share"]),
        rural_group_share=float(row["rural_group_share"]),
        hpsa_group_share=float(row["hpsa_group_share"]),
        records_kept_years=int(row["records_kept_years"]),
        records_encouraged_years=int(row["records_encouraged_years"]),
        weight_no_pi=int(row["weight_no_pi"]),
        weight_no_pi_no_cost=int(row["weight_no_pi_no_cost"]),
        small_pi_reweighted=_yes(row["small_pi_reweighted"]),
        small_weight_no_pi=int(row["small_weight_no_pi"]),
        small_weight_no_pi_no_cost=int(row["small_weight_no_pi_no_cost"]),
        app_weight_no_pi=_int(row["app_weight_no_pi"]),
        notes=row.get("notes") or "",
    )


@cache
def all_rules() -> dict[int, YearRules]:
    """Every year's rules, keyed by performance year."""
    with RULES_FILE.open(newline="", encoding="utf-8") as fh:
        return {r.year: r for r in map(_row_to_rules, csv.DictReader(fh))}


def rule_years() -> tuple[int, ...]:
    return tuple(sorted(all_rules()))


def first_year(has: Callable[[YearRules], bool]) -> int | None:
    """The first year whose rules ``has`` the thing asked about (None: no year does)."""
    return min((r.year for r in all_rules().values() if has(r)), default=None)


def years_with(has: Callable[[YearRules], bool]) -> str:
    """'2017-2019', '2021 on' or 'no year': the years whose rules ``has`` it, in words."""
    years = sorted(r.year for r in all_rules().values() if has(r))
    if not years:
        return "no year"
    if years[-1] == rule_years()[-1]:
        return f"{years[0]} on"
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])


def _moved(day: date, years: int) -> date:
    """The same day ``years`` later (February 29 becomes the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def carried_forward(rules: YearRules, year: int) -> YearRules:
    """``rules`` assumed for a later ``year``: the same awards, with every deadline
    moved to that year (last start October 3, the window January-March after it)."""
    years = year - rules.year
    return replace(
        rules,
        year=year,
        last_start=_moved(rules.last_start, years),
        submission_open=_moved(rules.submission_open, years),
        submission_close=_moved(rules.submission_close, years),
        notes=f"assumed: the {rules.year} rules, carried forward",
        carried_from=rules.year,
    )


def rules_for(year: int) -> YearRules:
    """The rules of ``year``; the year after the table's last has that year's rules
    carried forward (``carried_from`` says so); any other year outside the table is a
    clear error."""
    rules = all_rules()
    years = rule_years()
    if year == years[-1] + 1:
        return _carried(year)
    if year not in rules:
        msg = (
            f"No improvement-activity rules for performance year {year}: "
            f"the planner knows {years[0]}-{years[-1]}, and {years[-1] + 1} provisionally "
            f"on the {years[-1]} rules carried forward"
        )
        raise UnknownYearError(msg)
    return rules[year]


@cache
def _carried(year: int) -> YearRules:
    return carried_forward(all_rules()[year - 1], year)
