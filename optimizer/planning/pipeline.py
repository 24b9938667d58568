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
from optimizer.planning.solve.problem import Problem, prepare
from optimizer.planning.solve.search import Outcome, fitting, timeline
from optimizer.planning.solve.status import Solver


def solve_plan(problem: Problem, solver: Solver | str = Solver.AUTO) -> Plan:
    """The least-effort plan of a prepared ``problem``."""
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
    search = fitting(problem, solver)
    for outcome, laid_out in search:
        return found_plan(problem, outcome, laid_out)
    return infeasible_plan(problem, explain.infeasible(problem, schedule_problem=search.unfit))


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
