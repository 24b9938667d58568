"""The exact fast path: the integer program of ``milp.py`` solved by dynamic
programming, without building a model or calling a solver.

The model has one points row, an optional "at least K paired" row and forced
activities, so the state after deciding each activity is just (points so far,
capped at the need; paired activities so far, capped at K). Keeping the best
(effort, count) per state over all activities gives the same optimum as the
integer program, in well under a millisecond for a 100-activity inventory.
``benchmarks/bench_plan.py`` checks it against an independent exhaustive search.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from optimizer.rules.eligibility import Candidate

EFFORT_UNIT = 100
"""Efforts are compared in hundredths of an hour, as in the integer program."""

_State = tuple[int, int]
_Best = tuple[int, int, tuple[int, ...]]
"""Effort in hundredths, number of activities, indices of the chosen candidates."""


def effort_units(candidate: Candidate) -> int:
    """A candidate's effort in integral hundredths of an hour."""
    return round(candidate.effort * EFFORT_UNIT)


def least_effort(
    candidates: Sequence[Candidate],
    needed: int,
    *,
    include: Collection[str] = (),
    min_paired: int = 0,
) -> tuple[Candidate, ...] | None:
    """The least-effort (then fewest) candidates that earn ``needed`` points, contain
    every candidate in ``include`` and at least ``min_paired`` paired ones; None if
    no such set exists. Like the integer program, it forces only the included IDs
    that are candidates."""
    forced = [i for i, c in enumerate(candidates) if c.id in include]
    start_points = min(needed, sum(candidates[i].points for i in forced))
    start_paired = min(min_paired, sum(1 for i in forced if candidates[i].paired_measures))
    start_cost = sum(effort_units(candidates[i]) for i in forced)
    best: dict[_State, _Best] = {
        (start_points, start_paired): (start_cost, len(forced), tuple(forced))
    }
    for index, candidate in enumerate(candidates):
        if candidate.id in include:
            continue
        cost = effort_units(candidate)
        gain = candidate.points
        pair = 1 if candidate.paired_measures else 0
        for (points, paired), (total, count, chosen) in list(best.items()):
            state = (min(needed, points + gain), min(min_paired, paired + pair))
            offer = (total + cost, count + 1, (*chosen, index))
            held = best.get(state)
            # Strictly better only, so ties keep the earlier (inventory-order) choice.
            if held is None or offer[:2] < held[:2]:
                best[state] = offer
    goal = best.get((needed, min_paired))
    if goal is None:
        return None
    return tuple(candidates[i] for i in sorted(goal[2]))
