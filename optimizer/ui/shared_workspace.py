"""The server's one workspace database, unscoped: the one named by ``IA_PLANNER_DB``
(else the default file), opened once per server and shared by every session. Sign-in
reads people's roles from it; the pages get it scoped (``workspace_state``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    from optimizer.workspace import Workspace


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Workspace:
    from optimizer.workspace import open_workspace

    return open_workspace(url)


def shared_workspace() -> Workspace:
    """The server's workspace, unscoped; a database that cannot be opened is a
    PlannerError."""
    from optimizer.workspace import resolve_url

    return _open(resolve_url().render_as_string(hide_password=False))
