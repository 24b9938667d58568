"""One practice's year in a real browser (issue 22): a group of 6 clinicians planned on
the Planner, the other pages and back with its inputs kept, saved to the workspace,
tracked, refused and then accepted for attestation, and its audit pack and calendar
downloaded. ``streamlit run app.py`` on an empty workspace of the test's own
(IA_PLANNER_DB, IA_PLANNER_DATA_DIR and IA_PLANNER_TODAY=2026-01-15 come from the
conftest fixtures), driven by Debian's Chromium through Playwright.

The steps are functions so that ``benchmarks/flow_timings.py`` times the same ones."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SCREENSHOTS,
    SMALL_PRACTICE,
    WAIT_MS,
    free_port,
    wait_until_healthy,
)

if TYPE_CHECKING:
    from playwright.sync_api import Download, Locator, Page

pytestmark = pytest.mark.browser

PRACTICE = "Maple Family Medicine"
WIDTH = 1280
PAGE_HEADINGS = {
    "Planner": "IA Planner",
    "Portfolio": "Portfolio",
    "Tracker": "Tracker",
    "Roadmap": "Roadmap",
    "Data": "CMS's lists",
}
ATTEST_DAY = ("2027", "01", "15")
"""The As-of date set for the attestation: inside PY2026's submission window."""
DONE_FROM, DONE_TO = "2026/01/15", "2026/04/14"
"""IA_BE_27's 90 continuous days, as the plan schedules them."""
SWITCH_TRIES, SWITCH_MS = 3, 10_000
CLINICIANS = "Dr Ada Lee, Dr Ben Ruiz, Dr Cy Wong"
"""3 of the 6: the group rule's half."""


