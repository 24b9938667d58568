"""The Portfolio and Tracker pages in a real browser: ``streamlit run app.py`` on a
workspace made for the test, driven by Debian's Chromium through Playwright.
Skipped where /usr/bin/chromium is absent, except in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    WAIT_MS,
    free_port,
    wait_until_healthy,
)
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.workspace import Profile, add_practice, get_practice_year, open_workspace

pytestmark = pytest.mark.browser


@pytest.fixture
def workspace_url(tmp_path: Path) -> Iterator[str]:
    """The app on the test's workspace (IA_PLANNER_DB) holding Acme's 2026 plan."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed")
    with open_workspace() as ws:
        add_practice(ws, ACME, Profile(tin="123456789"))
        plan_year(ws)
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


def test_portfolio_opens_first_and_lists_the_practice(workspace_url: str) -> None:
    """With a practice kept, the app opens on the Portfolio, which counts it."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(workspace_url)

            expect(page.get_by_role("heading", name="Portfolio")).to_be_visible(timeout=WAIT_MS)
            practices = page.get_by_test_id("stMetric").filter(has_text="Practices")
            expect(practices).to_contain_text("1", timeout=WAIT_MS)
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
        finally:
            browser.close()


def test_tracker_saves_an_activity_owner(workspace_url: str) -> None:
    """On the Tracker page, an owner typed and saved is kept in the workspace."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{workspace_url}/tracker")
            owner = page.get_by_label("Owner")
            expect(owner).to_be_visible(timeout=WAIT_MS)

            owner.fill("Dr Lee")
            page.get_by_role("button", name="Save the activity").click()

            expect(page.get_by_text("Saved IA_BE_27.")).to_be_visible(timeout=WAIT_MS)
        finally:
            browser.close()
    with open_workspace() as ws:
        saved = get_practice_year(ws, ACME, YEAR).progress_of("IA_BE_27")
    assert saved is not None
    assert "Dr Lee" == saved.owner
