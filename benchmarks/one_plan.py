"""Median time of one plan, model building included (issue 2's figure).

    python benchmarks/one_plan.py [--year 2024] [--runs 100]

Plans a 6-clinician practice with the bundled inventory and efforts, with each
solver route, after one warm-up plan (bundled tables are read once and cached).
"""

from __future__ import annotations

import argparse
import statistics
import time

from optimizer import Scenario, SpecialStatus, plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    scenarios = {
        "standard": Scenario(year=args.year, clinicians=6),
        "small practice": Scenario(
            year=args.year, clinicians=6, statuses={SpecialStatus.SMALL_PRACTICE}
        ),
    }
    print(f"One plan, PY{args.year}, median of {args.runs} (ms)")
    print(f"{'route':<8} " + " ".join(f"{name:>15}" for name in scenarios))
    for route in ("auto", "highs", "cbc"):
        cells = []
        for scenario in scenarios.values():
            plan(scenario, solver=route)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                plan(scenario, solver=route)
                times.append(1000 * (time.perf_counter() - start))
            cells.append(f"{statistics.median(times):>15.2f}")
        print(f"{route:<8} " + " ".join(cells))


if __name__ == "__main__":
    main()
