"""The app in a real browser: ``streamlit run app.py`` driven by Debian's Chromium
through Playwright. Skipped where /usr/bin/chromium is absent, except in CI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous: a cold CI machine imports pandas, Streamlit and PuLP before it answers.
READY_WITHIN_S = 90
WAIT_MS = 60_000
SMALL_PRACTICE = "Small practice (15 or fewer clinicians)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_WITHIN_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"streamlit did not answer within {READY_WITHIN_S} s:\n{log.read_text()}")


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[str]:
    """A headless ``streamlit run app.py`` on a free localhost port, always stopped."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed")
    port = free_port()
    log = tmp_path / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", "--server.port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://localhost:{port}"
        wait_until_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_plan_appears_and_follows_a_status_toggle(server_url: str) -> None:
    """The page shows the default plan; turning on small practice replaces it."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            page.goto(server_url)
            plan_table = page.get_by_test_id("stTable")
            expect(plan_table).to_contain_text("IA_BE_27", timeout=WAIT_MS)

            page.get_by_text(SMALL_PRACTICE).click()

            expect(plan_table).not_to_contain_text("IA_BE_27", timeout=WAIT_MS)
            expect(plan_table).to_contain_text("IA_PSPA_23", timeout=WAIT_MS)
        finally:
            browser.close()


def test_roadmap_page_draws_the_grid_and_follows_a_status_toggle(server_url: str) -> None:
    """The Roadmap page shows its year-by-activity chart; small practice lowers its effort."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            page.goto(f"{server_url}/roadmap")
            total = page.get_by_test_id("stMetric").filter(has_text="Total effort")
            expect(total).to_contain_text(" h", timeout=WAIT_MS)
            expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=WAIT_MS)
            before = total.inner_text()

            page.get_by_text(SMALL_PRACTICE).click()

            expect(total).not_to_have_text(before, timeout=WAIT_MS)
        finally:
            browser.close()
