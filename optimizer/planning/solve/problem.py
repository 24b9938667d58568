"""One practice-year's planning problem, resolved once: ``prepare`` reads the year,
checks the Scenario, applies what the roster says of the group's statuses, assesses
every activity, and keeps what each route needs to solve it.

Every route reads this object and nothing else: the plan (``pipeline``), the next
plans (``alternatives``), each year of a roadmap, the what-if table, scoring and
the exports. None of them looks the year up again or re-assesses an activity.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from optimizer.model import Clinician, Inventory, Pairings, Scenario
from optimizer.planning.resolve import resolve_year
from optimizer.planning.solve.limits import CountLimit, count_limits
from optimizer.rules.checks import check_scenario
from optimizer.rules.context import YearContext
from optimizer.rules.eligibility import (
    Candidate,
    Eligibility,
    assess,
    assessment_key,
    first_day,
)
from optimizer.rules.group_rule import needed_for
from optimizer.rules.group_status import roster_statuses
from optimizer.rules.year_rules import YearRules

EFFORT_UNIT = 100
"""Efforts are compared in hundredths of an hour, by every route alike."""


def effort_units(hours: float) -> int:
    """Hours in the integral hundredths every route compares."""
    return round(hours * EFFORT_UNIT)


def clinician_hours(clinician: Clinician, candidate: Candidate) -> float:
    """One clinician's hours on one activity: the roster's, else the estimate."""
    return clinician.effort_for(candidate.id, candidate.hours.per_clinician)


@dataclass(frozen=True, slots=True)
class Problem:
    """What one practice-year's plan must satisfy, and what each choice costs."""

    given: Scenario
    """The scenario as the user gave it."""
    scenario: Scenario
    """The scenario planned: the given one with the statuses its roster gives the group."""
    context: YearContext
    as_of: date | None
    """The day the plan is made (None: no day, so nothing is late)."""
    earliest: date | None
    """The first day a new activity may start."""
    eligibility: Eligibility
    target: int
    needed: int
    """The activity points still needed after the automatic ones (0 with full credit)."""
    min_paired: int
    full_credit: bool
    clinicians_needed: int | None
    """How many of a group's clinicians each activity needs (None: not a group)."""
    limits: tuple[CountLimit, ...]
    warnings: tuple[str, ...]
    choosable: tuple[Candidate, ...]
    """The candidates a solve may choose: all of them, or with full credit only those
    the user requires (kept for no points more)."""
    costs: tuple[int, ...]
    """Each choosable candidate's cost in hundredths of an hour, as the objective
    counts it: its whole effort, or with a roster its practice part (the clinicians'
    hours come with the assignment)."""
    required: frozenset[int]
    """The choosable candidates the user requires, by index into ``choosable``."""
    blocked: frozenset[str]
    """Required activities the rules rule out: no plan can hold them."""

    @property
    def rules(self) -> YearRules:
        return self.context.rules

    @property
    def year(self) -> int:
        return self.context.year

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return self.eligibility.candidates

    @property
    def include(self) -> frozenset[str]:
        return self.scenario.include

    @property
    def roster(self) -> tuple[Clinician, ...]:
        """The clinicians who may be assigned, when a group's roster says who does what."""
        return self.scenario.roster if self.clinicians_needed is not None else ()


def problem_in(
    context: YearContext,
    scenario: Scenario,
    as_of: date | None = None,
    *,
    assessed: dict[Scenario, Eligibility] | None = None,
) -> Problem:
    """The problem of ``scenario`` in a resolved year, on the day ``as_of``.
    ``assessed`` keeps the assessments of variants planned together (the what-if
    table): eligibility reads no credit and of the statuses only whether there is
    one, so variants that differ only there share one (``assessment_key``)."""
    rules = context.rules
    warnings = check_scenario(scenario, context, as_of)
    warnings += [f"From your history: {note}" for note in context.history_notes]
    held, decided = roster_statuses(scenario, rules)
    effective = scenario
    if held - scenario.statuses:
        effective = replace(scenario, statuses=scenario.statuses | held)
    warnings += decided
    if assessed is None:
        eligibility = assess(effective, context, as_of)
    else:
        key = assessment_key(effective)
        found = assessed.get(key)
        eligibility = found if found is not None else assess(effective, context, as_of)
        assessed[key] = eligibility
    earliest = first_day(effective, as_of)
    target = rules.target_for(effective)
    automatic = rules.automatic_points(effective)
    full_credit = automatic >= rules.category_max
    clinicians = needed_for(rules, effective)
    candidates = eligibility.candidates
    choosable = (
        tuple(c for c in candidates if c.id in effective.include) if full_credit else candidates
    )
    # With a roster the clinicians' hours come with the assignment (``roster.py``).
    with_roster = bool(effective.roster) and clinicians is not None
    return Problem(
        given=scenario,
        scenario=effective,
        context=context,
        as_of=as_of,
        earliest=earliest,
        eligibility=eligibility,
        target=target,
        needed=0 if full_credit else max(0, target - automatic),
        min_paired=0 if full_credit else effective.min_paired,
        full_credit=full_credit,
        clinicians_needed=clinicians,
        limits=count_limits(effective, rules, clinicians, earliest, choosable),
        warnings=(*warnings, *eligibility.messages),
        choosable=choosable,
        costs=tuple(effort_units(c.hours.practice if with_roster else c.effort) for c in choosable),
        required=frozenset(i for i, c in enumerate(choosable) if c.id in effective.include),
        blocked=effective.include - {c.id for c in candidates},
    )


def prepare(
    scenario: Scenario,
    inventory: Inventory | None = None,
    pairings: Pairings | None = None,
    as_of: date | None = None,
    *,
    context: YearContext | None = None,
) -> Problem:
    """The planning problem of ``scenario`` (the bundled inventory and pairings by
    default, or the year's ``context`` already resolved), made on the day ``as_of``."""
    if context is None:
        context = resolve_year(scenario, inventory, pairings)
    return problem_in(context, scenario, as_of)
