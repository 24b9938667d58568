""" "Save to the workspace" from the Planner: the scenario becomes a practice's profile
(roster, history, quality measures, efforts) and its plan of the year, as a new
practice or over an existing one's profile."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from optimizer.model import Inventory, Pairings, Plan, Scenario
from optimizer.workspace.database import Workspace
from optimizer.workspace.plans import PlanRequest, plan_practice_year
from optimizer.workspace.practices import (
    Profile,
    add_practice,
    edit_practice,
    practice_profile,
)
from optimizer.workspace.records import PracticeYearInfo


def scenario_profile(scenario: Scenario, tin: str | None = None) -> Profile:
    """What of a scenario stays true from year to year: the practice's profile."""
    return Profile(
        tin=tin,
        reporting=scenario.reporting,
        clinicians=scenario.clinicians,
        statuses=scenario.statuses,
        quality=tuple(sorted(scenario.quality)),
        efforts=scenario.effort_overrides,
        roster=scenario.roster,
        history=scenario.history,
    )


def save_scenario(
    ws: Workspace,
    name: str,
    scenario: Scenario,
    as_of: date,
    *,
    new: bool,
    tin: str | None = None,
    inventory: Inventory | None = None,
    pairings: Pairings | None = None,
    organization: str | None = None,
) -> tuple[Plan, PracticeYearInfo]:
    """Keep ``scenario`` as ``name``'s profile and plan of ``scenario.year``.

    ``new``: add the practice (a name already kept is refused); else the existing
    practice takes the scenario's profile, keeps its TIN (unless ``tin`` is given)
    and adds the scenario's history to its own. ``inventory`` and ``pairings``: a
    custom inventory or pairing table the plan is made on (None: the bundled ones).
    ``organization``: the one a new practice goes to (None: the actor's only one)."""
    profile = scenario_profile(scenario, tin)
    if new:
        add_practice(ws, name, profile, organization=organization)
    else:
        kept = practice_profile(ws, name)
        history = tuple(sorted({*kept.history, *scenario.history}))
        edit_practice(ws, name, replace(profile, tin=tin or kept.tin, history=history))
    request = PlanRequest(
        year=scenario.year, as_of=as_of, base=scenario, inventory=inventory, pairings=pairings
    )
    return plan_practice_year(ws, name, request)
