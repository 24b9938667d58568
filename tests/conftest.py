"""Shared fixtures: tiny inventories built in code, and CMS's reference data
(../shared/cms beside the project), which tests skip cleanly when absent."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from optimizer.model import Activity, Inventory, Weight
from optimizer.sources.year_update import refresh
from optimizer.ui.pages import NAVIGATION_SCRIPT

# Workspace databases: SQLite and a throwaway PostgreSQL server, and a workspace of
# its own for every test (never the person's own).
pytest_plugins = ["workspace_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
CMS_DIR = ROOT.parent / "shared" / "cms"
TODAY = date(2026, 1, 15)
"""The day the command line believes it is in tests: early in PY2026, before its last
start, so plans of the latest bundled year are not late."""


@pytest.fixture(autouse=True, scope="session")
def own_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """No test sees the CMS lists a person loaded with `data update` (an empty data
    directory of the tests' own; a test that stores years uses ``data_store``)."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("user-data")
        patch.setenv("IA_PLANNER_DATA_DIR", str(folder))
        refresh()
        yield folder
    refresh()


@pytest.fixture
def data_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory of the test's own for `data update` to store years in."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("IA_PLANNER_DATA_DIR", str(folder))
    refresh()
    yield folder
    refresh()


@pytest.fixture(autouse=True)
def real_main_module() -> Iterator[None]:
    """Put back the test run's ``__main__`` after each test: Streamlit's AppTest runs a
    page as ``__main__`` and leaves it there, and a batch worker started afterwards as
    a fresh interpreter (spawn) would then run that page's script and die."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> date:
    """Every command run, and the app, in a test read TODAY as today's date."""
    monkeypatch.setattr("optimizer.cli.mips_ia.CLOCK", lambda: TODAY)
    monkeypatch.setenv("IA_PLANNER_TODAY", TODAY.isoformat())
    return TODAY


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[date], None]:
    """Set the day the command line believes it is (for plans of earlier years)."""

    def set_to(day: date) -> None:
        monkeypatch.setattr("optimizer.cli.mips_ia.CLOCK", lambda: day)

    return set_to


@pytest.fixture
def cms_dir() -> Path:
    """CMS's public reference data; the test is skipped where it is not present."""
    if not (CMS_DIR / "ia").is_dir():
        pytest.skip("CMS reference data (../shared/cms) is not present")
    return CMS_DIR


def make_inventory(
    year: int, *specs: tuple[str, str | None, float | None], **extra: dict
) -> Inventory:
    """An inventory of (id, weight, effort) triples; ``extra`` adds fields per ID."""
    activities = []
    for activity_id, weight, effort in specs:
        fields = {
            "id": activity_id,
            "title": f"Activity {activity_id}",
            "subcategory": "Population Management",
            "weight": None if weight is None else Weight(weight),
            "effort": effort,
        }
        fields.update(extra.get(activity_id, {}))
        activities.append(Activity(**fields))
    return Inventory(year=year, activities=tuple(activities), source="test")


@pytest.fixture
def no_paint_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The planner's pauses are for a browser to paint in; AppTest has none, so the
    AppTest modules skip them (tests/ui/test_planner_page.py checks when each is taken)."""
    monkeypatch.setattr("optimizer.ui.pages.planner.FIRST_PAINT_PAUSE_S", 0.0)
    monkeypatch.setattr("optimizer.ui.pages.planner.FIRST_VISIT_PAUSE_S", 0.0)


@pytest.fixture
def app(no_paint_pauses: None) -> AppTest:
    """The app as a new session opens it (AppTest runs the script ``app.py`` serves)."""
    return AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()


def section(at: AppTest, name: str) -> AppTest:
    """Open one section of the planner (only the open one is drawn)."""
    return at.radio(key="planner_section").set_value(name).run()


def said(reasons):
    """Reasons as (code, text, fix in plain words): what a test compares."""
    return tuple((r.code, r.text, r.fix) for r in reasons)


def drawn_inventory(
    draw: st.DrawFn, year: int, ids: list[str], *, periods: bool = False
) -> Inventory:
    """An inventory of ``ids`` drawn by Hypothesis: weights where the year has them,
    half-hour efforts from 0 to 6 h (many ties, as in real estimates) and, with
    ``periods``, periods of several lengths."""
    return Inventory(
        year,
        tuple(
            Activity(
                id=i,
                title=i,
                weight=draw(st.sampled_from([Weight.MEDIUM, Weight.HIGH]))
                if year <= 2024
                else None,
                effort=draw(st.integers(0, 12)) / 2,
                period_days=draw(st.sampled_from([None, None, 60, 120, 180])) if periods else None,
            )
            for i in ids
        ),
        source="random",
    )
