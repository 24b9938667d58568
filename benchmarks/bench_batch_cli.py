"""``mips-ia batch`` end to end on a practices table of N rows, in a fresh process
each run: reading the table, planning on every core, writing the workbook.

    PYTHONPATH=. python benchmarks/bench_batch_cli.py [--rows N] [--runs R] [--format xlsx|json]

The rows are ``bench_plan.py``'s random practices (same seed), with what a table
holds without side files (no history or efforts files), planned as on 2017-01-02
so that, as in ``bench_plan.py``, no activity is too late. Not part of the tests.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench_plan import random_practice

from optimizer.errors import PlannerError
from optimizer.model import Scenario
from optimizer.planning.pipeline import plan

ROOT = Path(__file__).resolve().parents[1]
HEADER = ("Practice", "Year", "Statuses", "Credits", "Reporting", "Clinicians",
          "Quality measures", "Require pairing", "Min paired", "MVP", "Include", "Exclude",
          "Target")  # fmt: skip


def table_row(name: str, s: Scenario) -> list[str]:
    credits = [c for c, on in (("apm", s.apm), ("app", s.app), ("pcmh", s.pcmh)) if on]
    return [
        name,
        str(s.year),
        "; ".join(sorted(s.statuses)),
        "; ".join(credits),
        str(s.reporting),
        "" if s.clinicians is None else str(s.clinicians),
        "; ".join(sorted(s.quality)),
        "yes" if s.require_pairing else "no",
        str(s.min_paired) if s.min_paired else "",
        s.mvp or "",
        "; ".join(sorted(s.include)),
        "; ".join(sorted(s.exclude)),
        "" if s.target is None else str(s.target),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--format", choices=["xlsx", "json"], default="xlsx")
    args = parser.parse_args(argv)

    import random

    rng = random.Random(args.seed)
    scenarios: list[Scenario] = []
    while len(scenarios) < min(args.rows, 300):
        practice = random_practice(rng)
        try:
            plan(practice.scenario)
        except PlannerError:
            continue
        scenarios.append(practice.scenario)
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder, "practices.csv")
        with table.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            for i in range(args.rows):
                writer.writerow(table_row(f"practice {i + 1}", scenarios[i % len(scenarios)]))
        out = Path(folder, "plans.xlsx" if args.format == "xlsx" else "plans.jsonl")
        command = [sys.executable, "-m", "optimizer", "batch", str(table), "--out", str(out),
                   "--format", args.format, "--as-of", "2017-01-02"]  # fmt: skip
        print(f"mips-ia batch, {args.rows} rows, --format {args.format}, "
              f"{os.cpu_count()} cores:")  # fmt: skip
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            # From the checkout's root: ``-m optimizer`` is then this checkout's.
            done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
            seconds = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
            print(f"  {seconds:6.2f} s, {cpu:6.2f} s CPU (exit {done.returncode}: {last})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
