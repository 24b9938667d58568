"""How long the Planner's "Save to the workspace" and the Portfolio's edit, remove and
restore take on a workspace of many practices.

    python benchmarks/bench_practice_save.py [--practices 200] [--runs 20] [--db URL]

Fills a new workspace (a temporary SQLite file, or the empty database ``--db`` names)
with ``--practices`` practices, then times, ``--runs`` times each: saving a
6-clinician group's scenario (roster, history, quality measures, efforts) as a new
practice with its 2026 plan (``save_scenario(new=True)``: add, then plan and keep);
saving it again into that practice; an edit of its profile (``edit_practice``); and
a removal with its restore. Prints the median and the slowest of each. Target: each
median under 0.5 s (the plan's solve included in the saves); the exit code is 1 if
one is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from optimizer.model import Attestation, Clinician, Reporting, Scenario, SpecialStatus
from optimizer.workspace import (
    Profile,
    add_practice,
    edit_practice,
    open_workspace,
    remove_practice,
    restore_practice,
    save_scenario,
)

AS_OF = date(2026, 1, 5)
TARGET_S = 0.5
GROUP = Scenario(
    year=2026,
    statuses=frozenset({SpecialStatus.SMALL_PRACTICE}),
    reporting=Reporting.GROUP,
    clinicians=6,
    history=(Attestation("IA_PSPA_23", 2024),),
    efforts=(("IA_BE_27", 3.0),),
    quality=frozenset({"001", "236"}),
    roster=tuple(Clinician(f"Dr {n}") for n in range(6)),
)


def timed(runs: int, step: Callable[[int], object]) -> list[float]:
    times = []
    for n in range(runs):
        start = time.perf_counter()
        step(n)
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", help="an empty database (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
        with open_workspace(url) as ws:
            for n in range(args.practices):
                add_practice(ws, f"Practice {n:04}", Profile(clinicians=3))
            results = {
                "save as a new practice": timed(
                    args.runs, lambda n: save_scenario(ws, f"Group {n}", GROUP, AS_OF, new=True)
                ),
                "save into that practice": timed(
                    args.runs, lambda n: save_scenario(ws, f"Group {n}", GROUP, AS_OF, new=False)
                ),
                "edit its profile": timed(
                    args.runs,
                    lambda n: edit_practice(ws, f"Group {n}", Profile(clinicians=4), version=None),
                ),
                "remove and restore": timed(
                    args.runs,
                    lambda n: (
                        remove_practice(ws, f"Group {n}"),
                        restore_practice(ws, f"Group {n}"),
                    ),
                ),
            }
    missed = False
    print(f"{args.practices} practices, {args.runs} runs each ({url.split(':', 1)[0]})")
    for label, times in results.items():
        median = statistics.median(times)
        missed |= median > TARGET_S
        print(f"{label:26} median {median * 1000:7.1f} ms   slowest {max(times) * 1000:7.1f} ms")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
