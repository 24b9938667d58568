"""How fast the planner page answers, as a ratio to a bare Streamlit page measured in
the same run (Debian's Chromium driven by Playwright).

    python benchmarks/app_speed.py [--runs 10] [--chromium /usr/bin/chromium]

For the app (``streamlit run app.py``) and for ``benchmarks/bare_page.py``, each
``--runs`` times, in a new Chromium (an empty cache, as on a first visit):
* first screen: from ``streamlit run`` to the first frame painted with a metric on it
  (Chromium is started before the clock, so its own start-up is not counted; the frame
  is timed inside the page, so Playwright's polling is not counted either);
* whole page: from ``streamlit run`` to the last frame in which an element appeared
  or finished loading its code (the bare page is whole with its first screen);
* re-plan: from the click on the small-practice toggle to the first frame painted
  with the changed metrics, both timed inside the page (a click listener and a
  MutationObserver), so Playwright's own round trips are not counted; each click
  waits until the page has finished the run before (both directions, after the
  first solve of each, so the app's plan cache can serve them).
Prints the medians, and the app's times as ratios to the bare page's.
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
BARE_PAGE = ROOT / "benchmarks" / "bare_page.py"
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
FIRST_VISIT = """
window.__firstScreen = null;
window.__wholePage = null;
let shape = '';
const epoch = () => performance.timeOrigin + performance.now();
const observer = new MutationObserver(() => {
  if (window.__firstScreen === null && document.querySelector('[data-testid="stMetricValue"]')) {
    window.__firstScreen = 0;
    requestAnimationFrame(() => { window.__firstScreen = epoch(); });
  }
  const now = [document.querySelectorAll('[data-testid="stElementContainer"]').length,
               document.querySelectorAll('[data-testid="stSkeleton"]').length].join('|');
  if (now !== shape) {
    shape = now;
    requestAnimationFrame(() => { window.__wholePage = epoch(); });
  }
});
document.addEventListener('DOMContentLoaded', () => {
  observer.observe(document, {subtree: true, childList: true});
});
"""
"""Installed before the page loads: the epoch (ms) of the first frame painted with a
metric, and of the last frame in which an element appeared or its skeleton (shown while
the element's code loads) went away."""
SETTLE_MS = 1500
"""The whole page is read once no element has appeared or loaded for this long."""
SETTLED = f"""() => window.__wholePage
  && performance.timeOrigin + performance.now() - window.__wholePage >= {SETTLE_MS}"""
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


def visit(page: Page, start: float) -> tuple[float, float]:
    """Seconds from ``start`` (epoch) to the first screen and to the whole page."""
    expect(page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=WAIT_MS)
    page.wait_for_function("window.__firstScreen > 0", timeout=WAIT_MS)
    page.wait_for_function(IDLE, timeout=WAIT_MS)
    page.wait_for_function(SETTLED, timeout=WAIT_MS)
    first_ms, whole_ms = page.evaluate("[window.__firstScreen, window.__wholePage]")
    return first_ms / 1000 - start, whole_ms / 1000 - start


FIGURES = ("first screen", "whole page", "re-plan", "reload: first screen", "reload: whole page")
"""What one run measures (seconds): a first visit in a new browser, re-plans after
toggles, and a reload of the page in the same browser (a new session, with the
browser's cache warm)."""


def one_run(script: Path, chromium: str, toggles: int) -> dict[str, list[float]]:
    """Start the page and time a first visit, ``toggles`` re-plans and a reload."""
    port = free_port()
    url = f"http://localhost:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(script)]
    command += ["--server.headless", "true", "--server.port", str(port)]
    env = {**os.environ, "IA_PLANNER_TODAY": TODAY}
    with sync_playwright() as pw, tempfile.TemporaryFile() as log:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(FIRST_VISIT)  # on every load of the page, the reload too
        start = time.time()  # epoch, as the page's performance.timeOrigin
        # The app runs from its own checkout (its .streamlit/config.toml, its package).
        cwd = ROOT if script == BARE_PAGE else script.parent
        proc = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_healthy(url, proc)
            page.goto(url)
            first, whole = visit(page, start)
            replans = [toggle(page) for _ in range(toggles)]
            start = time.time()
            page.reload()
            reload_first, reload_whole = visit(page, start)
        finally:
            proc.terminate()
            proc.wait(timeout=15)
            browser.close()
    return {
        "first screen": [first],
        "whole page": [whole],
        "re-plan": replans[2:],  # the first two solve; the rest are what a user repeats
        "reload: first screen": [reload_first],
        "reload: whole page": [reload_whole],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--toggles", type=int, default=6)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument(
        "--app",
        type=Path,
        default=ROOT / "app.py",
        help="the app to time (another checkout's app.py, to compare two versions)",
    )
    args = parser.parse_args()

    pages = {"bare page": BARE_PAGE, "app": args.app.resolve()}
    times: dict[str, dict[str, list[float]]] = {n: {f: [] for f in FIGURES} for n in pages}
    for _ in range(args.runs):
        for name, script in pages.items():  # interleaved, so both see the same machine
            for figure, values in one_run(script, args.chromium, args.toggles).items():
                times[name][figure] += values

    print(f"median of {args.runs} runs, in seconds")
    print(f"{'':<22} {'bare page':>10} {'app':>10} {'app / bare':>11}")
    for figure in FIGURES:
        bare, app = (statistics.median(times[name][figure]) for name in pages)
        print(f"{figure:<22} {bare:>10.3f} {app:>10.3f} {app / bare:>10.2f}x")


if __name__ == "__main__":
    main()
