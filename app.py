"""IA Planner in the browser: ``streamlit run app.py``.

The pages live in ``optimizer/ui/pages``; this entry point only sets the page up
and hands over to them.
"""

from __future__ import annotations

import streamlit as st

from optimizer.ui.pages.planner import planner_page
from optimizer.ui.pages.roadmap import roadmap_page


def main() -> None:
    st.set_page_config(page_title="IA Planner", layout="wide")
    pages = [
        st.Page(planner_page, title="Planner", url_path="planner", default=True),
        st.Page(roadmap_page, title="Roadmap", url_path="roadmap"),
    ]
    st.navigation(pages, position="hidden" if len(pages) == 1 else "sidebar").run()


main()
