"""The app in December: it opens on the year ahead, planned provisionally on the
latest loaded year's data, and says so above the plan; the year list runs to it."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from optimizer import Scenario, plan, write_workbook
from optimizer.ui.pages import NAVIGATION_SCRIPT

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
NOTE = (
    "Provisional: CMS's PY2027 list is not loaded, so this plan uses PY2026's activities "
    "and rules carried forward to 2027 (assumed: last start 2027-10-03, submission "
    "2028-01-04 to 2028-03-31); plan again once PY2027's list is loaded."
)


def _opened() -> AppTest:
    return AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()


def _plan_ids(at: AppTest) -> list[str]:
    return at.table[0].value["Activity ID"].tolist() if at.table else []


def test_in_december_the_app_opens_on_a_provisional_2027_plan(monkeypatch):
    """IA_PLANNER_TODAY=2026-12-02: PY2027 is chosen, has a plan, and the note is shown."""
    monkeypatch.setenv("IA_PLANNER_TODAY", "2026-12-02")
    at = _opened()

    assert 2027 == at.selectbox(key="year").value
    assert "2027" == at.selectbox(key="year").options[-1]
    assert [NOTE] == [w.value for w in at.warning]
    assert _plan_ids(at)
    assert not at.error
    assert not [e for e in at.expander if "QPP submission" in e.label]
    assert any(c.value.startswith("No QPP submission file for PY2027 yet") for c in at.caption)


def test_choosing_2027_in_january_shows_the_same_note(app: AppTest):
    """On the tests' clock (2026-01-15) PY2026 opens; choosing 2027 shows the note."""
    assert not [w for w in app.warning if w.value.startswith("Provisional")]
    assert [e for e in app.expander if "QPP submission" in e.label]

    app.selectbox(key="year").set_value(2027).run()

    assert [NOTE] == [w.value for w in app.warning]
    assert _plan_ids(app)


def _roadmap_page() -> None:
    from optimizer.ui.pages.roadmap import roadmap_page

    roadmap_page()


def test_december_roadmap_from_2026_flags_it_and_plans_the_rest(monkeypatch):
    """On 2026-12-02 a roadmap from 2026 says 2026 is not planned, and plans 2027-2029."""
    monkeypatch.setenv("IA_PLANNER_TODAY", "2026-12-02")
    at = AppTest.from_function(_roadmap_page, default_timeout=60).run()
    at.selectbox(key="roadmap_first").set_value(2026).run()

    assert not at.exception
    assert at.warning[0].value.startswith(
        "Not planned: 2026; the other years are planned without it."
    )
    assert "2026: 86 activities can no longer run their period in 2026" in at.warning[0].value


def test_a_workbook_restored_in_december_keeps_its_begun_activities(monkeypatch):
    """A 2026 plan saved in March, restored on 2026-12-02: its activities are ticked as
    already done, the restore message says so, and the plan keeps them."""
    scenario = Scenario(year=2026)
    saved = plan(scenario, as_of=date(2026, 3, 1))
    data = write_workbook(saved, scenario, what_if=())
    monkeypatch.setenv("IA_PLANNER_TODAY", "2026-12-02")
    at = _opened()
    at.session_state["files_open"] = True
    at.run()

    uploader = next(u for u in at.get("file_uploader") if u.key.startswith("workbook_file"))
    uploader.set_value(("march.xlsx", data, "application/octet-stream")).run()

    assert not at.exception
    assert 2026 == at.selectbox(key="year").value
    assert [
        f"Restored the scenario of march.xlsx. From the saved plan: {saved.activity_ids[0]} "
        f"(began 2026-03-01), {saved.activity_ids[1]} (began 2026-03-01) count as running, "
        "since their windows began before 2026-12-02."
    ] == [s.value for s in at.success]
    assert list(saved.activity_ids) == _plan_ids(at)
    assert not at.error
