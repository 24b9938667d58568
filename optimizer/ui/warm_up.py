"""Ready before the first visit: while the browser loads Streamlit's front end, the
server imports the planner page and reads the bundled tables of the year a practice
would plan today, so the first plan is not kept waiting for them.

``app.py`` hands ``warm_start`` to ``st.App`` as its lifespan: it runs once per server
process, before the first session connects. The work runs in a thread, so the server
answers the browser meanwhile; a session that arrives first waits on Python's import
lock and the app's caches rather than doing the work twice. A failure here is logged
and left to the page, which says in words what is wrong.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from streamlit.logger import get_logger

LOG = get_logger(__name__)
"""Streamlit's logger: its lines go where the server's do, at the server's level."""
THREAD_NAME = "ia-planner-warm-up"
READY = "IA Planner is ready for the first visit"


def warm_up() -> None:
    """Import the planner page, load the bundled inventory of today's actionable year
    into the app's cache, and plan a default practice on it (which reads the tables
    a plan needs: rules, efforts, pairings, measures)."""
    started = time.perf_counter()
    try:
        from optimizer.model import Scenario
        from optimizer.planning.calendar import actionable_year
        from optimizer.planning.pipeline import plan
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


@asynccontextmanager
async def warm_start(_app: object) -> AsyncIterator[None]:
    """``st.App``'s lifespan: start the warm-up, and serve at once."""
    threading.Thread(target=warm_up, name=THREAD_NAME, daemon=True).start()
    yield
