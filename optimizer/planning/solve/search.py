"""The plans of one practice-year in order, cheapest first, each one no activity
can be dropped from: the first is the optimum, the ones after it the next-cheapest
plans (``alternatives``). Both exact routes give them:

* the dynamic program (``knapsack.py``) with Lawler's partition. The plans other
  than a found plan S = {s1, ..., sm} (its activities not already fixed) that do
  not contain S split into m disjoint groups, the i-th holding s1 ... s(i-1) and
  not si. The cheapest plan of each group goes on a heap; the cheapest on the heap
  is the next plan, and its own groups replace it;
* the integer program (``model.py``) with cuts: a cut rules out a plan S and every
  plan containing it. The objective is effort, then the number of activities, so a
  plan's strict subsets are always cheaper and the plans come out cheapest first.

A plan is then laid out (``schedule``). The count limits never rule out a plan that
fits, but with periods of several lengths a plan they allow may not fit: it gives
way to the next one (``fitting``), so the first plan that fits is the cheapest that
does.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date

from optimizer.model import Assignment
from optimizer.planning.schedule import Timeline, schedule_windows
from optimizer.planning.solve.knapsack import Found, cheapest, pool
from optimizer.planning.solve.problem import Problem
from optimizer.planning.solve.status import Solver
from optimizer.rules.eligibility import Candidate

MAX_UNFIT = 200
"""Plans that do not fit the schedule tried before the search gives up and says why
(with periods of one length no plan the limits allow fails to fit)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """A plan found: the chosen candidates (inventory order) and who does them."""

    chosen: tuple[Candidate, ...]
    assignments: tuple[Assignment, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.chosen)


def timeline(problem: Problem, chosen: Collection[Candidate]) -> Timeline:
    """The windows of the chosen activities: each of its own period, new ones from the
    earliest day, running ones where they began."""
    scenario = problem.scenario
    return schedule_windows(
        [c.id for c in chosen],
        problem.rules,
        start=problem.earliest,
        max_concurrent=scenario.max_concurrent,
        days={c.id: c.activity.period_days for c in chosen if c.activity.period_days},
        fixed={a: began or date(problem.year, 1, 1) for a, began in scenario.running_since.items()},
    )


def _by_program(problem: Problem, solver: Solver, banned: Collection[str]) -> Iterator[Outcome]:
    # Imported here: the integer program loads PuLP, which most plans never need.
    from optimizer.planning.solve.model import PlanModel

    model = PlanModel(problem, solver)
    for activity_id in sorted(set(banned) & model.year.x.keys()):
        model.leave_out(activity_id)
    while True:
        found = model.solve()
        if found is None:
            return
        chosen, assignments = found
        yield Outcome(chosen, assignments)
        if not chosen:
            return  # every plan contains the empty one
        model.cut([c.id for c in chosen])


def _by_partition(
    problem: Problem, banned: Collection[str], count: int, keep: Collection[str]
) -> Iterator[Outcome]:
    candidates = problem.choosable
    items = pool(problem, count, keep)
    ban = frozenset(i for i, c in enumerate(candidates) if c.id in banned)
    first = cheapest(problem, items, banned=ban)
    if first is None:
        return
    required = problem.required
    heap: list[tuple[int, int, int, Found, frozenset[int], frozenset[int]]] = []
    ticket = itertools.count()

    def split(found: Found, held: frozenset[int], banned_here: frozenset[int]) -> None:
        free = [i for i in found[2] if i not in held and i not in required]
        for n, item in enumerate(free):
            group_held, group_banned = held | set(free[:n]), banned_here | {item}
            group = cheapest(problem, items, group_held, group_banned)
            if group is not None:
                heapq.heappush(
                    heap, (group[0], group[1], next(ticket), group, group_held, group_banned)
                )

    yield Outcome(tuple(candidates[i] for i in first[2]))
    split(first, frozenset(), ban)
    while heap:
        _, _, _, found, held, banned_here = heapq.heappop(heap)
        yield Outcome(tuple(candidates[i] for i in found[2]))
        split(found, held, banned_here)


def plans_in_order(
    problem: Problem,
    solver: Solver = Solver.AUTO,
    *,
    banned: Collection[str] = (),
    count: int = 0,
    keep: Collection[str] = (),
) -> Iterator[Outcome]:
    """The plans of ``problem`` without the ``banned`` activities, cheapest first, none
    containing another. ``count`` and ``keep`` say how far the caller reads (the
    first ``count`` + 1 plans, or the cheapest without one of ``keep``): the dynamic
    program keeps only the activities that can be in those."""
    if problem.blocked:
        return  # a required activity is ruled out
    if not problem.choosable:
        if problem.needed <= 0 and problem.min_paired <= 0:
            yield Outcome(())
        return
    if solver is Solver.AUTO and not problem.roster:
        yield from _by_partition(problem, banned, count, keep)
    else:
        yield from _by_program(problem, solver, banned)


@dataclass(slots=True)
class Fitting:
    """The plans of a search that fit the schedule, in order, with the reason the
    first one that did not fit gives (for a search that finds none)."""

    plans: Iterator[Outcome]
    problem: Problem
    unfit: str = ""

    def __iter__(self) -> Iterator[tuple[Outcome, Timeline]]:
        misses = 0
        for outcome in self.plans:
            laid_out = timeline(self.problem, outcome.chosen)
            if laid_out.feasible:
                misses = 0
                yield outcome, laid_out
                continue
            self.unfit = self.unfit or laid_out.reason
            misses += 1
            if misses >= MAX_UNFIT:
                return


def fitting(
    problem: Problem,
    solver: Solver = Solver.AUTO,
    *,
    banned: Collection[str] = (),
    count: int = 0,
    keep: Collection[str] = (),
) -> Fitting:
    """The plans of ``plans_in_order`` that fit the schedule, each with its windows."""
    return Fitting(plans_in_order(problem, solver, banned=banned, count=count, keep=keep), problem)
