"""The Planner's "Save to the workspace" and the Portfolio's edit, remove (asked to
confirm) and restore, driven headless with ``AppTest`` on the test's own workspace."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, plan_year

from conftest import section
from optimizer.clock import TODAY_VARIABLE
from optimizer.model import Reporting
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.workspace import (
    Profile,
    Workspace,
    add_practice,
    get_practice,
    get_practice_year,
    list_practices,
    open_workspace,
    removed_practices,
)
from optimizer.workspace.practices import moment_on

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)
AS_OF = date(2026, 1, 5)


@pytest.fixture
def clock_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app believes it is AS_OF."""
    monkeypatch.setenv(TODAY_VARIABLE, AS_OF.isoformat())


@pytest.fixture
def kept(clock_today: None) -> Workspace:
    """The test's own workspace with Acme's 2026 plan and Beta, unplanned."""
    ws = open_workspace()
    add_practice(ws, ACME, Profile(tin="123456789", clinicians=6))
    plan_year(ws)
    add_practice(ws, "Beta")
    return ws


def labelled(elements, label: str):  # type: ignore[no-untyped-def]
    return next(e for e in elements if e.label == label)


def test_the_planner_saves_a_group_with_its_roster_and_plan(clock_today: None) -> None:
    """A 6-clinician group with a roster is kept as a new practice with its 2026 plan."""
    at = _planner()
    at.selectbox(key="reporting").set_value(Reporting.GROUP).run()
    at.number_input(key="clinicians").set_value(6).run()
    section(at, "Group")
    at.button(key="roster_interchangeable").click().run()
    at.text_input(key="planner_save_name").set_value("Huge Health").run()

    at.button(key="planner_save").click().run()

    ws = open_workspace()
    info = get_practice(ws, "Huge Health")
    saved = get_practice_year(ws, "Huge Health", 2026)
    assert [] == [e.value for e in at.error]
    assert (Reporting.GROUP, 6, 6) == (info.reporting, info.clinicians, len(info.roster))
    assert (info.roster, AS_OF) == (saved.scenario.roster, saved.planned_on)
    assert saved.progress
    assert any(s.value.startswith("Saved Huge Health with its 2026 plan") for s in at.success)


def test_saving_again_as_new_is_refused_and_into_the_existing_one_is_kept(
    clock_today: None,
) -> None:
    """A second "new" save under the same name says so; saved into the existing
    practice, the page's new quality measures become the practice's."""
    at = _planner()
    at.text_input(key="planner_save_name").set_value("Solo").run()
    at.button(key="planner_save").click().run()
    ws = open_workspace()

    at.button(key="planner_save").click().run()
    assert [f"a practice named 'Solo' already exists in {ws.name}"] == [e.value for e in at.error]

    at.radio(key="planner_save_as").set_value("An existing practice").run()
    at.selectbox(key="planner_save_existing").set_value("Solo")
    at.button(key="planner_save").click().run()

    assert [] == [e.value for e in at.error]
    assert ["Solo"] == [p.name for p in list_practices(ws)]
    assert 2 == get_practice_year(ws, "Solo", 2026).version


def _planner() -> AppTest:
    """The Planner of an empty workspace, on AS_OF, planning 2026."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["as_of"] = AS_OF
    at.session_state["year"] = 2026
    return at.run()


def test_the_portfolio_edits_a_practice(kept: Workspace) -> None:
    """The edit form comes filled; a change of clinicians and name is kept and shown."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="portfolio_edit_pick").set_value(ACME).run()
    form_key = f"edit:{ACME}:{get_practice(kept, ACME).version}"
    at.number_input(key=f"{form_key}:clinicians").set_value(9)
    at.text_input(key=f"{form_key}:name").set_value("Acme Care")

    labelled(at.button, "Save the changes").click().run()

    assert ["Acme Care", "Beta"] == [p.name for p in list_practices(kept)]
    assert 9 == get_practice(kept, "Acme Care").clinicians
    assert ["Kept the changes to Acme Care."] == [s.value for s in at.success]
    assert "Acme Care" in at.dataframe[0].value.to_string()


def test_the_portfolio_removes_a_practice_only_once_confirmed(kept: Workspace) -> None:
    """Remove asks first; Cancel keeps it; Yes removes it, listed to restore, then back."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.selectbox(key="portfolio_remove_pick").set_value("Beta").run()
    at.button(key="remove_practice").click().run()

    assert ["Acme Clinic", "Beta"] == [p.name for p in list_practices(kept)]
    assert at.warning[-1].value.startswith("Remove Beta with its plans, progress and evidence?")
    at.button(key="remove_cancel").click().run()
    assert ["Acme Clinic", "Beta"] == [p.name for p in list_practices(kept)]

    at.selectbox(key="portfolio_remove_pick").set_value("Beta").run()
    at.button(key="remove_practice").click().run()
    at.button(key="remove_confirm").click().run()

    assert [ACME] == [p.name for p in list_practices(kept)]
    assert ["Beta"] == [r.name for r in removed_practices(kept, at=moment_on(AS_OF))]
    assert ["Removed Beta: restore it from Removed practices until 2026-02-04."] == [
        s.value for s in at.success
    ]
    assert "Beta" not in at.dataframe[0].value.to_string()

    at.selectbox(key="portfolio_restore_pick").set_value("Beta").run()
    at.button(key="restore_practice").click().run()

    assert [ACME, "Beta"] == [p.name for p in list_practices(kept)]
    assert ["Restored Beta."] == [s.value for s in at.success]


def test_the_portfolio_adds_a_practice_with_quality_measures_and_efforts(
    kept: Workspace,
) -> None:
    """ "Add a practice" keeps quality measures and the practice's own hours too."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="new_practice_name").set_value("Delta")
    at.text_input(key="new_practice_quality").set_value("001, 236")

    labelled(at.button, "Add the practice").click().run()

    assert [] == [e.value for e in at.error]
    assert ("001", "236") == get_practice(kept, "Delta").quality


def test_a_medical_home_is_saved_with_its_points_from_the_status(clock_today: None) -> None:
    """Saved with no activity to do: the page says where the 40 points come from."""
    at = _planner()
    at.toggle(key="pcmh").set_value(True).run()
    at.text_input(key="planner_save_name").set_value("Oak Medical Home").run()

    at.button(key="planner_save").click().run()

    assert [
        "Saved Oak Medical Home with its 2026 plan (40 points from its status, no activity "
        "to do): open it in the Portfolio or the Tracker."
    ] == [s.value for s in at.success if s.value.startswith("Saved")]
