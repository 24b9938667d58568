"""Step 1 of planning: the year of a Scenario resolved once into a ``YearContext``
(its rules, inventory, pairings, effort estimates and MVP), from what the user
gave or else the bundled data.

The year after the loaded CMS lists borrows the latest one's inventory and rules,
with the deadlines moved to its own dates (``borrowed_from`` says which year), and a
roadmap's later years may too (``stand_in``): CMS publishes a year's inventory only
in the final rule of the November before, so a plan for it rests on the year before
until then.
"""

from __future__ import annotations

from dataclasses import replace

from optimizer.model import Inventory, Pairings, Scenario
from optimizer.planning.year_ahead import listed_years
from optimizer.rules.context import YearContext
from optimizer.rules.year_rules import YearRules, carried_forward, rule_years, rules_for
from optimizer.sources.bundled import (
    bundled_inventory,
    bundled_pairings,
    default_effort,
    effort_estimates,
    mvp_for,
    quality_measures,
    selections,
)
from optimizer.sources.year_changes import moved_activities


def year_rules(year: int, *, stand_in: bool = False) -> tuple[YearRules, int | None]:
    """The year's rules, and the year whose rules stand in for them (None: its own).
    The year after the rules table has that table's last rules carried forward;
    ``stand_in`` lets any later year have them too (a roadmap's); other years are
    refused in words."""
    latest = rule_years()[-1]
    if year <= latest + 1 or not stand_in:
        rules = rules_for(year)  # an unknown year is refused there
        return rules, rules.carried_from
    return carried_forward(rules_for(latest), year), latest


def year_inventory(year: int, *, stand_in: bool = False) -> tuple[Inventory, int | None]:
    """The year's loaded inventory, and the loaded year whose inventory stands in
    (None: its own). The year after the loaded lists has the latest list carried
    forward; ``stand_in`` lets any later year have it too (a roadmap's)."""
    latest = listed_years()[-1]
    if year <= latest or (year > latest + 1 and not stand_in):
        return bundled_inventory(year), None  # an unknown year is refused there
    carried = replace(bundled_inventory(latest), year=year, carried_from=latest)
    return carried, latest


def default_inventory(year: int) -> Inventory:
    """The inventory a plan for ``year`` uses when none is given: its loaded CMS list,
    or for the year after the loaded ones the latest list carried forward."""
    return year_inventory(year)[0]


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
    if inventory is None:
        inventory, inventory_from = year_inventory(year, stand_in=stand_in)
    else:
        inventory_from = inventory.carried_from
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
