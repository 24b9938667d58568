"""Time of a 4-year roadmap and of 5 alternatives, each against one single-year plan.

    python benchmarks/bench_roadmap.py [--first 2023] [--span 4] [--alternatives 5] [--runs 50]

For a 6-clinician practice (standard, and small practice) on the bundled data,
after one warm-up call of each (bundled tables are read once and cached), prints
the median and 95th percentile of: ``plan`` for the first year (the exact fast
path), ``roadmap`` over the span (one integer program, HiGHS), and
``alternatives`` with K plans (the best plan given), also per plan found.
Targets on the project's 2-core machine: a roadmap under 100 ms, alternatives
under 20 ms per plan.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from optimizer import Scenario, SpecialStatus, plan
from optimizer.planning.alternatives.next_plans import alternatives
from optimizer.planning.roadmap.build import roadmap


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median and 95th percentile in ms of ``runs`` calls after one warm-up, and a result."""
    result = call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(1000 * (time.perf_counter() - start))
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * len(times)))], result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=2023)
    parser.add_argument("--span", type=int, default=4)
    parser.add_argument("--alternatives", type=int, default=5)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    last = args.first + args.span - 1
    scenarios = {
        "standard": Scenario(year=args.first, clinicians=6),
        "small practice": Scenario(
            year=args.first, clinicians=6, statuses={SpecialStatus.SMALL_PRACTICE}
        ),
    }
    k = args.alternatives
    print(f"PY{args.first}-{last}, {args.runs} runs each, ms: median / p95")
    print(f"{'practice':<16}{'what':<34}{'median':>9}{'p95':>9}")
    for name, scenario in scenarios.items():
        single = timed(lambda s=scenario: plan(s), args.runs)
        road = timed(lambda s=scenario: roadmap(s, last), args.runs)
        best = single[2]
        alts = timed(lambda s=scenario, b=best: alternatives(s, count=k, best=b), args.runs)
        found = max(1, len(alts[2].plans))
        solves = found + len(alts[2].replacements)
        rows = [
            (f"plan, PY{args.first}", single),
            (f"roadmap, {args.span} years", road),
            (f"alternatives, K={k} (+{len(alts[2].replacements)} swaps)", alts),
        ]
        for what, (median, p95, _) in rows:
            print(f"{name:<16}{what:<34}{median:>9.2f}{p95:>9.2f}")
        print(
            f"{name:<16}{'alternatives, per plan found':<34}"
            f"{alts[0] / found:>9.2f}{alts[1] / found:>9.2f}"
        )
        per_solve = f"{alts[0] / solves:>9.2f}{alts[1] / solves:>9.2f}"
        print(f"{name:<16}{'alternatives, per solve':<34}{per_solve}")
        print(
            f"{name:<16}roadmap {road[2].total_effort:g} h over {args.span} years; "
            f"plan {best.total_effort:g} h; alternatives "
            + ", ".join(f"+{a.extra_effort:g}" for a in alts[2].plans)
        )


if __name__ == "__main__":
    main()
