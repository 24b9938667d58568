"""The exact fast path of ``alternatives`` for one practice without a roster: the
next-cheapest plans no activity can be dropped from, by dynamic programming and
Lawler's partition, without a solver.

Lawler: the plans other than a found plan S = {s1, ..., sm} (its activities not
already fixed) that do not contain S split into m disjoint groups, the i-th
holding s1 ... s(i-1) and not si. The cheapest plan of each group goes on a heap;
the cheapest on the heap is the next plan, and its own groups replace it.

The cheapest plan of a group is found by the dynamic program of ``knapsack.py``
with two additions: an activity a group holds must stay needed (dropping it must
break the points or the paired count, so the plan's total stays below the need
plus its points), and at most ``most`` activities when a count limit applies.
A plan that is cheapest under those rules has no activity to drop, so every plan
found is one no activity can be dropped from, and the plans come cheapest first.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from math import inf

from optimizer.planning.solve.knapsack import effort_units
from optimizer.rules.eligibility import Candidate

_Best = tuple[int, int, tuple[int, ...]]
"""Effort in hundredths, number of activities, indices of the chosen candidates."""


@dataclass(frozen=True, slots=True)
class Need:
    """What every plan must have: the points, the paired count, the activities the
    user requires, and at most ``most`` activities (None: no limit)."""

    points: int
    min_paired: int = 0
    include: frozenset[str] = frozenset()
    most: int | None = None


def _stays_needed(points: int, paired: int, need: Need, least: tuple[float, float]) -> bool:
    """Every held activity stays needed in a plan of these points and paired count:
    ``least`` is the smallest points of a held unpaired and of a held paired one."""
    unpaired, paired_least = least
    return points < need.points + unpaired and (
        points < need.points + paired_least or paired <= need.min_paired
    )


def cheapest(
    candidates: Sequence[Candidate],
    need: Need,
    held: frozenset[int] = frozenset(),
    banned: frozenset[int] = frozenset(),
) -> _Best | None:
    """The cheapest (then smallest) plan with the ``held`` and required candidates,
    none of the ``banned``, in which every held one is needed; None if none."""
    fixed = held | {i for i, c in enumerate(candidates) if c.id in need.include}
    least = (
        min((candidates[i].points for i in held if not candidates[i].paired_measures), default=inf),
        min((candidates[i].points for i in held if candidates[i].paired_measures), default=inf),
    )
    # Points are kept exactly up to the need plus the largest points of any candidate:
    # enough to tell whether a held activity stays needed.
    top_points = need.points + max((c.points for c in candidates), default=0)
    top_paired = need.min_paired + 1
    limited = need.most is not None
    start = (
        min(top_points, sum(candidates[i].points for i in fixed)),
        min(top_paired, sum(1 for i in fixed if candidates[i].paired_measures)),
        len(fixed) if limited else 0,
    )
    cost = sum(effort_units(candidates[i]) for i in fixed)
    best: dict[tuple[int, int, int], _Best] = {start: (cost, len(fixed), tuple(sorted(fixed)))}
    for index, candidate in enumerate(candidates):
        if index in fixed or index in banned:
            continue
        units, gain = effort_units(candidate), candidate.points
        pair = 1 if candidate.paired_measures else 0
        for (points, paired, count), (total, size, chosen) in list(best.items()):
            if limited and count >= (need.most or 0):
                continue
            state = (
                min(top_points, points + gain),
                min(top_paired, paired + pair),
                count + 1 if limited else 0,
            )
            offer = (total + units, size + 1, (*chosen, index))
            kept = best.get(state)
            # Strictly better only, so ties keep the earlier (inventory-order) choice.
            if kept is None or offer[:2] < kept[:2]:
                best[state] = offer
    ends = [
        found
        for (points, paired, count), found in best.items()
        if points >= need.points
        and paired >= need.min_paired
        and (not limited or count <= (need.most or 0))
        and _stays_needed(points, paired, need, least)
    ]
    return min(ends, key=lambda b: b[:2], default=None)


def ranked_plans(
    candidates: Sequence[Candidate], first: Collection[str], count: int, need: Need
) -> list[tuple[str, ...]]:
    """The ``count`` cheapest plans after ``first`` (the cheapest plan, given), none
    containing another, cheapest first."""
    index = {c.id: i for i, c in enumerate(candidates)}
    required = {index[i] for i in need.include if i in index}
    heap: list[tuple[int, int, int, tuple[int, ...], frozenset[int], frozenset[int]]] = []
    ticket = itertools.count()

    def split(plan: tuple[int, ...], held: frozenset[int], banned: frozenset[int]) -> None:
        free = [i for i in plan if i not in held and i not in required]
        for n, item in enumerate(free):
            group_held, group_banned = held | set(free[:n]), banned | {item}
            found = cheapest(candidates, need, group_held, group_banned)
            if found is not None:
                cost, size, chosen = found
                heapq.heappush(heap, (cost, size, next(ticket), chosen, group_held, group_banned))

    split(tuple(sorted(index[i] for i in first)), frozenset(), frozenset())
    plans: list[tuple[str, ...]] = []
    while heap and len(plans) < count:
        _, _, _, chosen, held, banned = heapq.heappop(heap)
        plans.append(tuple(candidates[i].id for i in chosen))
        split(chosen, held, banned)
    return plans


def cheapest_without(
    candidates: Sequence[Candidate], activity_id: str, need: Need
) -> tuple[str, ...] | None:
    """The cheapest plan without ``activity_id``; None if no plan does without it."""
    banned = frozenset(i for i, c in enumerate(candidates) if c.id == activity_id)
    found = cheapest(candidates, need, banned=banned)
    return None if found is None else tuple(candidates[i].id for i in found[2])
