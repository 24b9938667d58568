"""The Streamlit script of the app (``app.py`` serves it): the page set-up and the
navigation between the five pages (each a script in ``scripts/``). Streamlit runs it
on every rerun, after keeping the session's practice (``practice_session``); each
page's module is imported when the page is first shown, so opening the planner never loads
the workspace's database code. An error that is not the user's (not a PlannerError,
which the pages show where it happens) is shown as one line with a log path.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import FragmentHandledException

from optimizer.ui.bug_report import show_bug, show_pending
from optimizer.ui.pages import (
    DATA_URL,
    PAGE_SCRIPTS,
    PLANNER_URL,
    PORTFOLIO_URL,
    ROADMAP_URL,
    TRACKER_URL,
)
from optimizer.ui.practice_session import keep_inputs
from optimizer.ui.sign_in import sign_in_gate
from optimizer.ui.workspace_state import has_content

SIDEBAR_PX = 260
# Session-state flag: the session has had its first run (it opens on the Portfolio
# when the workspace holds a practice, on the Planner otherwise). A comment, not a
# string: Streamlit's magic would write a bare string of this script on every page.
OPENED = "session_opened"


def main() -> None:
    # A sidebar of 260 px leaves the plan table room for all its columns at 1280 px.
    st.set_page_config(page_title="IA Planner", layout="wide", initial_sidebar_state=SIDEBAR_PX)
    # The default page is served at "/" and has no address of its own, so it is the
    # same one on every run: every other page keeps its address (/portfolio opened
    # directly is the Portfolio), and a first visit with practices kept is sent on.
    # "/planner" typed in the address bar is a hidden page that hands over to the
    # Planner at "/" (the default page's own name is only its key, never an address).
    planner = st.Page(PAGE_SCRIPTS / "planner.py", title="Planner", url_path="home", default=True)
    pages = [
        planner,
        st.Page(PAGE_SCRIPTS / "portfolio.py", title="Portfolio", url_path=PORTFOLIO_URL),
        st.Page(PAGE_SCRIPTS / "tracker.py", title="Tracker", url_path=TRACKER_URL),
        st.Page(PAGE_SCRIPTS / "roadmap.py", title="Roadmap", url_path=ROADMAP_URL),
        st.Page(PAGE_SCRIPTS / "data.py", title="Data", url_path=DATA_URL),
        st.Page(
            lambda: st.switch_page(planner),
            title="Planner",
            url_path=PLANNER_URL,
            visibility="hidden",
        ),
    ]
    first_run = not st.session_state.get(OPENED)
    st.session_state[OPENED] = True
    show_pending()
    try:
        sign_in_gate()  # with [auth] configured: signed in, with a role, or stopped here
        keep_inputs()  # the session's practice: inputs kept whichever page is drawn
        page = st.navigation(pages, position="sidebar")
        if first_run and page.url_path == "" and has_content():
            st.switch_page(pages[1])  # with practices kept, the app opens on the Portfolio
        page.run()
    except FragmentHandledException:
        raise  # a fragment's error, already shown by on_script_error
    except Exception as exc:  # our bug: one line and a log path, never a traceback
        show_bug(exc)
        # Stopped, not finished: Streamlit keeps the values of widgets the run did not
        # reach (a finished run forgets them), so every input the user gave is kept.
        st.stop()


if __name__ == "__main__":  # Streamlit runs this file as __main__; an import draws nothing
    main()
