"""IA Planner in the browser: ``streamlit run app.py``.

This file only launches the app. Streamlit serves the script
``optimizer/ui/pages/navigation.py`` (the page set-up and the four pages); while the
browser loads Streamlit's front end, the server already imports the planner and reads
the bundled tables (``optimizer/ui/warm_up.py``), so the first plan comes sooner.
``uvicorn app:app`` serves it too.
"""

import streamlit as st

from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.warm_up import warm_start

app = st.App(NAVIGATION_SCRIPT, lifespan=warm_start)
