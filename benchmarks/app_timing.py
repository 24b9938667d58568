"""How fast the app answers in a real browser (Debian's Chromium via Playwright).

    python benchmarks/app_timing.py [--toggles 10] [--chromium /usr/bin/chromium]

Prints two figures:
* start: from launching ``streamlit run app.py`` to the first plan table on the page
  (Chromium is started before the clock, so its own start-up is not counted);
* re-plan: from clicking the small-practice toggle to the plan table changing,
  median (and min/max) of ``--toggles`` clicks. The first click of each direction
  solves; later ones hit the app's plan cache, so the first two are also shown.
"""

from __future__ import annotations

import argparse
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
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SMALL_PRACTICE = "Small practice (15 or fewer clinicians)"
WAIT_MS = 120_000


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
            time.sleep(0.05)
    raise SystemExit("streamlit did not answer within 120 s")


def toggle_and_wait(page: Page) -> float:
    """Click small practice; seconds until the plan table shows a different plan."""
    table = page.get_by_test_id("stTable")
    before = table.inner_text()
    start = time.perf_counter()
    page.get_by_text(SMALL_PRACTICE).click()
    expect(table).not_to_have_text(before, timeout=WAIT_MS)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toggles", type=int, default=10)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()

    port = free_port()
    url = f"http://localhost:{port}"
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", "--server.port", str(port)]
    with sync_playwright() as pw, tempfile.TemporaryFile() as log:
        browser = pw.chromium.launch(
            executable_path=args.chromium, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page()
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(url, proc)
            ready = time.perf_counter() - start
            page.goto(url)
            expect(page.get_by_test_id("stTable")).to_contain_text("IA_", timeout=WAIT_MS)
            first_plan = time.perf_counter() - start
            times = [toggle_and_wait(page) for _ in range(args.toggles)]
        finally:
            proc.terminate()
            proc.wait(timeout=15)
            browser.close()

    print(f"command: {' '.join(command[1:])}")
    print(f"server answering /_stcore/health: {ready:.2f} s")
    print(f"streamlit run -> first rendered plan: {first_plan:.2f} s")
    print(
        f"re-plan after a toggle, median of {len(times)}: {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}; first on/off, solved: "
        f"{times[0]:.3f} / {times[1]:.3f} s)"
    )


if __name__ == "__main__":
    main()
