"""What the server does as it starts: the warm-up fills the app's cache with today's
bundled inventory and never stops the server when it fails; the browser opens only
when ``streamlit run`` starts a server with a screen; ``streamlit run app.py`` runs
both as it starts, before any browser connects."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from optimizer.model import Inventory
from optimizer.planning.year_ahead import actionable_year
from optimizer.ui import server_start, state

ROOT = Path(__file__).resolve().parents[2]
READY_WITHIN_S = 90


def test_warm_up_loads_todays_bundled_inventory_into_the_apps_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the warm-up, the page's own call for the inventory reads nothing again."""
    year, _ = actionable_year(state.today())
    read: list[int] = []
    original = state.default_inventory

    def bundled(year: int) -> Inventory:
        read.append(year)
        return original(year)

    state.load_bundled.clear()
    monkeypatch.setattr(state, "default_inventory", bundled)

    server_start.warm_up()
    warmed = list(read)
    state.load_bundled(year)

    assert [year] == warmed
    assert [year] == read


def test_a_failing_warm_up_is_logged_and_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(year: int) -> None:
        raise OSError(f"no inventory for {year}")

    monkeypatch.setattr(state, "load_bundled", broken)

    server_start.LOG.addHandler(caplog.handler)  # Streamlit's loggers do not propagate
    try:
        server_start.warm_up()
    finally:
        server_start.LOG.removeHandler(caplog.handler)

    assert "warm-up before the first visit failed" in caplog.text
    assert "no inventory for" in caplog.text


def test_the_lifespan_starts_the_warm_up_in_a_thread_and_serves_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()
    opened: list[bool] = []
    monkeypatch.setattr(server_start, "warm_up", lambda: release.wait(5))
    monkeypatch.setattr(server_start, "open_browser", lambda: opened.append(True))

    async def enter() -> list[str]:
        async with server_start.on_server_start(object()):
            return [t.name for t in threading.enumerate()]

    running = asyncio.run(enter())  # returns although the warm-up is still waiting
    release.set()

    assert server_start.THREAD_NAME in running
    assert [True] == opened


@pytest.mark.parametrize(
    ("headless", "mode", "opens"),
    [
        (False, server_start.STREAMLIT_RUN, True),
        (True, server_start.STREAMLIT_RUN, False),  # --server.headless, or no display
        (False, "asgi-server", False),  # uvicorn app:app
    ],
)
def test_the_browser_opens_only_for_streamlit_run_with_a_screen(
    monkeypatch: pytest.MonkeyPatch, headless: bool, mode: str, opens: bool
) -> None:
    options = {"server.headless": headless, "browser.serverAddress": "localhost"}
    fake = SimpleNamespace(get_option=options.__getitem__, _server_mode=mode)
    monkeypatch.setattr(server_start, "config", fake)
    opened: list[str] = []
    monkeypatch.setattr("streamlit.cli_util.open_browser", opened.append)

    server_start.open_browser()

    assert opens == bool(opened)
    assert all(url.startswith("http://localhost:") for url in opened)


def test_streamlit_run_app_py_is_ready_before_a_browser_connects(tmp_path: Path) -> None:
    """A real ``streamlit run app.py``: the warm-up runs as the server starts."""
    log = tmp_path / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", "--server.port", "0"]
    env = {**os.environ, "IA_PLANNER_DB": str(tmp_path / "workspace.db")}
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + READY_WITHIN_S
        while server_start.READY not in log.read_text() and time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=15)

    assert server_start.READY in log.read_text(), log.read_text()
