"""``roadmap``: the least-effort plan for several performance years at once.

Each year is resolved, checked and assessed as ``plan`` does it, with that
year's inventory, rules and the practice's statuses for it (``roadmap_years``);
one integer program then chooses every year's activities together
(``roadmap_model``), so that an activity limited to once every N years is spread
over the span and continuing an activity into the next year costs only the
repeat share of its effort. What CMS changed between the years comes along
(``year_changes``), with everything the roadmap assumed, in words.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import pulp

from optimizer.errors import ScenarioError
from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Reason, Scenario, SpecialStatus
from optimizer.planning.assemble import earliest
from optimizer.planning.roadmap.model import YearChoice, YearProblem, solve_roadmap
from optimizer.planning.roadmap.result import Roadmap, RoadmapYear
from optimizer.planning.roadmap.year_plans import (
    full_credit_year,
    infeasible_year,
    repeat_effort_problem,
    year_plan,
)
from optimizer.planning.roadmap.years import YearSetup, year_setups
from optimizer.planning.solve.knapsack import EFFORT_UNIT
from optimizer.planning.solve.limits import count_limits
from optimizer.rules.checks import check_scenario
from optimizer.rules.eligibility import Eligibility, assess
from optimizer.rules.group_rule import needed_for
from optimizer.sources.bundled import BUNDLED_SOURCE, bundled_inventory, bundled_years
from optimizer.sources.year_changes import (
    YearChange,
    bundled_effort,
    compare_inventories,
    latest_id,
)

DEFAULT_REPEAT_EFFORT = 0.5
"""A year that continues an activity from the year before costs half its effort.
An activity's hours (``optimizer/data/efforts.csv``) cover setting it up (choosing
the approach, writing the policy, configuring the EHR, training staff) and running
it for its period while gathering the evidence CMS may audit. In a repeat year the
set-up is done; the running and the evidence are not. Half is our rough split of
the two; 1 means no saving, 0 a free repeat."""


@dataclass(frozen=True, slots=True)
class _Year:
    """A year resolved for the program: its setup, eligibility and problem."""

    setup: YearSetup
    warnings: tuple[str, ...]
    eligibility: Eligibility
    problem: YearProblem
    full_credit: bool


def _resolve(setup: YearSetup, as_of: date | None, first: bool) -> _Year:
    scenario, rules = setup.scenario, setup.context.rules
    warnings = tuple(check_scenario(scenario, setup.context, as_of))
    eligibility = assess(scenario, setup.context, as_of)
    full_credit = rules.automatic_points(scenario) >= rules.category_max
    needed = max(0, rules.target_for(scenario) - rules.automatic_points(scenario))
    done_before = frozenset(a.activity_id for a in scenario.history if a.year == scenario.year - 1)
    problem = YearProblem(
        year=scenario.year,
        candidates=() if full_credit else eligibility.candidates,
        needed=0 if full_credit else needed,
        include=frozenset() if full_credit else scenario.include,
        min_paired=0 if full_credit else scenario.min_paired,
        limits=count_limits(
            scenario, rules, needed_for(rules, scenario), earliest(scenario, as_of)
        ),
        done_before=done_before if first else frozenset(),
    )
    return _Year(setup, warnings, eligibility, problem, full_credit)


def _changes(years: list[_Year], scenario: Scenario) -> tuple[YearChange, ...]:
    """What CMS changed between the year before the roadmap and each of its years
    (the bundled inventories only: a practice's own file is no news from CMS)."""
    first = years[0].setup.year
    inventories: list[Inventory] = []
    if first - 1 in bundled_years():
        inventories.append(bundled_inventory(first - 1))
    inventories += [
        y.setup.context.inventory
        for y in years
        if y.setup.stand_in is None and y.setup.context.inventory.source == BUNDLED_SOURCE
    ]
    effort = bundled_effort(scenario)
    return tuple(
        change
        for before, after in pairwise(inventories)
        for change in compare_inventories(before, after, effort=effort)
    )


def _infeasible(
    years: list[_Year], repeat_effort: float, solver: pulp.LpSolver | None
) -> tuple[tuple[Plan, ...], tuple[Reason, ...]]:
    """Every year's plan and the roadmap's reasons, when no roadmap exists: the years
    with no plan of their own say why; otherwise the years' limits clash."""
    plans, reasons = [], []
    for year in years:
        if year.full_credit:
            plans.append(full_credit_year(year.setup, year.warnings, None))
            continue
        alone = solve_roadmap([year.problem], repeat_effort=repeat_effort, solver=solver)
        plan = infeasible_year(year.setup, year.eligibility, year.warnings, own=alone is None)
        plans.append(plan)
        reasons += [
            Reason(f"{r.code}:{plan.year}", f"{plan.year}: {r.text}", r.fix) for r in plan.reasons
        ]
    if not reasons:
        reasons.append(
            Reason(
                "once_every_N_years",
                "Each year has a plan of its own, but no roadmap meets every year's "
                "must-include list and the once-every-N-years limits together",
                "take a frequency-limited activity off the must-include list, or plan fewer years",
            )
        )
    return tuple(plans), tuple(reasons)


def _renamed(choices: tuple[YearChoice, ...], scenario: Scenario) -> list[str]:
    """Words for each activity continued under a new ID, from the year before the
    roadmap (its history) or within it."""
    history = {a.activity_id for a in scenario.history if a.year == scenario.year - 1}
    done_before = [history, *({c.id for c in choice.chosen} for choice in choices)]
    notes = []
    for earlier_ids, now in zip(done_before, choices, strict=False):
        earlier = {latest_id(i): i for i in earlier_ids}
        for activity_id in sorted(now.continued):
            old = earlier.get(latest_id(activity_id))
            if old is not None and old != activity_id:
                notes.append(
                    f"{old} ({now.year - 1}) and {activity_id} ({now.year}) are one activity "
                    f"under two IDs: {now.year} continues it"
                )
    return notes


def _status(years: list[RoadmapYear]) -> PlanStatus:
    statuses = {y.status for y in years}
    if PlanStatus.INFEASIBLE in statuses:
        return PlanStatus.INFEASIBLE
    return PlanStatus.FULL_CREDIT if statuses == {PlanStatus.FULL_CREDIT} else PlanStatus.OPTIMAL


def roadmap(
    scenario: Scenario,
    last_year: int,
    *,
    statuses_by_year: Mapping[int, frozenset[SpecialStatus]] | None = None,
    repeat_effort: float = DEFAULT_REPEAT_EFFORT,
    inventories: Mapping[int, Inventory] | None = None,
    pairings: Pairings | None = None,
    solver: pulp.LpSolver | None = None,
    as_of: date | None = None,
) -> Roadmap:
    """The least-effort plans for ``scenario.year`` through ``last_year``, together.

    ``statuses_by_year`` replaces the practice's special statuses in the years it
    names; ``inventories`` gives a year its own inventory (the bundled one
    otherwise); a must-include or can't-do holds in every year whose inventory
    lists the activity. HiGHS solves it unless ``solver`` says otherwise.
    """
    problem = repeat_effort_problem(repeat_effort)
    if problem:
        raise ScenarioError(f"'repeat_effort' {problem}")
    if scenario.roster:
        msg = (
            "A roadmap plans the practice's activities year by year without a roster: "
            "plan who does what in each year on its own"
        )
        raise ScenarioError(msg)
    setups, assumed = year_setups(
        scenario,
        last_year,
        statuses_by_year=statuses_by_year,
        inventories=inventories,
        pairings=pairings,
    )
    years = [_resolve(s, as_of, first=i == 0) for i, s in enumerate(setups)]
    why = ""
    if repeat_effort == DEFAULT_REPEAT_EFFORT:
        why = ": set-up and training are done once, the running and the evidence every year"
    assumptions = [
        f"A year that continues an activity from the year before costs {repeat_effort:.0%} "
        f"of its effort{why}",
        *assumed,
    ]
    if scenario.include or scenario.exclude:
        assumptions.append(
            "Must-include and can't-do hold in every year whose inventory lists the activity"
        )
    choices = solve_roadmap([y.problem for y in years], repeat_effort=repeat_effort, solver=solver)
    changes = _changes(years, scenario)
    if choices is None:
        plans, reasons = _infeasible(years, repeat_effort, solver)
        return Roadmap(
            status=PlanStatus.INFEASIBLE,
            first_year=scenario.year,
            last_year=last_year,
            repeat_effort=repeat_effort,
            years=tuple(
                RoadmapYear(p, stand_in=y.setup.stand_in) for p, y in zip(plans, years, strict=True)
            ),
            total_effort=0.0,
            assumptions=tuple(assumptions),
            changes=changes,
            reasons=reasons,
            scenario=scenario,
        )
    assumptions += _renamed(choices, scenario)
    done = []
    for year, choice in zip(years, choices, strict=True):
        if year.full_credit:
            plan = full_credit_year(year.setup, year.warnings, as_of)
            done.append(RoadmapYear(plan, stand_in=year.setup.stand_in))
            continue
        plan = year_plan(year.setup, year.eligibility, year.warnings, choice, repeat_effort, as_of)
        full = tuple((c.id, round(c.effort * EFFORT_UNIT) / EFFORT_UNIT) for c in choice.chosen)
        continued = tuple(sorted(choice.continued))
        done.append(RoadmapYear(plan, continued, full, year.setup.stand_in))
    reasons = tuple(
        Reason(f"{r.code}:{y.year}", f"{y.year}: {r.text}", r.fix)
        for y in done
        if y.status is PlanStatus.INFEASIBLE
        for r in y.plan.reasons
    )
    return Roadmap(
        status=_status(done),
        first_year=scenario.year,
        last_year=last_year,
        repeat_effort=repeat_effort,
        years=tuple(done),
        total_effort=round(math.fsum(y.plan.total_effort for y in done), 2),
        assumptions=tuple(assumptions),
        changes=changes,
        reasons=reasons,
        scenario=scenario,
    )
