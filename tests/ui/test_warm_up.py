"""The warm-up before the first visit: it fills the app's cache with today's bundled
inventory, never stops the server when it fails, and app.py hands it to st.App."""

from __future__ import annotations

import asyncio
import threading

import pytest

from optimizer.planning.calendar import actionable_year
from optimizer.ui import state, warm_up
from optimizer.ui.pages import NAVIGATION_SCRIPT


def test_warm_up_loads_todays_bundled_inventory_into_the_apps_cache(
    fixed_clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    year, _ = actionable_year(state.today())
    loaded: list[int] = []
    monkeypatch.setattr(
        state, "load_bundled", lambda y: loaded.append(y) or state.bundled_inventory(y)
    )

    warm_up.warm_up()

    assert [year] == loaded


def test_a_failing_warm_up_is_logged_and_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(year: int) -> None:
        raise OSError(f"no inventory for {year}")

    monkeypatch.setattr(state, "load_bundled", broken)

    warm_up.LOG.addHandler(caplog.handler)  # Streamlit's loggers do not propagate
    try:
        warm_up.warm_up()
    finally:
        warm_up.LOG.removeHandler(caplog.handler)

    assert "warm-up before the first visit failed" in caplog.text
    assert "no inventory for" in caplog.text


def test_the_lifespan_starts_the_warm_up_in_a_thread_and_serves_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    monkeypatch.setattr(warm_up, "warm_up", lambda: release.wait(5))

    async def enter() -> list[str]:
        async with warm_up.warm_start(object()):
            return [t.name for t in threading.enumerate()]

    running = asyncio.run(enter())  # returns although the warm-up is still waiting
    release.set()

    assert warm_up.THREAD_NAME in running


def test_app_py_serves_the_navigation_script() -> None:
    """(tests/ui/test_browser.py checks that a real server runs the warm-up.)"""
    import app

    assert NAVIGATION_SCRIPT.is_file()
    assert NAVIGATION_SCRIPT == app.app.script_path
