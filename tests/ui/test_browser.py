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
from contextlib import contextmanager
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


def needs_chromium() -> None:
    """Skip without Debian's Chromium, except in CI, where it must be there."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed")


@contextmanager
def running_app(log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """A headless ``streamlit run app.py`` on a free localhost port (its output in
    ``log``), always stopped; yields its URL once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", "--server.port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
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


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[str]:
    """The app on a free localhost port, always stopped."""
    needs_chromium()
    with running_app(tmp_path / "streamlit.log") as url:
        yield url


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


SCREENSHOTS = "IA_PLANNER_SCREENSHOTS"
"""A folder to save the planner's screenshots in (README's come from here:
IA_PLANNER_SCREENSHOTS=docs/screenshots); the test's own folder when unset."""
WIDER_THAN_WIDE = """els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(
    e => `${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}`)"""
DATE_LINES = """cells => cells
    .filter(c => /^\\d{4}\\u2011\\d{2}\\u2011\\d{2}$/.test(c.innerText.trim()))
    .map(c => { const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
                const tops = new Set(); const r = document.createRange();
                while (walk.nextNode()) { r.selectNodeContents(walk.currentNode);
                    for (const x of r.getClientRects()) tops.add(Math.round(x.top)); }
                return tops.size; })"""


@pytest.mark.parametrize("width", [1280, 1400])
def test_the_plan_and_its_editor_fit_the_screen(
    server_url: str, width: int, tmp_path: Path
) -> None:
    """Issue 14: at 1280 and 1400 px wide the plan table and the Activities editor need
    no horizontal scrolling, and every date in the plan sits on one line. Saves the
    screenshots README shows."""
    from playwright.sync_api import expect, sync_playwright

    folder = Path(os.environ.get(SCREENSHOTS) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": 1000})
            page.goto(server_url)
            plan_table = page.get_by_test_id("stTable").first
            expect(plan_table).to_contain_text("IA_BE_27", timeout=WAIT_MS)
            expect(page.get_by_text("What to do:").first).to_be_visible(timeout=WAIT_MS)
            page.wait_for_timeout(500)  # let the charts and fonts settle for the picture
            page.screenshot(path=str(folder / f"planner-{width}.png"))

            table_overflow = plan_table.locator("*").evaluate_all(WIDER_THAN_WIDE)
            date_lines = plan_table.locator("td").evaluate_all(DATE_LINES)

            page.get_by_test_id("stRadioOption").filter(has_text="Activities").click()
            editor = page.get_by_test_id("stDataFrame").first
            expect(editor).to_be_visible(timeout=WAIT_MS)
            page.wait_for_timeout(500)
            editor_overflow = editor.locator(".dvn-scroller").evaluate_all(
                "els => els.map(e => e.scrollWidth - e.clientWidth)"
            )
            page.screenshot(path=str(folder / f"planner-activities-{width}.png"))
        finally:
            browser.close()

    assert [] == table_overflow
    assert len(date_lines) >= 6  # start, end and start-by of the two planned activities
    assert {1} == set(date_lines)
    assert editor_overflow
    assert all(extra <= 1 for extra in editor_overflow), editor_overflow


def test_a_closed_sections_values_come_back_with_it(server_url: str) -> None:
    """The Activities search typed, another section opened and the Activities again: the
    search is still there (a section switch reruns only the plan's fragment, which must
    keep the values of the widgets it does not draw)."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server_url)
            expect(page.get_by_test_id("stTable").first).to_contain_text("IA_", timeout=WAIT_MS)
            sections = page.get_by_test_id("stRadioOption")
            sections.filter(has_text="Activities").click()
            search = page.get_by_label("Search ID or title")
            search.fill("IA_EPA")
            search.press("Enter")
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)

            sections.filter(has_text="Why these").click()
            expect(search).to_be_hidden(timeout=WAIT_MS)
            sections.filter(has_text="What if").click()
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
            sections.filter(has_text="Activities").click()

            expect(search).to_have_value("IA_EPA", timeout=WAIT_MS)
        finally:
            browser.close()
