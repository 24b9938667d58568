"""A medical home's year in the Tracker: its 40 points come from the status, so there
is no activity to track, and the year is attested once its window opens."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import YEAR, plan_year

from optimizer.clock import TODAY_VARIABLE
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.workspace import Profile, add_practice, open_workspace, practice_to_dict

HOME = "Medical Home Clinic"


@pytest.fixture
def home():  # type: ignore[no-untyped-def]
    """The test's workspace with a medical home's 2026 plan (pcmh: 40 automatic points)."""
    ws = open_workspace()
    add_practice(ws, HOME, Profile(clinicians=6))
    plan_year(ws, name=HOME, pcmh=True)
    return ws


def _tracker() -> AppTest:
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.selectbox(key="portfolio_open").set_value(HOME)
    return at.button(key="open_tracker").click().run()


def test_the_tracker_says_the_status_brings_the_points(home, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """No empty table and activity form: the page says why there is nothing to track."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-06-01")

    at = _tracker()

    assert [
        f"The {YEAR} plan's 40 points come from the practice's status (patient-centered "
        "medical home): no activity to track. Attest the year once its submission window "
        "opens."
    ] == [i.value for i in at.info]
    assert "Save the activity" not in [b.label for b in at.button]
    assert f"Attest {YEAR} on the practice's status" == at.button(key="attest").label


def test_a_medical_home_year_is_attested_from_the_tracker(home, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """In the window, Attest records the year on the status, and the page says so."""
    monkeypatch.setenv(TODAY_VARIABLE, "2027-01-15")

    at = _tracker().button(key="attest").click().run()

    assert [
        f"Attested {YEAR} on the practice's status (IA_PCMH): its 40 points need no other activity."
    ] == [s.value for s in at.success]
    metrics = {m.label: m.value for m in at.metric}
    assert ("Attested", "Nothing to do") == (metrics["Submission"], metrics["Done"])
    assert [
        f"The {YEAR} plan's 40 points come from the practice's status (patient-centered "
        "medical home): no activity to track."
    ] == [i.value for i in at.info]
    assert [(YEAR, "IA_PCMH")] == [
        (a["year"], a["activity_id"]) for a in practice_to_dict(home, HOME)["attestations"]
    ]


def test_a_medical_home_year_waits_for_its_window(home, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Before the window opens, the one reason is the window."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-06-01")

    at = _tracker().button(key="attest").click().run()

    assert [
        f"{YEAR} cannot be attested:\n- the {YEAR} submission window opens 2027-01-04: "
        "attest from then (today is 2026-06-01)"
    ] == [e.value for e in at.error]


def test_an_app_year_names_its_credit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The APM Performance Pathway's full credit is named as such."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-06-01")
    ws = open_workspace()
    add_practice(ws, HOME, Profile(clinicians=6))
    plan_year(ws, name=HOME, app=True)

    at = _tracker()

    assert [
        f"The {YEAR} plan's 40 points come from the practice's status (APM Performance "
        "Pathway): no activity to track. Attest the year once its submission window opens."
    ] == [i.value for i in at.info]


def test_the_tracker_says_the_day_it_counts_from(home, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The As-of day the Tracker counts from is said under its figures."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-06-01")

    captions = [c.value for c in _tracker().caption]

    assert any(
        c.endswith("Counted as of 2026-06-01 (the As-of day of the Planner and the Roadmap).")
        for c in captions
    )
