"""One practice in the session: the pages share its inputs and the As-of date, moving
between pages loses none, and every page has its own address (AppTest on the app's
navigation script, on a workspace of the test's own)."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, YEAR, plan_year

from conftest import TODAY
from optimizer.model import Reporting
from optimizer.planning.roadmap.years import first_open_year
from optimizer.ui.pages import NAVIGATION_SCRIPT, PORTFOLIO_URL
from optimizer.ui.pages.tracker import TRACKER_KEY
from optimizer.workspace import Profile, add_practice, open_workspace

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)
SMALL = "status_small-practice"


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def group_of_six(at: AppTest) -> AppTest:
    """The issue's practice: a group of 6 clinicians with the small-practice status."""
    at.selectbox(key="reporting").set_value(Reporting.GROUP).run()
    at.number_input(key="clinicians").set_value(6).run()
    return at.toggle(key=SMALL).set_value(True).run()


def effort(at: AppTest) -> str:
    return next(m.value for m in at.metric if "effort" in m.label.lower())


def caption_text(at: AppTest) -> str:
    return " ".join(str(c.value) for c in at.sidebar.caption)


def test_the_planner_keeps_its_inputs_after_another_page() -> None:
    """Group, 6 clinicians, small practice -> Portfolio -> Planner: all three kept, and
    the plan with them."""
    at = group_of_six(start())
    before = effort(at)
    at.switch_page("scripts/portfolio.py").run()
    assert ["Portfolio"] == [t.value for t in at.title]

    at.switch_page("scripts/planner.py").run()

    assert (Reporting.GROUP, 6, True) == (
        at.selectbox(key="reporting").value,
        at.number_input(key="clinicians").value,
        at.toggle(key=SMALL).value,
    )
    assert before == effort(at)


def test_the_roadmap_takes_the_planners_inputs_and_as_of_date() -> None:
    """The Roadmap shows the Planner's practice and starts from its As-of date (a day
    after PY2026's last start: the first open year is the next one)."""
    as_of = date(TODAY.year, 11, 2)
    assert first_open_year(as_of) != first_open_year(TODAY)
    at = group_of_six(start())
    at.text_input(key="as_of_text").set_value(as_of.isoformat()).run()

    at.switch_page("scripts/roadmap.py").run()

    assert (Reporting.GROUP, 6, True, as_of.isoformat()) == (
        at.selectbox(key="reporting").value,
        at.number_input(key="clinicians").value,
        at.toggle(key=SMALL).value,
        at.text_input(key="as_of_text").value,
    )
    assert first_open_year(as_of) == at.selectbox(key="roadmap_first").value


def test_the_roadmap_inputs_come_back_on_the_planner() -> None:
    """A change made on the Roadmap is the Planner's too."""
    at = start().switch_page("scripts/roadmap.py").run()
    at.number_input(key="clinicians").set_value(4).run()

    at.switch_page("scripts/planner.py").run()

    assert 4 == at.number_input(key="clinicians").value


def test_the_page_says_the_practice_is_not_saved() -> None:
    """A scratch practice says so on the Planner and the Roadmap."""
    at = group_of_six(start())
    assert "not saved" in caption_text(at)

    at.switch_page("scripts/roadmap.py").run()

    assert "not saved" in caption_text(at)


def test_a_practice_opened_from_the_portfolio_is_the_sessions() -> None:
    """A saved practice opened in the Tracker is the Planner's too (its clinicians and
    reporting), said saved until an input changes."""
    ws = open_workspace()
    add_practice(ws, "Acme", Profile(clinicians=6))
    add_practice(ws, "Beta", Profile(clinicians=2, reporting=Reporting.GROUP))
    at = start()
    at.selectbox(key="portfolio_open").set_value("Beta")
    at = at.button(key="open_tracker").click().run()
    assert "Beta" == at.selectbox(key=TRACKER_KEY).value

    at.switch_page("scripts/planner.py").run()

    assert (Reporting.GROUP, 2) == (
        at.selectbox(key="reporting").value,
        at.number_input(key="clinicians").value,
    )
    assert "Beta: saved in the workspace." in caption_text(at)
    at.number_input(key="clinicians").set_value(3).run()
    assert "Beta: changes not saved in the workspace." in caption_text(at)


def test_a_practice_added_shows_on_the_portfolio_at_once() -> None:
    """The first practice added is listed at once, without a reload."""
    at = start().switch_page("scripts/portfolio.py").run()
    at.text_input(key="new_practice_name").set_value("Charlie Care")
    at = next(b for b in at.button if b.label == "Add the practice").click().run()

    assert ["Charlie Care"] == at.dataframe[0].value["Practice"].tolist()
    assert "Added Charlie Care" in " ".join(s.value for s in at.success)
    assert not [i.value for i in at.info if "No practices yet" in i.value]


def test_every_page_has_its_own_address_with_practices_kept() -> None:
    """With practices kept the app opens on the Portfolio, and /portfolio is still the
    Portfolio's address (the default page's is "/" only: it must not be the Portfolio)."""
    add_practice(open_workspace(), "Acme")

    at = start()
    # The registry a browser's address is looked up in (url_pathname -> page).
    addresses = [info.get("url_pathname") for info in at._registered_pages.values()]

    assert ["Portfolio"] == [t.value for t in at.title]
    assert PORTFOLIO_URL in addresses
    at = AppTest.from_file(APP, default_timeout=60).switch_page("scripts/portfolio.py").run()
    assert ["Portfolio"] == [t.value for t in at.title]


def test_the_workspace_pages_count_from_the_planners_as_of_date() -> None:
    """The As-of date set on the Planner is the Portfolio's and the Tracker's day: ten
    days before PY2026's last start, Acme's two activities not begun are at risk."""
    ws = open_workspace()
    add_practice(ws, ACME, Profile(clinicians=6))
    plan_year(ws)
    at = start().switch_page("scripts/planner.py").run()
    at.text_input(key="as_of_text").set_value(f"{YEAR}-09-23").run()

    at.switch_page("scripts/portfolio.py").run()

    assert [f"2 activities at risk of missing their last start, in 1 practice: {ACME}"] == [
        w.value for w in at.warning
    ]


def test_another_practice_picked_in_the_tracker_is_the_sessions() -> None:
    """Picking another practice in the Tracker's box makes it the Planner's too."""
    ws = open_workspace()
    add_practice(ws, ACME, Profile(clinicians=6))
    add_practice(ws, "Beta", Profile(clinicians=2))
    at = start()
    at = at.button(key="open_tracker").click().run()
    at.selectbox(key=TRACKER_KEY).set_value("Beta").run()

    at.switch_page("scripts/planner.py").run()

    assert 2 == at.number_input(key="clinicians").value
    assert "Beta: saved in the workspace." in caption_text(at)
