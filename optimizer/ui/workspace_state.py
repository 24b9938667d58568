"""The app's way to the workspace database: the one named by ``IA_PLANNER_DB``
(else the default file), opened once per server and shared by every session,
and whether it holds anything yet (a missing default file is not created just
to find out)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.ui import state
from optimizer.workspace import Workspace, has_practices, open_workspace, resolve_url
from optimizer.workspace.connection import is_sqlite


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Workspace:
    return open_workspace(url)


def current_workspace() -> Workspace:
    """The open workspace; a database that cannot be opened is a PlannerError."""
    return _open(resolve_url().render_as_string(hide_password=False))


def has_content() -> bool:
    """Whether the workspace holds a practice (False when it cannot be opened)."""
    url = resolve_url()
    if is_sqlite(url) and url.database and not Path(url.database).exists():
        return False
    try:
        return has_practices(current_workspace())
    except PlannerError:
        return False


def today() -> date:
    """The workspace pages' clock: deadlines, risks and attestations are counted from it
    (the app's clock: IA_PLANNER_TODAY when set)."""
    return state.today()
