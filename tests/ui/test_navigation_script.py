"""The navigation script that Streamlit runs on every page writes nothing of its own."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from optimizer.ui.pages import NAVIGATION_SCRIPT


def test_no_string_of_the_navigation_script_is_shown() -> None:
    """Streamlit's magic writes a bare string of the script it runs: the script's notes
    (the first-run flag's) must not appear above every page."""
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()

    shown = [m.value for m in at.markdown]
    assert [] == [text for text in shown if "Session-state flag" in text]
