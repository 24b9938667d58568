"""The Planner's address and its As-of field in a real browser: ``/planner`` typed in
the address bar opens the Planner (not "Page not found", even with practices kept,
where "/" opens the Portfolio), and a typed As-of day takes effect on Enter and on a
click on the page made right after typing. Skipped where /usr/bin/chromium is
absent, except in CI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, needs_chromium, running_app
from workspace_fixtures import ACME

from optimizer.workspace import Profile, add_practice, open_workspace

pytestmark = pytest.mark.browser
CLICK_MS = 100
"""How long a person holds the mouse button in a click."""


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    """The app on the test's workspace, holding one practice (so "/" is the Portfolio)."""
    needs_chromium()
    with open_workspace() as ws:
        add_practice(ws, ACME, Profile(clinicians=6))
    with running_app(tmp_path / "streamlit.log") as url:
        yield url


def test_planner_address_and_a_typed_day(app_url: str) -> None:
    """/planner is the Planner; 2027-01-15 + Enter is the plan's day; 11/20/2026 typed
    and a section clicked at once opens the section on 2026-11-20; 2026-12-01 typed and
    the Roadmap clicked at once opens the Roadmap on 2026-12-01."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"{app_url}/planner")
            expect(page.get_by_role("heading", name="IA Planner")).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_test_id("stTable").first).to_contain_text("IA_", timeout=WAIT_MS)
            expect(page.get_by_text("Page not found")).to_have_count(0)

            bar = page.get_by_test_id("stSidebar")
            field = bar.get_by_label("As of", exact=True)
            field.fill("2027-01-15")
            field.press("Enter")
            expect(page.get_by_text("Today (2027-01-15)").first).to_be_visible(timeout=WAIT_MS)

            field.fill("11/20/2026")  # and at once a click on the page: both count
            page.get_by_test_id("stRadio").get_by_text("Schedule", exact=True).click()
            expect(page.get_by_role("radio", name="Schedule")).to_be_checked(timeout=WAIT_MS)
            expect(field).to_have_value("2026-11-20", timeout=WAIT_MS)

            field.fill("2026-12-01")  # and at once a page's link, clicked as a hand does
            # A person's click holds the button some 100 ms; a click of 0 ms right after
            # the field is left can reach the link before Streamlit redraws it, and is lost.
            bar.get_by_role("link", name="Roadmap", exact=True).click(delay=CLICK_MS)
            expect(page.get_by_role("heading", name="Roadmap")).to_be_visible(timeout=WAIT_MS)
            expect(bar.get_by_label("As of", exact=True)).to_have_value("2026-12-01")
        finally:
            browser.close()
