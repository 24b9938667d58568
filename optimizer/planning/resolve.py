"""Step 1 of planning: the year of a Scenario resolved once into a ``YearContext``
(its rules, inventory, pairings, effort estimates and MVP), from what the user
gave or else the bundled data."""

from __future__ import annotations

from optimizer.model import Inventory, Pairings, Scenario
from optimizer.rules.context import YearContext
from optimizer.rules.year_rules import rules_for
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


def resolve_year(
    scenario: Scenario,
    inventory: Inventory | None = None,
    pairings: Pairings | None = None,
) -> YearContext:
    """The context of ``scenario.year``: the given inventory and pairings, else the
    bundled ones; an unknown year or MVP is refused in words. What CMS has changed
    since about the activities of the history comes with it, in words."""
    moved = moved_activities(((a.activity_id, a.year) for a in scenario.history), scenario.year)
    inventory = inventory if inventory is not None else bundled_inventory(scenario.year)
    pairings = pairings if pairings is not None else bundled_pairings(scenario.year)
    mvp = mvp_for(scenario.year, scenario.mvp) if scenario.mvp else None
    return YearContext(
        rules=rules_for(scenario.year),
        inventory=inventory,
        pairings=pairings,
        estimates=effort_estimates(),
        default_effort=default_effort(),
        mvp=mvp,
        selections=selections(scenario.year),
        quality_ids=frozenset(quality_measures(scenario.year)),
        history_notes=tuple(c.text for c in moved),
    )
