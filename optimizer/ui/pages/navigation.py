"""The Streamlit script of the app (``app.py`` serves it): the page set-up and the
navigation between the five pages. Streamlit runs it on every rerun; each page's
module is imported when the page is first shown, so opening the planner never loads
the workspace's database code. An error that is not the user's (not a PlannerError,
which the pages show where it happens) is shown as one line with a log path.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import FragmentHandledException

from optimizer.ui.bug_report import show_bug, show_pending
from optimizer.ui.pages import DATA_URL, PLANNER_URL, PORTFOLIO_URL, ROADMAP_URL, TRACKER_URL
from optimizer.ui.workspace_state import has_content

SIDEBAR_PX = 260


def planner() -> None:
    from optimizer.ui.pages.planner import planner_page

    planner_page()


def portfolio() -> None:
    from optimizer.ui.pages.portfolio import portfolio_page

    portfolio_page()


def tracker() -> None:
    from optimizer.ui.pages.tracker import tracker_page

    tracker_page()


def roadmap() -> None:
    from optimizer.ui.pages.roadmap import roadmap_page

    roadmap_page()


def data() -> None:
    from optimizer.ui.pages.data import data_page

    data_page()


def main() -> None:
    # A sidebar of 260 px leaves the plan table room for all its columns at 1280 px.
    st.set_page_config(page_title="IA Planner", layout="wide", initial_sidebar_state=SIDEBAR_PX)
    kept = has_content()  # with no practice kept yet, the app opens on the planner
    pages = [
        st.Page(planner, title="Planner", url_path=PLANNER_URL, default=not kept),
        st.Page(portfolio, title="Portfolio", url_path=PORTFOLIO_URL, default=kept),
        st.Page(tracker, title="Tracker", url_path=TRACKER_URL),
        st.Page(roadmap, title="Roadmap", url_path=ROADMAP_URL),
        st.Page(data, title="Data", url_path=DATA_URL),
    ]
    show_pending()
    try:
        st.navigation(pages, position="hidden" if len(pages) == 1 else "sidebar").run()
    except FragmentHandledException:
        raise  # a fragment's error, already shown by on_script_error
    except Exception as exc:  # our bug: one line and a log path, never a traceback
        show_bug(exc)
        # Stopped, not finished: Streamlit keeps the values of widgets the run did not
        # reach (a finished run forgets them), so every input the user gave is kept.
        st.stop()


if __name__ == "__main__":  # Streamlit runs this file as __main__; an import draws nothing
    main()
