"""The Tracker page's script (Streamlit runs it when the page is shown)."""

from optimizer.ui.pages.tracker import tracker_page

tracker_page()
