"""The calendar (.ics) downloads of the Planner and the Tracker: there, named for the
year (and practice), and the same bytes as the library's function."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, YEAR, plan_year

from conftest import TODAY
from optimizer import Scenario, plan
from optimizer.exports.calendar_ics import plan_calendar, practice_year_calendar
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.workspace import Profile, add_practice, get_practice_year, open_workspace

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)

Made = dict[str, tuple[str, Callable[[], bytes]]]


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Made:
    """Each deferred download as the app hands it over: file name -> (id, its function)."""
    files: Made = {}
    defer = MediaFileManager.add_deferred

    def deferred(self, make, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        file_id = defer(self, make, mimetype, coordinates, file_name=file_name, **kwargs)
        files[file_name] = (mimetype, make)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)
    return files


def test_the_planner_offers_its_plan_as_a_calendar(made: Made) -> None:
    """The Planner's button gives ia-calendar-<year>.ics, the bytes of plan_calendar."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    button = at.download_button(key="download_calendar")
    mime, make = made[f"ia-calendar-{YEAR}.ics"]

    assert "Download the dates as a calendar (.ics)" == button.label
    assert "text/calendar" == mime
    assert plan_calendar(plan(Scenario(year=YEAR), as_of=TODAY)) == make()


def test_the_tracker_offers_the_practice_year_as_a_calendar(made: Made) -> None:
    """The Tracker's button gives the practice-year's calendar, named for the practice."""
    ws = open_workspace()
    add_practice(ws, ACME, Profile(tin="123456789", clinicians=6))
    plan_year(ws)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="portfolio_open").set_value(ACME)
    at.button(key="open_tracker").click().run()
    button = at.download_button(key="download_calendar")
    _, make = made[f"acme-clinic-ia-calendar-{YEAR}.ics"]

    assert "Download the dates as a calendar (.ics)" == button.label
    assert practice_year_calendar(get_practice_year(ws, ACME, YEAR)) == make()
