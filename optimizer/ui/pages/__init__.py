"""The app's pages, one module each, the address of each page in the app, and the
Streamlit script that navigates between them (``navigation.py``, served by
``app.py``; it imports a page's module only when the page is shown)."""

from pathlib import Path

PLANNER_URL = "planner"
PORTFOLIO_URL = "portfolio"
TRACKER_URL = "tracker"
ROADMAP_URL = "roadmap"
DATA_URL = "data"
NAVIGATION_SCRIPT = Path(__file__).with_name("navigation.py")
"""The script Streamlit runs on every rerun (``AppTest.from_file`` takes it too)."""
PAGE_SCRIPTS = Path(__file__).with_name("scripts")
"""The pages' own scripts, one a page (registered by file: each has its address)."""
