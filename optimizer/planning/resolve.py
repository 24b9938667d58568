"""Step 1 of planning: the year of a Scenario resolved once into a ``YearContext``
(its rules, inventory, pairings, effort estimates and MVP), from what the user
gave or else the bundled data.

A year past the bundled data can borrow the latest bundled year's inventory and
rules, with the deadlines moved to its own dates (``borrowed_from`` says which
year): CMS publishes a year's inventory only in the final rule of the November
before, so a plan for it rests on the year before until then.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from optimizer.model import Inventory, Pairings, Scenario
from optimizer.rules.context import YearContext
from optimizer.rules.year_rules import YearRules, rule_years, rules_for
from optimizer.sources.bundled import (
    bundled_inventory,
    bundled_pairings,
    default_effort,
    effort_estimates,
    loaded_years,
    mvp_for,
    quality_measures,
    selections,
)
from optimizer.sources.year_changes import moved_activities


def _moved(day: date, years: int) -> date:
    """The same day ``years`` later (February 29 becomes the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def stand_in_rules(rules: YearRules, year: int) -> YearRules:
    """``rules`` for ``year``: the same awards, with every deadline moved to that year."""
    years = year - rules.year
    return replace(
        rules,
        year=year,
        last_start=_moved(rules.last_start, years),
        submission_open=_moved(rules.submission_open, years),
        submission_close=_moved(rules.submission_close, years),
        notes=f"assumed: the {rules.year} rules",
    )


def year_rules(year: int, *, stand_in: bool = False) -> tuple[YearRules, int | None]:
    """The year's rules, and the year whose rules stand in for them (None: its own).
    Without ``stand_in``, a year past the rules table is refused in words."""
    latest = rule_years()[-1]
    if year <= latest or not stand_in:
        return rules_for(year), None  # an unknown year is refused there
    return stand_in_rules(rules_for(latest), year), latest


def year_inventory(year: int, *, stand_in: bool = False) -> tuple[Inventory, int | None]:
    """The year's bundled inventory, and the bundled year whose inventory stands in."""
    latest = loaded_years()[-1]
    if year <= latest or not stand_in:
        return bundled_inventory(year), None  # an unknown year is refused there
    return replace(bundled_inventory(latest), year=year), latest


def resolve_year(
    scenario: Scenario,
    inventory: Inventory | None = None,
    pairings: Pairings | None = None,
    *,
    stand_in: bool = False,
) -> YearContext:
    """The context of ``scenario.year``: the given inventory and pairings, else the
    bundled ones; an unknown year or MVP is refused in words, unless ``stand_in``
    lets a year past the bundled data borrow the latest one's. What CMS has changed
    since about the activities of the history comes with it, in words."""
    year = scenario.year
    rules, rules_from = year_rules(year, stand_in=stand_in)
    inventory_from = None
    if inventory is None:
        inventory, inventory_from = year_inventory(year, stand_in=stand_in)
    borrowed = inventory_from if inventory_from is not None else rules_from
    data_year = year if borrowed is None else borrowed
    moved = moved_activities(((a.activity_id, a.year) for a in scenario.history), year)
    return YearContext(
        rules=rules,
        inventory=inventory,
        pairings=pairings if pairings is not None else bundled_pairings(data_year),
        estimates=effort_estimates(year),
        default_effort=default_effort(),
        mvp=mvp_for(data_year, scenario.mvp) if scenario.mvp else None,
        selections=selections(data_year),
        quality_ids=frozenset(quality_measures(data_year)),
        history_notes=tuple(c.text for c in moved),
        inventory_from=inventory_from,
        rules_from=rules_from,
    )
