"""What the server does as it starts, before the first visit: open the app in the
browser (``streamlit run`` does that for a plain script, not for an ``st.App``), and
warm up: import the planner page and read the bundled tables of the year a practice
would plan today, while the browser loads Streamlit's front end, so the first plan is
not kept waiting for them.

``app.py`` hands ``on_server_start`` to ``st.App`` as its lifespan: it runs once per
server process and starts both before the server takes its first request. The
warm-up runs in a thread, so the server answers the browser meanwhile; a session that
comes before it is done shares its imports and the cached inventory, and reads what
is left itself. A failure is logged and left to the page, which says in words what is
wrong.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from streamlit import config
from streamlit.logger import get_logger

LOG = get_logger(__name__)
"""Streamlit's logger: its lines go where the server's do, at the server's level."""
THREAD_NAME = "ia-planner-warm-up"
READY = "IA Planner is ready for the first visit"
STREAMLIT_RUN = "starlette-app"
"""Streamlit's name for an ``st.App`` started by ``streamlit run`` (under ``uvicorn
app:app`` the port is uvicorn's, which Streamlit does not know: no browser opens)."""


def warm_up() -> None:
    """Import the planner page, load the bundled inventory of today's actionable year
    into the app's cache, and plan a default practice on it (which reads the tables
    a plan needs: rules, efforts, pairings, measures)."""
    started = time.perf_counter()
    try:
        from optimizer.model import Scenario
        from optimizer.planning.pipeline import plan
        from optimizer.planning.year_ahead import actionable_year
        from optimizer.ui.pages import planner  # noqa: F401  (imported for its modules)
        from optimizer.ui.state import load_bundled, today

        day = today()
        year, _ = actionable_year(day)
        plan(Scenario(year=year), load_bundled(year), as_of=day)
    except Exception:  # the page meets the same problem and explains it
        LOG.warning("The warm-up before the first visit failed", exc_info=True)
        return
    seconds = time.perf_counter() - started
    LOG.info("%s: the planner and the PY%d tables took %.2f s to load.", READY, year, seconds)


def open_browser() -> None:
    """Open the app's address in the browser, as ``streamlit run`` does for a plain
    script: not when the server is headless (``--server.headless true``, or a Linux
    machine without a display), nor when the app is not started by ``streamlit run``."""
    if config.get_option("server.headless") or config._server_mode != STREAMLIT_RUN:
        return
    from streamlit.cli_util import open_browser as open_in_browser
    from streamlit.web.server.server_util import get_url

    open_in_browser(get_url(config.get_option("browser.serverAddress")))


@asynccontextmanager
async def on_server_start(_app: object) -> AsyncIterator[None]:
    """``st.App``'s lifespan: start the warm-up, open the browser, and serve at once
    (the socket is already bound, so the browser's first request waits for it)."""
    threading.Thread(target=warm_up, name=THREAD_NAME, daemon=True).start()
    open_browser()
    yield
