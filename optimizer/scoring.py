"""Scoring a given set of activities: what CMS would award for them.

The planner uses this for the plans it makes; a user can score their own pick
("we did these three; what do we get?")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from optimizer.bundled import bundled_inventory
from optimizer.eligibility import assess
from optimizer.errors import ScenarioError
from optimizer.model import PCMH_ID, Inventory, Scenario
from optimizer.rules import YearRules, rules_for


@dataclass(frozen=True, slots=True)
class Score:
    """Points of the IA category and what they are worth in the final score."""

    automatic_points: int
    activity_points: int
    points: int
    category_score: float
    category_weight: int
    final_score_points: float


def score_points(rules: YearRules, scenario: Scenario, activity_points: int) -> Score:
    """Cap automatic plus activity points at the category maximum and weigh them."""
    automatic = rules.automatic_points(scenario)
    points = min(rules.category_max, automatic + activity_points)
    share = points / rules.category_max
    weight = rules.weight_for(scenario)
    return Score(
        automatic_points=automatic,
        activity_points=activity_points,
        points=points,
        category_score=round(100 * share, 2),
        category_weight=weight,
        final_score_points=round(weight * share, 2),
    )


def score_activities(
    scenario: Scenario, activity_ids: Iterable[str], inventory: Inventory | None = None
) -> Score:
    """The score for attesting to ``activity_ids`` (each counts once) under ``scenario``.

    Attesting IA_PCMH claims the medical-home credit. An activity the rules keep
    from counting (MVP-only, not on the MVP's list, within its frequency limit) is
    refused with the reason; a suspended one counts as begun before the suspension.
    """
    rules = rules_for(scenario.year)
    inventory = inventory if inventory is not None else bundled_inventory(scenario.year)
    ids = set(activity_ids)
    unknown = sorted(ids - set(inventory.ids))
    if unknown:
        msg = f"Unknown activity ID {', '.join(unknown)}: not in the {scenario.year} inventory"
        raise ScenarioError(msg)
    if PCMH_ID in ids:
        scenario = replace(scenario, pcmh=True)
    # Score what was attested: no exclusions or pairing rules of a plan apply.
    attested = replace(
        scenario, include=frozenset(ids - {PCMH_ID}), exclude=frozenset(), require_pairing=False
    )
    eligibility = assess(attested, inventory, rules, {})
    for activity_id in sorted(ids - {PCMH_ID}):
        exclusion = eligibility.exclusion_of(activity_id)
        if exclusion is not None:
            msg = f"{activity_id} earns no points here: {exclusion.reason}"
            raise ScenarioError(msg)
    total = sum(c.points for c in eligibility.candidates if c.id in ids)
    return score_points(rules, scenario, total)
