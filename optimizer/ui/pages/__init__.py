"""The app's pages, one module each, and the address of each page in the app
(``app.py`` imports a page's module only when the page is shown)."""

PLANNER_URL = "planner"
PORTFOLIO_URL = "portfolio"
TRACKER_URL = "tracker"
ROADMAP_URL = "roadmap"
