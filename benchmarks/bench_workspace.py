"""How fast the workspace answers with a consultant's portfolio of practices.

    python benchmarks/bench_workspace.py [--practices 200] [--saves 200] [--db URL] [--browser]

Fills a new workspace (a temporary SQLite file, or the empty database ``--db``
names) with ``--practices`` practices, each with a 2026 plan, one activity running
and a note of evidence, then prints:

* portfolio data: ``portfolio()`` for every practice (the Portfolio page's query);
* Portfolio page: the app opened on the Portfolio and rendered, headless
  (``AppTest``: the page's own work, no browser);
* with ``--browser``: ``streamlit run app.py`` in Debian's Chromium: loading the app's
  address until the portfolio is drawn (Streamlit's front end loads each time), and
  switching to the Portfolio from the sidebar of an open app;
* save a progress change: ``mark_progress`` of one activity's owner, as the
  Tracker's Save does (one transaction, version checked).

Targets: the Portfolio under 1 s, a save under 100 ms (medians). The exit code is 1
if a median misses its target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.workspace import (
    ENV_VAR,
    PlanRequest,
    Profile,
    ProgressChange,
    ProgressStatus,
    Workspace,
    add_evidence,
    add_practice,
    mark_progress,
    open_workspace,
    plan_practice_year,
    portfolio,
)

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026
TODAY = date(2026, 9, 25)
PORTFOLIO_TARGET_S, SAVE_TARGET_S = 1.0, 0.100


def fill(ws: Workspace, practices: int) -> float:
    """Keep ``practices`` practices with a plan, a running activity and a note each."""
    start = time.perf_counter()
    for n in range(practices):
        name = f"Practice {n:03d}"
        add_practice(ws, name, Profile(tin=f"{100000000 + n}", clinicians=1 + n % 30))
        _, kept = plan_practice_year(ws, name, PlanRequest(year=YEAR, as_of=date(YEAR, 1, 5)))
        first = kept.progress[0].activity_id
        running = ProgressChange(status=ProgressStatus.RUNNING, start=date(YEAR, 3, 1))
        mark_progress(ws, name, YEAR, first, running)
        add_evidence(ws, name, YEAR, first, "kick-off meeting minutes")
    return time.perf_counter() - start


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms ({len(times)} runs)"
    )


def page_times(repeats: int) -> list[float]:
    """The app opened and rendered headless, on the Portfolio (IA_PLANNER_DB is set)."""
    from streamlit.testing.v1 import AppTest

    def render() -> None:
        at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
        if at.exception or at.title[0].value != "Portfolio":
            raise SystemExit(f"the Portfolio did not render: {at.exception}")

    render()  # the first run imports the app's modules
    return timed(render, repeats)


def browser_times(repeats: int) -> tuple[list[float], list[float]]:
    """In Chromium: loading the app's address until the portfolio is drawn (the
    browser loads Streamlit's front end each time), and switching to the Portfolio
    from the Tracker in the sidebar of an open app."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from app_speed import CHROMIUM_ARGS, free_port, wait_healthy
    from playwright.sync_api import Page, expect, sync_playwright

    def drawn(page: Page, count: str) -> None:
        expect(page.get_by_role("heading", name="Tracker")).to_have_count(0, timeout=120_000)
        metric = page.get_by_test_id("stMetric").filter(has_text="Practices")
        expect(metric).to_contain_text(count, timeout=120_000)
        expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=120_000)

    port = free_port()
    url = f"http://localhost:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", "--server.port", str(port)]
    loads, switches = [], []
    with sync_playwright() as pw, tempfile.TemporaryFile() as log:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(url, proc)
            count = os.environ["BENCH_PRACTICES"]
            for run in range(repeats + 1):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(url)
                drawn(page, count)
                if run:  # the first load warms the server
                    loads.append(time.perf_counter() - start)
                page.close()
            page = browser.new_page()
            page.goto(f"{url}/tracker")
            nav = page.get_by_test_id("stSidebarNav")
            for run in range(repeats + 1):
                nav.get_by_text("Tracker").click()
                expect(page.get_by_role("heading", name="Tracker")).to_be_visible(timeout=120_000)
                start = time.perf_counter()
                nav.get_by_text("Portfolio").click()
                drawn(page, count)
                if run:
                    switches.append(time.perf_counter() - start)
        finally:
            proc.terminate()
            proc.wait(timeout=15)
            browser.close()
    return loads, switches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=200)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    parser.add_argument("--browser", action="store_true", help="also time Chromium")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    url = args.db or f"sqlite:///{folder.name}/workspace.db"
    os.environ[ENV_VAR] = url  # the app opens the same workspace
    with open_workspace(url) as ws:
        print(f"database: {ws.name}")
        filled = fill(ws, args.practices)
        what = "a plan, a running activity and a note each"
        print(f"filled {args.practices} practices ({what}): {filled:.1f} s")

        rows = portfolio(ws, TODAY)
        assert len(rows) == args.practices
        data = timed(lambda: portfolio(ws, TODAY), args.repeats)
        print(f"portfolio data, {len(rows)} rows: {summary(data)}")

        page = page_times(max(5, args.repeats // 4))
        print(f"Portfolio page rendered (AppTest): {summary(page)}")
        if args.browser:
            os.environ["BENCH_PRACTICES"] = str(args.practices)
            loads, switches = browser_times(5)
            print(f"Chromium, the app's address loaded to the portfolio drawn: {summary(loads)}")
            print(f"Chromium, Tracker -> Portfolio in the sidebar, drawn: {summary(switches)}")

        owners = iter(range(args.saves))
        target = rows[0].practice

        def save() -> None:
            change = ProgressChange(owner=f"Owner {next(owners)}")
            mark_progress(ws, target, YEAR, "IA_BE_27", change)

        saves = timed(save, args.saves)
        print(f"save a progress change: {summary(saves)}")
    folder.cleanup()

    missed = []
    if statistics.median(page) > PORTFOLIO_TARGET_S:
        missed.append("Portfolio page over 1 s")
    if statistics.median(saves) > SAVE_TARGET_S:
        missed.append("save over 100 ms")
    print("targets: Portfolio < 1 s, save < 100 ms: " + ("; ".join(missed) or "met"))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
