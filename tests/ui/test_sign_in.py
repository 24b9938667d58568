"""Sign-in, driven headless with ``AppTest``: ``at.user`` stands for what Streamlit
reads from its sign-in cookie (``is_logged_in`` is there exactly when [auth] is set)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.sign_in import SIGN_IN, SIGN_OUT

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)


def opened(user: dict[str, object]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = user
    return at.run()


def test_without_auth_the_app_is_sign_in_free() -> None:
    """No [auth]: the Planner is drawn, with no sign-in button and no sign-out."""
    at = opened({})

    assert [] == [b.label for b in at.button if b.label in (SIGN_IN, SIGN_OUT)]
    assert "Reporting as" in [s.label for s in at.sidebar.selectbox]


def test_with_auth_a_person_not_signed_in_sees_only_the_sign_in_page() -> None:
    """[auth] set, not signed in: a Sign in button and no page, no sidebar inputs."""
    at = opened({"is_logged_in": False})

    assert [SIGN_IN] == [b.label for b in at.button]
    assert ["IA Planner"] == [t.value for t in at.title]
    assert [] == list(at.sidebar.selectbox)
