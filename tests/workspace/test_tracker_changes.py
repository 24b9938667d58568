"""The Tracker's "Changes" section: the practice-year's change log, newest first,
driven headless with ``AppTest`` on the test's own workspace (IA_PLANNER_DB)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.workspace import Profile, ProgressChange, add_practice, mark_progress, open_workspace

pytestmark = pytest.mark.usefixtures("no_paint_pauses")


def test_the_tracker_shows_who_changed_what_newest_first() -> None:
    with open_workspace() as ws:
        add_practice(ws, ACME, Profile(clinicians=6))
        plan_year(ws)
        mark_progress(ws, ACME, YEAR, "IA_BE_27", ProgressChange(owner="Dr Lee"))
        me = ws.scope.actor.email

    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.selectbox(key="portfolio_open").set_value(ACME)
    at = at.button(key="open_tracker").click().run()
    table = at.dataframe[-1].value

    assert "Changes" == at.subheader[-1].value
    assert ["Who", "Year", "Activity", "Field", "Old", "New"] == list(table.columns[1:])
    assert [me, "2026", "IA_BE_27", "owner", "", "Dr Lee"] == table.iloc[0].tolist()[1:]
    assert ("practice", ACME) == (table.iloc[-1]["Field"], table.iloc[-1]["New"])
