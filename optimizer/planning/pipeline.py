"""``plan``: a Scenario in, a Plan out, in one straight line.

1. Prepare the problem, once (``solve/problem``): the year's rules, inventory,
   pairings and efforts (``resolve``), the checks (``rules/checks``), the roster's
   statuses, each activity in or out with its reason (``rules/eligibility``), the
   points needed and the count limits.
2. Solve: the cheapest plan that fits the schedule (``solve/search``), by the
   exact dynamic program (``solve/knapsack``) where it applies, else the integer
   program (``solve/model``, with ``solve/roster`` for a group's roster).
3. Assemble: the Plan with its activities, schedule and reasons (``assemble``,
   ``explain``).
"""

from __future__ import annotations

from datetime import date

from optimizer.model import Inventory, Pairings, Plan, Scenario
from optimizer.planning import explain
from optimizer.planning.assemble import found_plan, infeasible_plan
from optimizer.planning.schedule import Timeline
from optimizer.planning.solve.problem import Problem, prepare
from optimizer.planning.solve.search import Outcome, fitting, timeline
from optimizer.planning.solve.status import Solver

Found = tuple[Outcome, Timeline] | str
"""The cheapest plan that fits and its windows, or why none fits ('' when the rows
alone leave none)."""


def find_plan(problem: Problem, solver: Solver = Solver.AUTO) -> Found:
    """The cheapest plan of a problem that needs activities, laid out."""
    search = fitting(problem, solver)
    for outcome, laid_out in search:
        return outcome, laid_out
    return search.unfit


def solve_key(problem: Problem) -> tuple[object, ...]:
    """What ``find_plan`` reads beyond the candidates: problems of one assessment
    (``Problem.eligibility``, the same object) with equal keys have one answer."""
    scenario = problem.scenario
    return (
        id(problem.eligibility),
        problem.needed,
        problem.min_paired,
        problem.limits,
        problem.costs,
        problem.earliest,
        scenario.max_concurrent,
        scenario.running,
        problem.include,
        problem.roster,
        problem.clinicians_needed,
        scenario.max_per_clinician,
        scenario.group_size,
    )


def solve_plan(
    problem: Problem,
    solver: Solver | str = Solver.AUTO,
    *,
    found: dict[tuple[object, ...], Found] | None = None,
) -> Plan:
    """The least-effort plan of a prepared ``problem``; ``found`` keeps the answers of
    problems planned together (the what-if table), by ``solve_key``."""
    solver = Solver.of(solver)
    if problem.full_credit:
        # Nothing is needed; activities the user insists on are kept, for no points more.
        kept = Outcome(problem.choosable)
        laid_out = timeline(problem, kept.chosen)
        notes = explain.kept_under_full_credit(problem.eligibility, problem.scenario)
        if not laid_out.feasible:
            reasons = explain.infeasible(problem, schedule_problem=laid_out.reason)
            return infeasible_plan(problem, reasons, notes)
        reason = explain.full_credit(problem.scenario, problem.rules)
        return found_plan(problem, kept, laid_out, reasons=(reason,), warnings=notes)
    if found is None:
        answer = find_plan(problem, solver)
    else:
        key = solve_key(problem)
        answer = found[key] if key in found else found.setdefault(key, find_plan(problem, solver))
    if isinstance(answer, str):
        return infeasible_plan(problem, explain.infeasible(problem, schedule_problem=answer))
    return found_plan(problem, *answer)


def plan(
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    pairings: Pairings | None = None,
    solver: Solver | str = Solver.AUTO,
    as_of: date | None = None,
) -> Plan:
    """The least-effort plan for ``scenario`` (bundled inventory and pairings by
    default), made on the day ``as_of`` (None: no day, so nothing is late)."""
    return solve_plan(prepare(scenario, inventory, pairings, as_of), solver)
