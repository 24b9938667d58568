"""The Planner page's script (Streamlit runs it when the page is shown)."""

from optimizer.ui.pages.planner import planner_page

planner_page()
