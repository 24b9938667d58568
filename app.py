"""IA Planner in the browser: ``streamlit run app.py``.

The pages live in ``optimizer/ui/pages``; this entry point only sets the page up
and hands over to them.
"""

from __future__ import annotations

import streamlit as st

from optimizer.ui.pages.planner import planner_page
from optimizer.ui.pages.portfolio import portfolio_page
from optimizer.ui.pages.roadmap import roadmap_page
from optimizer.ui.pages.tracker import TRACKER_URL, tracker_page
from optimizer.ui.workspace_state import has_content


def main() -> None:
    st.set_page_config(page_title="IA Planner", layout="wide")
    kept = has_content()  # with no practice kept yet, the app opens on the planner
    pages = [
        st.Page(planner_page, title="Planner", url_path="planner", default=not kept),
        st.Page(portfolio_page, title="Portfolio", url_path="portfolio", default=kept),
        st.Page(tracker_page, title="Tracker", url_path=TRACKER_URL),
        st.Page(roadmap_page, title="Roadmap", url_path="roadmap"),
    ]
    st.navigation(pages, position="hidden" if len(pages) == 1 else "sidebar").run()


main()
