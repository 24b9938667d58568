"""Text the user wrote, in a real browser: Streamlit's own Markdown renderer shows an
uploaded activity title as written, with no image fetched and no link made."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, server_url  # noqa: F401

from optimizer.ui.plain_text import WORD_JOINER

pytestmark = pytest.mark.browser

EVIL = (
    "![x](http://evil.example/x.png) [link](http://evil.example) **b** _u_ ~~s~~ `c` $x$ "
    "<b>h</b> &lt; www.evil.example https://evil.example/p a@evil.example :smile: "
    ":red[x] :material/home: 12:30"
)


def test_an_uploaded_title_shows_as_written(server_url: str, tmp_path: Path) -> None:  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    inventory = tmp_path / "mine.csv"
    inventory.write_text(
        "Activity ID,Activity Title,Subcategory Name,Effort\n"
        f'IA_EPA_1,"{EVIL}",Expanded Practice Access,1\n'
        "IA_BE_4,Engagement through patient portal,Beneficiary Engagement,40\n"
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            asked: list[str] = []
            page.on("request", lambda request: asked.append(request.url))
            page.goto(server_url)
            plan_table = page.get_by_test_id("stTable").first
            expect(plan_table).to_contain_text("IA_BE_27", timeout=WAIT_MS)
            page.get_by_text("Open a saved workbook, or your own inventory").click()
            page.locator("input[type=file]").nth(1).set_input_files(str(inventory))
            expect(plan_table).to_contain_text("IA_EPA_1", timeout=WAIT_MS)

            cell = plan_table.locator("td", has_text="evil.example").first
            shown = cell.inner_text().replace(WORD_JOINER, "").strip()
            main = page.get_by_test_id("stMain")
            made = (main.locator("img").count(), main.locator("a[href*=evil]").count())
        finally:
            browser.close()

    assert EVIL == shown
    assert (0, 0) == made
    assert [] == [url for url in asked if "evil" in url]
