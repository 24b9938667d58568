"""The Portfolio and Tracker pages in a real browser: ``streamlit run app.py`` on a
workspace made for the test, driven by Debian's Chromium through Playwright.
Skipped where /usr/bin/chromium is absent, except in CI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, needs_chromium, running_app
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.workspace import Profile, add_practice, get_practice_year, open_workspace

pytestmark = pytest.mark.browser


@pytest.fixture
def workspace_url(tmp_path: Path) -> Iterator[str]:
    """The app on the test's workspace (IA_PLANNER_DB) holding Acme's 2026 plan."""
    needs_chromium()
    with open_workspace() as ws:
        add_practice(ws, ACME, Profile(tin="123456789"))
        plan_year(ws)
    with running_app(tmp_path / "streamlit.log") as url:
        yield url


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
