"""The session's way to the workspace (``shared_workspace``, scoped to the person
signed in), and whether it holds anything yet (a missing default file is not created just
to find out, and finding out loads no database driver)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from optimizer.errors import PlannerError
from optimizer.ui.session_day import as_of
from optimizer.ui.shared_workspace import shared_workspace
from optimizer.workspace.location import ENV_VAR, default_path

if TYPE_CHECKING:
    from optimizer.workspace import Workspace


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
