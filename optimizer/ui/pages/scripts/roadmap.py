"""The Roadmap page's script (Streamlit runs it when the page is shown)."""

from optimizer.ui.pages.roadmap import roadmap_page

roadmap_page()