def start_app(log: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """``streamlit run app.py`` on a free port with this process's environment."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", "--server.port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    wait_until_healthy(url, proc, log)
    return url, proc


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def flow_url(tmp_path: Path) -> Iterator[str]:
    """The app on an empty workspace of the test's own, always stopped."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed")
    url, proc = start_app(tmp_path / "streamlit.log")
    try:
        yield url
    finally:
        stop_app(proc)


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def effort(page: Page, hours: str) -> Locator:
    """The plan's 'Total effort' figure once it reads ``hours`` (a rerun may briefly
    show the old figure beside the new one)."""
    metric = page.get_by_test_id("stMetric").filter(has_text="Total effort")
    return metric.filter(has_text=hours).first


def open_planner(page: Page, url: str) -> None:
    """The first screen: the Planner with its plan."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_test_id("stTable").first).to_contain_text("IA_", timeout=WAIT_MS)


def plan_the_group(page: Page) -> None:
    """Group, 6 clinicians, small practice: one activity, 14 h."""
    from playwright.sync_api import expect

    bar = sidebar(page)
    bar.get_by_label("Reporting as").click()
    page.get_by_role("option", name="Group", exact=True).click()
    clinicians = bar.get_by_label("Clinicians in the practice", exact=True)
    clinicians.fill("6")
    clinicians.press("Enter")
    expect(page.get_by_text("3 of your 6 clinicians")).to_be_visible(timeout=WAIT_MS)
    page.get_by_text(SMALL_PRACTICE).click()
    expect(effort(page, "14 h")).to_be_visible(timeout=WAIT_MS)


def go_to(page: Page, name: str) -> None:
    """Switch page in the sidebar and wait for its heading."""
    from playwright.sync_api import expect

    link = sidebar(page).get_by_role("link", name=name, exact=True)
    heading = page.get_by_role("heading", name=PAGE_HEADINGS[name], exact=True)
    for _ in range(SWITCH_TRIES - 1):  # a click while the app reruns may go unheard
        link.click()
        try:
            expect(heading).to_be_visible(timeout=SWITCH_MS)
        except AssertionError:
            continue
        return
    link.click()
    expect(heading).to_be_visible(timeout=WAIT_MS)


def save_to_workspace(page: Page) -> None:
    """The Planner's 'Save to the workspace' as a new practice."""
    from playwright.sync_api import expect

    page.get_by_test_id("stExpander").filter(has_text="Save to the workspace").click()
    name = page.get_by_label("Practice name")
    name.fill(PRACTICE)
    name.press("Enter")
    saved = page.get_by_text(f"Saved {PRACTICE} with its 2026 plan")
    button = page.get_by_role("button", name="Save to the workspace")
    for _ in range(SWITCH_TRIES - 1):  # a click while the app reruns may go unheard
        button.click()
        try:
            expect(saved).to_be_visible(timeout=SWITCH_MS)
        except AssertionError:
            continue
        return
    button.click()
    expect(saved).to_be_visible(timeout=WAIT_MS)


def attest(page: Page) -> Locator:
    """Press 'Attest the activities done'; the message it gives (refused or done)."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Attest the activities done").click()
    message = page.get_by_test_id("stAlert").filter(has_text="attest")
    expect(message.first).to_be_visible(timeout=WAIT_MS)
    return message.first


def set_as_of(page: Page, year: str, month: str, day: str) -> None:
    """Type a day into the sidebar's As-of field (on the Planner or the Roadmap) and
    press Enter."""
    from playwright.sync_api import expect

    field = sidebar(page).get_by_label("As of", exact=True)
    field.fill(f"{year}-{month}-{day}")
    field.press("Enter")
    shown = page.get_by_text(f"Today ({year}-{month}-{day})")
    expect(shown.first).to_be_visible(timeout=WAIT_MS)


def type_date(page: Page, label: str, day: str) -> None:
    """Type ``day`` (yyyy/mm/dd) into a form's date field."""
    year, month, dom = day.split("/")
    page.get_by_role("spinbutton", name=f"year, {label}").click()
    page.keyboard.type(f"{year}{month}{dom}")


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the select box ``label``; opened again if a rerun of the page
    closed its list before the option showed (a busy machine's timing, not the app's)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        page.get_by_label(label).click()
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.click(timeout=SWITCH_MS)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the option {option!r} of {label!r} never showed")


def mark_done(page: Page) -> None:
    """IA_BE_27 done over its 90 days by 3 of the 6 clinicians, saved."""
    from playwright.sync_api import expect

    choose(page, "Status", "done")
    type_date(page, "Start", DONE_FROM)
    type_date(page, "End", DONE_TO)
    page.get_by_label("Clinicians taking part").fill(CLINICIANS)
    page.get_by_role("button", name="Save the activity").click()
    expect(page.get_by_text("Saved IA_BE_27.")).to_be_visible(timeout=WAIT_MS)


def download(page: Page, button: str) -> bytes:
    """The bytes a download button gives."""
    with page.expect_download(timeout=WAIT_MS) as caught:
        page.get_by_role("button", name=button).click()
    got: Download = caught.value
    path = got.path()
    return Path(path).read_bytes()


def screenshot(page: Page, folder: Path, name: str) -> None:
    page.get_by_test_id("stMain").evaluate("main => main.scrollTo(0, 0)")  # the page's top
    page.wait_for_timeout(500)  # let the charts and fonts settle for the picture
    page.screenshot(path=str(folder / f"flow-{name.lower()}-{WIDTH}.png"))


def test_a_group_plan_is_kept_saved_tracked_attested_and_downloaded(
    flow_url: str, tmp_path: Path
) -> None:
    """Issue 22: a 6-clinician small group planned, its inputs kept across the other
    pages, saved, refused attestation before its window with nothing done, marked done,
    attested on 2027-01-15, and its audit pack and calendar downloaded."""
    from playwright.sync_api import expect, sync_playwright

    folder = Path(os.environ.get(SCREENSHOTS) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": 1000})
            open_planner(page, flow_url)
            plan_the_group(page)
            screenshot(page, folder, "Planner")

            for name in ("Portfolio", "Roadmap", "Data", "Planner"):
                go_to(page, name)
            expect(effort(page, "14 h")).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_role("switch", name=SMALL_PRACTICE)).to_be_checked()
            bar = sidebar(page)
            expect(bar.get_by_label("Clinicians in the practice", exact=True)).to_have_value("6")
            expect(bar.get_by_role("combobox", name="Reporting as")).to_have_value("Group")
            expect(bar.get_by_text("Scratch practice: not saved")).to_be_visible()

            save_to_workspace(page)
            go_to(page, "Tracker")
            expect(page.get_by_text("Lowest-effort plan, planned on 2026-01-15")).to_be_visible(
                timeout=WAIT_MS
            )
            done = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Done", exact=True))
            expect(done).to_contain_text("0 of 1")
            refused = attest(page)
            expect(refused).to_contain_text("2026 cannot be attested")
            expect(refused).to_contain_text("window opens 2027-01-04")
            expect(refused).to_contain_text("no activity of 2026 is marked done")

            go_to(page, "Planner")
            set_as_of(page, *ATTEST_DAY)
            go_to(page, "Tracker")
            expect(page.get_by_role("combobox", name="Practice")).to_have_value(PRACTICE)
            mark_done(page)
            expect(done).to_contain_text("1 of 1", timeout=WAIT_MS)
            accepted = attest(page)
            expect(accepted).to_contain_text("Attested 1 activity for 2026: IA_BE_27.")
            screenshot(page, folder, "Tracker")

            pack = download(page, "Download the audit pack (zip)")
            calendar = download(page, "Download the dates as a calendar (.ics)")

            go_to(page, "Portfolio")
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
            screenshot(page, folder, "Portfolio")
            go_to(page, "Roadmap")
            expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=WAIT_MS)
            screenshot(page, folder, "Roadmap")
            go_to(page, "Data")
            screenshot(page, folder, "Data")
            expect(page.get_by_text("Session-state flag")).to_have_count(0)
        finally:
            browser.close()

    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        names = archive.namelist()
    assert [n for n in names if n.endswith(".xlsx")], names
    assert calendar.startswith(b"BEGIN:VCALENDAR")
    assert b"IA_BE_27" in calendar
