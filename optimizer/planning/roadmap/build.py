"""``roadmap``: the least-effort plan for several performance years at once.

Each year is resolved, checked and assessed as ``plan`` does it, with that
year's inventory, rules and the practice's statuses for it (``years``);
one integer program then chooses every year's activities together
(``model``), so that an activity limited to once every N years is spread
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

from optimizer.errors import ScenarioError
from optimizer.model import (
    Attestation,
    Fix,
    FixCode,
    Inventory,
    Pairings,
    Plan,
    PlanStatus,
    Reason,
    Scenario,
    SpecialStatus,
)
from optimizer.planning import explain
from optimizer.planning.assemble import infeasible_plan
from optimizer.planning.roadmap.model import RoadmapModel, YearChoice, hopeless
from optimizer.planning.roadmap.result import Roadmap, RoadmapYear
from optimizer.planning.roadmap.year_plans import repeat_effort_problem, year_plan
from optimizer.planning.roadmap.years import YearSetup, year_setups
from optimizer.planning.schedule import Timeline
from optimizer.planning.solve import names
from optimizer.planning.solve.problem import EFFORT_UNIT, Problem, problem_in
from optimizer.planning.solve.search import MAX_UNFIT, fitting, timeline
from optimizer.planning.solve.status import Solver
from optimizer.sources.bundled import bundled_inventory, is_cms_list, loaded_years
from optimizer.sources.year_changes import (
    YearChange,
    bundled_effort,
    compare_inventories,
    latest_id,
)
from optimizer.wording import listed

DEFAULT_REPEAT_EFFORT = 0.5
"""A year that continues an activity from the year before costs half its effort.
An activity's hours (``optimizer/data/efforts.csv``) cover setting it up (choosing
the approach, writing the policy, configuring the EHR, training staff) and running
it for its period while gathering the evidence CMS may audit. In a repeat year the
set-up is done; the running and the evidence are not. Half is our rough split of
the two; 1 means no saving, 0 a free repeat."""


@dataclass(frozen=True, slots=True)
class _Year:
    """A year resolved for the program: its setup and its problem."""

    setup: YearSetup
    problem: Problem


def _resolve(setup: YearSetup, as_of: date | None, first: bool) -> _Year:
    """The year's problem; the as-of day holds in the first year only (a later one
    starts on its January 1)."""
    return _Year(setup, problem_in(setup.context, setup.scenario, as_of if first else None))


def _changes(years: list[_Year], scenario: Scenario) -> tuple[YearChange, ...]:
    """What CMS changed between the year before the roadmap and each of its years
    (the bundled inventories only: a practice's own file is no news from CMS)."""
    first = years[0].setup.year
    inventories: list[Inventory] = []
    if first - 1 in loaded_years():
        inventories.append(bundled_inventory(first - 1))
    inventories += [
        y.setup.context.inventory
        for y in years
        if y.setup.stand_in is None and is_cms_list(y.setup.context.inventory.source)
    ]
    effort = bundled_effort(scenario)
    return tuple(
        change
        for before, after in pairwise(inventories)
        for change in compare_inventories(before, after, effort=effort)
    )


def _year_reasons(plan: Plan) -> list[Reason]:
    return [
        Reason(f"{r.code}:{plan.year}", f"{plan.year}: {r.text}", r.fixes) for r in plan.reasons
    ]


def _alone(year: _Year, solver: Solver) -> Plan | None:
    """The year's plan with why it has none, when it cannot be planned even on its own
    (None: it can): such a year is flagged and the others are planned without it."""
    problem = year.problem
    if problem.full_credit:
        return None
    search = fitting(problem, solver)
    if next(iter(search), None) is not None:
        return None
    return infeasible_plan(problem, explain.infeasible(problem, schedule_problem=search.unfit))


def _infeasible(years: list[_Year], solver: Solver) -> tuple[tuple[Plan, ...], tuple[Reason, ...]]:
    """Every year's plan and the roadmap's reasons, when no roadmap exists: the years
    with no plan of their own say why; otherwise the years' limits clash."""
    plans, reasons = [], []
    for year in years:
        problem = year.problem
        search = fitting(problem, solver)
        alone = next(iter(search), None)
        if alone is None:
            why = explain.infeasible(problem, schedule_problem=search.unfit)
            plan = infeasible_plan(problem, why)
        else:
            plan = infeasible_plan(problem, ())
        plans.append(plan)
        reasons += _year_reasons(plan)
    if not reasons:
        reasons.append(
            Reason(
                names.ONCE_EVERY_N_YEARS,
                "Each year has a plan of its own, but no roadmap meets every year's "
                "must-include list and the once-every-N-years limits together",
                (Fix(FixCode.DROP_LIMITED_INCLUDE), Fix(FixCode.PLAN_FEWER_YEARS)),
            )
        )
    return tuple(plans), tuple(reasons)


def _solve(
    years: list[_Year], repeat_effort: float, solver: Solver, done_before: frozenset[str]
) -> list[tuple[YearChoice, Timeline]] | None:
    """The cheapest roadmap whose every year fits its schedule (None: none exists).
    A year whose plan does not fit has that plan cut, and the roadmap is solved again."""
    problems = [y.problem for y in years]
    if any(hopeless(p) for p in problems):
        return None
    if not any(p.choosable for p in problems):
        # A model without variables makes CBC fail to run; nothing is needed.
        return [(YearChoice(p.year, ()), timeline(p, ())) for p in problems]
    model = RoadmapModel(
        problems, repeat_effort=repeat_effort, done_before=done_before, solver=solver
    )
    for _ in range(MAX_UNFIT):
        choices = model.solve()
        if choices is None:
            return None
        laid_out = [timeline(p, c.chosen) for p, c in zip(problems, choices, strict=True)]
        unfit = [i for i, t in enumerate(laid_out) if not t.feasible]
        if not unfit:
            return list(zip(choices, laid_out, strict=True))
        for i in unfit:
            model.cut(i, [c.id for c in choices[i].chosen])
    return None


def _renamed(
    choices: tuple[YearChoice, ...], history: tuple[Attestation, ...], first_year: int
) -> list[str]:
    """Words for each activity continued under a new ID, from the year before the
    first planned year (the practice's history, under the IDs it was attested with) or
    within the roadmap."""
    history_ids = {a.activity_id for a in history if a.year == first_year - 1}
    done_before = [history_ids, *({c.id for c in choice.chosen} for choice in choices)]
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
    solver: Solver | str = Solver.AUTO,
    as_of: date | None = None,
) -> Roadmap:
    """The least-effort plans for ``scenario.year`` through ``last_year``, together.

    ``statuses_by_year`` replaces the practice's special statuses in the years it
    names; ``inventories`` gives a year its own inventory (the bundled one
    otherwise); a must-include or can't-do holds in every year whose inventory
    lists the activity; activities already running, and the start date, hold in
    the first year only. HiGHS solves it unless ``solver`` says otherwise.
    """
    solver = Solver.of(solver)
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
    flagged = {y.setup.year: plan for y in years if (plan := _alone(y, solver)) is not None}
    planned = [y for y in years if y.setup.year not in flagged]
    if flagged and planned:
        left_out = listed([str(y) for y in flagged])
        assumptions.append(
            f"{left_out} cannot be planned (the reasons follow), so the roadmap plans "
            f"the other years without {'them' if len(flagged) > 1 else 'it'}"
        )
    solved = None
    if planned:
        first = planned[0].setup.scenario
        done_before = frozenset(a.activity_id for a in first.history if a.year == first.year - 1)
        solved = _solve(planned, repeat_effort, solver, done_before)
    changes = _changes(years, scenario)
    if solved is None:
        plans, reasons = _infeasible(years, solver)
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
    choices = tuple(choice for choice, _ in solved)
    assumptions += _renamed(choices, scenario.history, planned[0].setup.year)
    by_year = dict(zip((y.setup.year for y in planned), solved, strict=True))
    done = []
    for year in years:
        if year.setup.year in flagged:
            done.append(RoadmapYear(flagged[year.setup.year], stand_in=year.setup.stand_in))
            continue
        choice, laid_out = by_year[year.setup.year]
        plan = year_plan(year.problem, choice, laid_out, repeat_effort, as_of)
        full = tuple((c.id, round(c.effort * EFFORT_UNIT) / EFFORT_UNIT) for c in choice.chosen)
        continued = tuple(sorted(choice.continued))
        done.append(RoadmapYear(plan, continued, full, year.setup.stand_in))
    reasons = tuple(
        r for y in done if y.status is PlanStatus.INFEASIBLE for r in _year_reasons(y.plan)
    )
    return Roadmap(
        status=_status([y for y in done if y.year not in flagged]),
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
