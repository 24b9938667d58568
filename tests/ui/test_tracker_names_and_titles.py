"""The Tracker as a practice manager reads it: whole activity titles (the table's cells
wrap, the form names the activity in full) and clinicians by name, not NPI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.clock import TODAY_VARIABLE
from optimizer.model import Clinician, Reporting
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.workspace import (
    Profile,
    ProgressChange,
    ProgressStatus,
    add_practice,
    mark_progress,
    open_workspace,
)

LEE, KIM = "1234567893", "1245319599"
ROSTER = (Clinician(LEE, "Dr Ada Lee"), Clinician(KIM, "Dr Ben Kim"))
TITLE = "Completion of CDC Training on Antibiotic Stewardship"


@pytest.fixture
def group(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Acme as a group of 2 with its roster and 2026 plan; IA_PSPA_23 run by Dr Lee."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-06-01")
    ws = open_workspace()
    add_practice(ws, ACME, Profile(clinicians=2, reporting=Reporting.GROUP, roster=ROSTER))
    plan_year(ws)
    change = ProgressChange(
        status=ProgressStatus.RUNNING, start=date(YEAR, 2, 1), clinicians=(LEE,)
    )
    mark_progress(ws, ACME, YEAR, "IA_PSPA_23", change)
    return ws


def _tracker() -> AppTest:
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.selectbox(key="portfolio_open").set_value(ACME)
    return at.button(key="open_tracker").click().run()


def test_the_table_wraps_long_titles(group) -> None:  # type: ignore[no-untyped-def]
    """Rows tall enough for three lines (Streamlit wraps text above 64 px) and a Title
    column of 150 px: 'Completion of CDC Training on Antibiotic Stewardship' is whole."""
    table = _tracker().dataframe[0]
    widths = {name: c.get("width") for name, c in json.loads(table.proto.columns).items()}

    assert table.proto.row_height > 64
    assert TITLE in table.value["Title"].tolist()
    assert widths["Title"] >= 150


def test_the_form_names_the_activity_in_full(group) -> None:  # type: ignore[no-untyped-def]
    """The activity picked is shown with its whole title."""
    at = _tracker()
    at = at.selectbox(key="tracker_activity").set_value("IA_PSPA_23").run()

    assert f"IA_PSPA_23 {TITLE}" == at.selectbox(key="tracker_activity").format_func("IA_PSPA_23")
    assert any(c.value.startswith(f"IA_PSPA_23 {TITLE} must run 90") for c in at.caption)


def test_clinicians_are_shown_by_name(group) -> None:  # type: ignore[no-untyped-def]
    """The table and the form's choices say 'Dr Ada Lee', not 1234567893."""
    at = _tracker()
    at = at.selectbox(key="tracker_activity").set_value("IA_PSPA_23").run()
    table = at.dataframe[0].value
    clinicians = next(m for m in at.multiselect if m.label == "Clinicians taking part")

    assert "Dr Ada Lee" in table["Clinicians"].tolist()
    assert (["Dr Ada Lee", "Dr Ben Kim"], [LEE]) == (clinicians.options, clinicians.value)
