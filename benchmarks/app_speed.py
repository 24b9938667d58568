"""How fast the planner page answers, as a ratio to a bare Streamlit page measured in
the same run (Debian's Chromium driven by Playwright).

    python benchmarks/app_speed.py [--runs 10] [--chromium /usr/bin/chromium]

For the app (``app.py``) and for ``benchmarks/bare_page.py``, each ``--runs`` times:
* first screen: from ``streamlit run`` to the first metric on the page (Chromium is
  started before the clock, so its own start-up is not counted);
* re-plan: from the click on the small-practice toggle to the first frame painted
  with the changed metrics, both timed inside the page (a click listener and a
  MutationObserver), so Playwright's own round trips are not counted; each click
  waits until the page has finished the run before (both directions, after the
  first solve of each, so the app's plan cache can serve them).
Prints the medians, and the app's time as a ratio to the bare page's.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"bare page": ROOT / "benchmarks" / "bare_page.py", "app": ROOT / "app.py"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOGGLE = "Small practice"
WAIT_MS = 120_000
TODAY = "2026-01-15"
"""The app's clock for the run (IA_PLANNER_TODAY): a day when PY2026 can be planned."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.02)
    raise SystemExit("streamlit did not answer within 120 s")


WATCH = """() => {
  const read = () => Array.from(document.querySelectorAll('[data-testid="stMetricValue"]'))
    .map((e) => e.innerText).join('|');
  const before = read();
  window.__replan = null;
  let clicked = null;
  document.addEventListener('click', () => { clicked = performance.now(); },
    {capture: true, once: true});
  const observer = new MutationObserver(() => {
    if (clicked === null || read() === before) return;
    observer.disconnect();
    // The next frame is the first one painted with the new metrics.
    requestAnimationFrame(() => { window.__replan = performance.now() - clicked; });
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')"""
"""True once no script run is under way (Streamlit shows its status widget meanwhile)."""


def toggle(page: Page) -> float:
    """Click the small-practice toggle once the page is idle; seconds from the click
    to the first frame painted with the changed metrics."""
    page.wait_for_function(IDLE, timeout=WAIT_MS)
    page.wait_for_timeout(300)  # let the last run's elements settle
    page.evaluate(WATCH)
    page.get_by_text(TOGGLE, exact=False).first.click()
    handle = page.wait_for_function("window.__replan", timeout=WAIT_MS)
    return float(handle.json_value()) / 1000


def one_run(script: Path, chromium: str, toggles: int) -> tuple[float, list[float]]:
    """Start the page, time its first metric, then time ``toggles`` re-plans."""
    port = free_port()
    url = f"http://localhost:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.headless", "true", "--server.port", str(port)]
    env = {**os.environ, "IA_PLANNER_TODAY": TODAY}
    with sync_playwright() as pw, tempfile.TemporaryFile() as log:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_healthy(url, proc)
            page.goto(url)
            expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=WAIT_MS)
            first = time.perf_counter() - start
            replans = [toggle(page) for _ in range(toggles)]
        finally:
            proc.terminate()
            proc.wait(timeout=15)
            browser.close()
    return first, replans[2:]  # the first two solve; the rest are what a user repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--toggles", type=int, default=6)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    firsts: dict[str, list[float]] = {name: [] for name in PAGES}
    replans: dict[str, list[float]] = {name: [] for name in PAGES}
    for _ in range(args.runs):
        for name, script in PAGES.items():  # interleaved, so both see the same machine
            first, times = one_run(script, args.chromium, args.toggles)
            firsts[name].append(first)
            replans[name] += times

    print(f"{'page':<10} {'first screen (s)':>18} {'re-plan (s)':>12}   median of {args.runs} runs")
    for name in PAGES:
        first, replan = statistics.median(firsts[name]), statistics.median(replans[name])
        print(f"{name:<10} {first:>18.3f} {replan:>12.3f}")
    bare, app = "bare page", "app"
    first_ratio = statistics.median(firsts[app]) / statistics.median(firsts[bare])
    replan_ratio = statistics.median(replans[app]) / statistics.median(replans[bare])
    print(f"app / bare page: first screen {first_ratio:.2f}x, re-plan {replan_ratio:.2f}x")


if __name__ == "__main__":
    main()
