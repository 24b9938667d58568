"""The app's way to the workspace database: the one named by ``IA_PLANNER_DB``
(else the default file), opened once per server and shared by every session,
and whether it holds anything yet (a missing default file is not created just
to find out, and finding out loads no database driver)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.ui.session_day import as_of
from optimizer.workspace.location import ENV_VAR, default_path

if TYPE_CHECKING:
    from optimizer.workspace import Workspace


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Workspace:
    from optimizer.workspace import open_workspace

    return open_workspace(url)


def shared_workspace() -> Workspace:
    """The server's workspace, unscoped (sign-in reads people's roles from it);
    a database that cannot be opened is a PlannerError."""
    from optimizer.workspace import resolve_url

    return _open(resolve_url().render_as_string(hide_password=False))


def current_workspace() -> Workspace:
    """The session's workspace: with sign-in on, scoped to the signed-in person's
    organizations and roles (``sign_in.signed_in_scope``); else the local admin's."""
    from optimizer.ui.sign_in import signed_in_scope

    scope = signed_in_scope()
    ws = shared_workspace()
    return ws if scope is None else ws.scoped(scope)


def has_content() -> bool:
    """Whether the workspace holds a practice (False when it cannot be opened). Asked
    on every page load: with no database named and no default file, it answers
    without loading SQLAlchemy."""
    if not os.environ.get(ENV_VAR, "").strip() and not default_path().exists():
        return False
    from optimizer.workspace import has_practices, resolve_url
    from optimizer.workspace.connection import is_sqlite

    url = resolve_url()
    if is_sqlite(url) and url.database and not Path(url.database).exists():
        return False
    try:
        return has_practices(current_workspace())
    except PlannerError:
        return False


def today() -> date:
    """The workspace pages' clock: deadlines, risks and attestations are counted from it
    (the session's As-of date, else the app's clock: IA_PLANNER_TODAY when set)."""
    return as_of()
