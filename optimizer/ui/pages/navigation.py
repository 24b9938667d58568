"""The Streamlit script of the app (``app.py`` serves it): the page set-up and the
navigation between the five pages. Streamlit runs it on every rerun; each page's
module is imported when the page is first shown, so opening the planner never loads
the workspace's database code.
"""

from __future__ import annotations

import streamlit as st

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
    st.navigation(pages, position="hidden" if len(pages) == 1 else "sidebar").run()


if __name__ == "__main__":  # Streamlit runs this file as __main__; an import draws nothing
    main()
