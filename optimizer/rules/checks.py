"""Checks of a Scenario against its year's rules, before any planning: choices the
rules do not allow are refused in words; choices worth a second look come back
as warnings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from difflib import get_close_matches

from optimizer.errors import ScenarioError
from optimizer.model import Reporting, Scenario, SpecialStatus
from optimizer.rules.context import YearContext
from optimizer.rules.group_rule import group_rule_text, needed_for
from optimizer.rules.year_rules import first_year, years_with


def _unknown_ids(label: str, ids: Iterable[str], context: YearContext) -> None:
    inventory, year = context.inventory, context.year
    unknown = sorted(i for i in ids if i not in inventory)
    if not unknown:
        return
    msg = (
        f"Unknown activity ID {', '.join(unknown)} in the {label} list: not in the {year} "
        f"inventory ({inventory.source})"
    )
    close = get_close_matches(unknown[0], inventory.ids, n=3, cutoff=0.8)
    if close:
        msg += f"; did you mean {' or '.join(close)}?"
    raise ScenarioError(msg)


def _refuse(scenario: Scenario, context: YearContext) -> None:
    rules, inventory, year = context.rules, context.inventory, scenario.year
    if inventory.year != year:
        msg = f"The inventory is for {inventory.year} but the plan is for {year}"
        raise ScenarioError(msg)
    if scenario.target is not None and scenario.target > rules.category_max:
        msg = (
            f"A target of {scenario.target} points is more than the category's maximum in "
            f"{year}: {rules.category_max} points (more adds nothing)"
        )
        raise ScenarioError(msg)
    if scenario.app and not rules.app_full_credit:
        started = first_year(lambda r: r.app_full_credit)
        msg = f"The APM Performance Pathway (APP) starts in {started}; there is none in {year}"
        raise ScenarioError(msg)
    if scenario.ia_study and not rules.ia_study_credit:
        msg = (
            f"CMS's improvement-activity study gave full credit in "
            f"{years_with(lambda r: r.ia_study_credit)} only; there is none in {year}"
        )
        raise ScenarioError(msg)
    if scenario.mvp is not None and scenario.app:
        msg = "Report through the APP or through an MVP, not both"
        raise ScenarioError(msg)
    if scenario.reporting is Reporting.VIRTUAL_GROUP and not rules.virtual_groups:
        started = first_year(lambda r: r.virtual_groups)
        msg = f"Virtual groups start in {started}; there are none in {year}"
        raise ScenarioError(msg)
    _unknown_ids("must include", scenario.include, context)
    _unknown_ids("excluded", scenario.exclude, context)
    _unknown_ids("running", scenario.running_since, context)
    unknown = sorted(scenario.quality - context.quality_ids) if context.quality_ids else []
    if unknown:
        msg = (
            f"Quality measure {', '.join(unknown)} is not in the {year} list of quality "
            "measures (retired, not yet in use, or mistyped): report that year's IDs"
        )
        raise ScenarioError(msg)


def _group_warnings(scenario: Scenario, context: YearContext) -> list[str]:
    rules, year = context.rules, scenario.year
    warnings = []
    needed = needed_for(rules, scenario)
    count = (
        group_rule_text(rules)
        if needed is None
        else f"{needed} of your {scenario.group_size} clinicians"
    )
    rule = "Group rule" if scenario.is_group else "APM Entity rule (as for groups)"
    warnings.append(
        f"{rule} for {year}: {count} must each do every planned activity "
        f"for a continuous {rules.period_days} days"
    )
    if scenario.pcmh:
        share = rules.pcmh_group_site_share
        sites = f"at least {share:.0%} of" if share else "at least one of"
        warnings.append(
            f"Medical-home credit for a group needs {sites} its practice sites recognized"
        )
    return warnings


def _late_warnings(context: YearContext, as_of: date | None) -> list[str]:
    """What the day says about the year: past its last start, past its submission window.
    An activity whose description sets a shorter period (IA_ERP_2, 60 days) may start
    later (42 CFR 414.1360(a)(1): 90 days "unless otherwise stated")."""
    rules, year = context.rules, context.year
    if as_of is None or as_of <= rules.last_start:
        return []
    if as_of > rules.submission_close:
        return [
            f"The submission window for PY{year} closed on "
            f"{rules.submission_close.isoformat()}: as of {as_of.isoformat()} nothing can be "
            "submitted for it any more"
        ]
    shortest = min(
        (a.period_days or rules.period_days for a in context.inventory.activities),
        default=rules.period_days,
    )
    latest = rules.last_start_for(min(shortest, rules.period_days))
    who = (
        f"activities with a shorter period (the latest start is {latest.isoformat()}) or "
        "that the practice already runs"
        if as_of <= latest
        else "activities the practice already runs"
    )
    return [
        f"Today ({as_of.isoformat()}) is past {year}'s last {rules.period_days}-day start "
        f"({rules.last_start.isoformat()}): only {who} can still count; submit them "
        f"{rules.submission_open.isoformat()} to {rules.submission_close.isoformat()}"
    ]


def check_scenario(scenario: Scenario, context: YearContext, as_of: date | None) -> list[str]:
    """Refuse choices the year's rules do not allow; return warnings worth showing."""
    _refuse(scenario, context)
    rules, inventory, year = context.rules, context.inventory, scenario.year
    warnings = []
    newer = sorted(a.id for a in inventory.activities if a.first_year and a.first_year > year)
    if newer:
        warnings.append(
            f"{len(newer)} activities of the inventory start after {year} (e.g. {newer[0]}): "
            f"is {inventory.source} the {year} inventory?"
        )
    future = sorted({a.year for a in scenario.history if a.year >= year})
    if future:
        warnings.append(
            f"History from {', '.join(map(str, future))} is not used: only attestations "
            f"before {year} limit the {year} plan"
        )
    warnings += _late_warnings(context, as_of)
    small = rules.small_practice_max
    if (
        SpecialStatus.SMALL_PRACTICE in scenario.statuses
        and scenario.clinicians is not None
        and scenario.clinicians > small
    ):
        warnings.append(
            f"The small-practice status needs {small} or fewer clinicians; "
            f"you gave {scenario.clinicians}"
        )
    if scenario.is_group or scenario.group_size is not None:
        warnings += _group_warnings(scenario, context)
    if scenario.reporting is Reporting.APM_ENTITY and not (scenario.apm or scenario.app):
        warnings.append("Reporting as an APM Entity counts as APM participation (50% credit)")
    return warnings
