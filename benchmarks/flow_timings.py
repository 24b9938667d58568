"""The issue-22 flow's steps timed in Chromium: the first screen (the Planner's plan
drawn), a page switch (Planner to Portfolio), the Planner's save to the workspace and
the Tracker's attestation (refused, then accepted on 2027-01-15). Each run starts
``streamlit run app.py`` on a new empty workspace in a temporary folder (the day is
IA_PLANNER_TODAY=2026-01-15) and drives the steps of tests/ui/test_browser_flow.py;
prints the median of each step over the runs (the time until the page shows the
step's result, front end included).

    python benchmarks/flow_timings.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from statistics import median
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ui"))

STEPS = ("first screen", "page switch", "save", "attest refused", "attest accepted")


def one_run() -> dict[str, float]:
    """Seconds per step of one run, on a new app and workspace."""
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS
    from test_browser_flow import (
        ATTEST_DAY,
        attest,
        go_to,
        mark_done,
        open_planner,
        plan_the_group,
        save_to_workspace,
        set_as_of,
        start_app,
        stop_app,
    )

    folder = Path(tempfile.mkdtemp(prefix="flow-timings-"))
    os.environ["IA_PLANNER_DB"] = str(folder / "workspace.db")
    os.environ["IA_PLANNER_DATA_DIR"] = str(folder / "data")
    os.environ.setdefault("IA_PLANNER_TODAY", "2026-01-15")
    times: dict[str, float] = {}

    def timed(step: str, action: Callable[[], object]) -> None:
        start = perf_counter()
        action()
        times[step] = perf_counter() - start

    url, proc = start_app(folder / "streamlit.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                timed("first screen", lambda: open_planner(page, url))
                plan_the_group(page)
                timed("page switch", lambda: go_to(page, "Portfolio"))
                go_to(page, "Planner")
                timed("save", lambda: save_to_workspace(page))
                go_to(page, "Tracker")
                timed("attest refused", lambda: attest(page))
                go_to(page, "Planner")
                set_as_of(page, *ATTEST_DAY)
                go_to(page, "Tracker")
                mark_done(page)
                timed("attest accepted", lambda: attest(page).filter(has_text="Attested"))
            finally:
                browser.close()
    finally:
        stop_app(proc)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run() for _ in range(args.runs)]
    print(f"{'step':<18} {'median':>9}  runs (ms)")
    for step in STEPS:
        each = [1000 * r[step] for r in runs]
        print(f"{step:<18} {median(each):7.0f} ms  " + ", ".join(f"{t:.0f}" for t in each))


if __name__ == "__main__":
    main()
