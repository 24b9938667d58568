"""The Portfolio and the Tracker of 30 practices fit a 1280 px window in Chromium:
no horizontal scroll of the page, no table column off screen, no metric cut."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, needs_chromium, running_app
from workspace_fixtures import YEAR, plan_year

from optimizer.workspace import Profile, add_practice, open_workspace

pytestmark = pytest.mark.browser
PRACTICES = [f"Practice {n:02} Family Medicine" for n in range(1, 31)]
OVERFLOW = """() => {
    const page = document.scrollingElement;
    const cut = [...document.querySelectorAll('[data-testid="stMetricValue"]')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText);
    const tables = [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
        .filter(e => e.offsetParent !== null)  // not the editors of a closed expander
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.scrollWidth - e.clientWidth);
    return {page: page.scrollWidth - page.clientWidth, cut, tables};
}"""
FITS = {"page": 0, "cut": [], "tables": []}


@pytest.fixture
def thirty_practices_url(tmp_path: Path) -> Iterator[str]:
    """The app on a workspace of 30 practices, each with its 2026 plan."""
    needs_chromium()
    with open_workspace() as ws:
        for name in PRACTICES:
            add_practice(ws, name, Profile(tin="123456789", clinicians=6))
            plan_year(ws, YEAR, name)
    env = {**os.environ, "IA_PLANNER_TODAY": f"{YEAR}-09-23"}
    with running_app(tmp_path / "streamlit.log", env) as url:
        yield url


def test_the_portfolio_and_the_tracker_fit_1280_px(thirty_practices_url: str) -> None:
    """At 1280 px, with 30 practices: the Portfolio, then a practice's Tracker."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(thirty_practices_url)
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
            page.wait_for_timeout(1000)  # the grid lays its columns out after it shows
            portfolio = page.evaluate(OVERFLOW)

            page.get_by_role("button", name="Open in the Tracker").click()
            expect(page.get_by_role("heading", name="Tracker")).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
            page.wait_for_timeout(1000)
            tracker = page.evaluate(OVERFLOW)
        finally:
            browser.close()

    assert (FITS, FITS) == (portfolio, tracker)
