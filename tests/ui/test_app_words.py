"""The app's pages speak the app's words: no command-line option ("--year") and no
command ("mips-ia ...") in any element, whatever state a page is in."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.workspace import Profile, add_practice, open_workspace

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
CLI_WORDS = re.compile(r"(?<![\w-])--[a-z]|mips-ia")
"""An option (--year, --as-of) or the command's name."""


def cli_words(at: AppTest) -> list[str]:
    """Every element's text (its proto: values, labels, help) that names CLI words."""
    found = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        text = "" if proto is None else str(proto)
        found += [m.group() + " in " + text[:200] for m in CLI_WORDS.finditer(text)]
    return found


def portfolio_page_app() -> None:
    from optimizer.ui.pages.portfolio import portfolio_page

    portfolio_page()


def tracker_page_app() -> None:
    from optimizer.ui.pages.tracker import tracker_page

    tracker_page()


def roadmap_page_app() -> None:
    from optimizer.ui.pages.roadmap import roadmap_page

    roadmap_page()


def run(page: Callable[[], None]) -> AppTest:
    return AppTest.from_function(page, default_timeout=60).run()


def planner() -> AppTest:
    return AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()


def group_of_six(at: AppTest) -> AppTest:
    at.selectbox(key="reporting").set_value("group")
    return at.number_input(key="clinicians").set_value(6).run()


PLANNER_STATES: dict[str, Callable[[AppTest], AppTest]] = {
    "opened": lambda at: at,
    "group of six": group_of_six,
    "all paired, no measures": lambda at: at.radio(key="pairing").set_value("All paired").run(),
}


@pytest.mark.parametrize("state", list(PLANNER_STATES), ids=list(PLANNER_STATES))
def test_the_planner_shows_no_cli_words(state: str) -> None:
    """The Planner, opened and after changes, names no option or command."""
    at = PLANNER_STATES[state](planner())

    assert [] == [e.value for e in at.exception]
    assert [] == cli_words(at)


def test_the_planner_after_the_last_start_shows_no_cli_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the year's last start, the fixes (plan the next year...) are the app's words."""
    monkeypatch.setenv("IA_PLANNER_TODAY", f"{YEAR}-12-01")

    at = planner()

    assert [] == [e.value for e in at.exception]
    assert [] == cli_words(at)


def test_the_roadmap_shows_no_cli_words() -> None:
    """The Roadmap names no option or command."""
    at = run(roadmap_page_app)

    assert [] == [e.value for e in at.exception]
    assert [] == cli_words(at)


@pytest.mark.parametrize(
    "page", [portfolio_page_app, tracker_page_app], ids=["portfolio", "tracker"]
)
def test_an_empty_workspace_says_how_to_add_a_practice_in_the_app(
    page: Callable[[], None],
) -> None:
    """With no practice, the Portfolio and the Tracker point to 'Add a practice'."""
    at = run(page)

    assert [] == cli_words(at)
    assert any("Add a practice" in i.value for i in at.info)


def test_attesting_with_nothing_done_says_what_to_do_in_the_app() -> None:
    """Attest with no activity done: the refusal names the Tracker's fields, not a command."""
    ws = open_workspace()
    add_practice(ws, ACME, Profile(clinicians=6))
    plan_year(ws)
    at = run(tracker_page_app)

    at = at.button(key="attest").click().run()

    assert [] == cli_words(at)
    assert at.error, "the attestation should be refused"


def test_an_unplanned_practice_shows_no_cli_words() -> None:
    """A practice with no plan: the Tracker offers to plan it, in the app's words."""
    add_practice(open_workspace(), "Beta")

    at = run(tracker_page_app)

    assert [] == cli_words(at)
