"""Scoring a given set of activities: what CMS would award for them ("we did these
three; what do we get?"). The planner scores its own plans with ``YearRules.score``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from optimizer.errors import ScenarioError
from optimizer.model import PCMH_ID, Inventory, Scenario, Score
from optimizer.planning.resolve import resolve_year
from optimizer.planning.solve.problem import problem_in


def score_activities(
    scenario: Scenario, activity_ids: Iterable[str], inventory: Inventory | None = None
) -> Score:
    """The score for attesting to ``activity_ids`` (each counts once) under ``scenario``.

    Attesting IA_PCMH claims the medical-home credit. An activity the rules keep
    from counting (MVP-only, not on the MVP's list, within its frequency limit) is
    refused with the reason; a suspended one counts as begun before the suspension.
    """
    ids = set(activity_ids)
    if PCMH_ID in ids:
        scenario = replace(scenario, pcmh=True)
    # Score what was attested: no exclusions or pairing rules of a plan apply.
    attested = replace(
        scenario, include=frozenset(ids - {PCMH_ID}), exclude=frozenset(), require_pairing=False
    )
    context = resolve_year(attested, inventory, pairings={})
    unknown = sorted(ids - set(context.inventory.ids))
    if unknown:
        msg = f"Unknown activity ID {', '.join(unknown)}: not in the {scenario.year} inventory"
        raise ScenarioError(msg)
    eligibility = problem_in(context, attested).eligibility
    for activity_id in sorted(ids - {PCMH_ID}):
        exclusion = eligibility.exclusion_of(activity_id)
        if exclusion is not None:
            msg = f"{activity_id} earns no points here: {exclusion.reason}"
            raise ScenarioError(msg)
    total = sum(c.points for c in eligibility.candidates if c.id in ids)
    return context.rules.score(scenario, total)
