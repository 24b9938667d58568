"""The exact fast path: the integer program of ``model.py`` solved by dynamic
programming, without building a model or calling a solver. It applies to every
problem without a roster (whose clinicians' own hours make a choice of who does
what); ``Problem.roster`` says when it does not.

The model has one points row, an optional "at least K paired" row, forced
activities and count limits, so the state after deciding each activity is (points
so far, capped at the need; paired activities so far, capped at K; activities each
limit counts so far). Keeping the best (effort, count) per state over all
activities gives the same optimum as the integer program.

Two things keep it fast. Activities alike for every row (the same points, pairing,
period, running day and limits) are interchangeable, so only the cheapest few of
each kind can be in the cheapest plans (``pool``). And ``cheapest`` also serves the
search for the next plans (``search.py``): activities ``held`` in a plan must stay
needed there, ``banned`` ones are left out.
"""

from __future__ import annotations

from collections.abc import Collection
from math import inf

from optimizer.planning.solve.problem import Problem

Found = tuple[int, int, tuple[int, ...]]
"""Effort in hundredths, number of activities, indices (into ``Problem.choosable``)
of the chosen candidates, in inventory order."""


def most_in_a_plan(problem: Problem) -> int:
    """An upper bound on the activities of a plan no activity can be dropped from: the
    required ones, those the points need (each is needed only while the total minus
    it falls short, so fewer than needed / smallest points + 1 of them) and those the
    paired count needs."""
    required = problem.required
    optional = [c for i, c in enumerate(problem.choosable) if i not in required]
    smallest = min((c.points for c in optional if c.points > 0), default=0)
    by_points = -(-problem.needed // smallest) if smallest else 0
    return len(problem.include) + by_points + problem.min_paired


def pool(problem: Problem, count: int = 0, keep: Collection[str] = ()) -> tuple[int, ...]:
    """The candidates (indices) that can be in the ``count`` + 1 cheapest plans no
    activity can be dropped from, or in the cheapest plan without one of ``keep``.

    Activities of one kind are interchangeable in every row and in the schedule. If
    a plan of at most ``most`` activities used the one ranked r-th cheapest of its
    kind, swapping it for each cheaper one of its kind not in the plan would give
    r - most other plans, none dearer and each fitting the schedule as well; so past
    rank ``count`` + ``most`` + 1 an activity cannot change which efforts the
    cheapest plans have. ``keep`` and the required ones are always kept.
    """
    depth = count + most_in_a_plan(problem) + 1
    running = problem.scenario.running_since
    default_days = problem.rules.period_days
    limits = problem.limits
    fixed = problem.include | frozenset(keep)
    kinds: dict[tuple[object, ...], list[int]] = {}
    kept: set[int] = set()
    for index, c in enumerate(problem.choosable):
        activity = c.activity
        activity_id = activity.id
        if activity_id in fixed:
            kept.add(index)
            continue
        kind = (
            c.points,
            bool(c.paired_measures),
            activity.period_days or default_days,
            activity_id in running,
            running.get(activity_id),
            tuple(limit.counts(activity_id) for limit in limits) if limits else (),
        )
        kinds.setdefault(kind, []).append(index)
    costs = problem.costs
    for indices in kinds.values():
        if len(indices) > depth:
            indices = sorted(indices, key=lambda i: (costs[i], i))[:depth]
        kept.update(indices)
    return tuple(sorted(kept))


def cheapest(
    problem: Problem,
    items: Collection[int],
    held: frozenset[int] = frozenset(),
    banned: frozenset[int] = frozenset(),
) -> Found | None:
    """The cheapest (then smallest) plan of ``items`` with the ``held`` and required
    candidates, none of the ``banned``, in which every held one is needed; None if
    there is none."""
    candidates, costs = problem.choosable, problem.costs
    fixed = held | problem.required
    need, owed = problem.needed, problem.min_paired
    limits = [(limit.most, limit.counts) for limit in problem.limits]
    start_counts = tuple(sum(counts(candidates[i].id) for i in fixed) for _, counts in limits)
    if any(n > most for n, (most, _) in zip(start_counts, limits, strict=True)):
        return None
    least = (
        min((candidates[i].points for i in held if not candidates[i].paired_measures), default=inf),
        min((candidates[i].points for i in held if candidates[i].paired_measures), default=inf),
    )
    # Points are kept exactly up to the need plus the largest points of any candidate
    # when an activity is held: enough to tell whether it stays needed.
    top_points = need + (max((c.points for c in candidates), default=0) if held else 0)
    top_paired = owed + (1 if held else 0)
    start = (
        min(top_points, sum(candidates[i].points for i in fixed)),
        min(top_paired, sum(1 for i in fixed if candidates[i].paired_measures)),
        *start_counts,
    )
    best: dict[tuple[int, ...], Found] = {
        start: (sum(costs[i] for i in fixed), len(fixed), tuple(sorted(fixed)))
    }
    for index in sorted(items):
        if index in fixed or index in banned:
            continue
        candidate = candidates[index]
        cost, gain = costs[index], candidate.points
        pair = 1 if candidate.paired_measures else 0
        steps = [1 if counts(candidate.id) else 0 for _, counts in limits]
        for state, (total, size, chosen) in list(best.items()):
            counted = tuple(n + step for n, step in zip(state[2:], steps, strict=True))
            if any(n > most for n, (most, _) in zip(counted, limits, strict=True)):
                continue
            after = (min(top_points, state[0] + gain), min(top_paired, state[1] + pair), *counted)
            offer = (total + cost, size + 1, (*chosen, index))
            kept = best.get(after)
            # Strictly better only, so ties keep the earlier (inventory-order) choice.
            if kept is None or offer[:2] < kept[:2]:
                best[after] = offer
    unpaired_least, paired_least = least
    ends = [
        found
        for state, found in best.items()
        if state[0] >= need
        and state[1] >= owed
        # Every held activity stays needed: dropping it would break the points or the
        # paired count.
        and state[0] < need + unpaired_least
        and (state[0] < need + paired_least or state[1] <= owed)
    ]
    found = min(ends, key=lambda f: f[:2], default=None)
    return None if found is None else (found[0], found[1], tuple(sorted(found[2])))
