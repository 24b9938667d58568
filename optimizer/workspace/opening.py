"""Open the workspace: the database named by ``db``, ``IA_PLANNER_DB`` or the default
file, created or upgraded to the newest schema, acting as the local CLI (admin of
"default") until it is given a scope (``Workspace.scoped``)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.exc import DBAPIError

from optimizer.errors import WorkspaceError
from optimizer.workspace.access import local_scope
from optimizer.workspace.connection import display, make_engine, resolve_url
from optimizer.workspace.database import Workspace, first_line
from optimizer.workspace.migrate import upgrade


def open_workspace(db: str | None = None, environ: Mapping[str, str] | None = None) -> Workspace:
    """Open (and create or upgrade) the workspace named by ``db``, ``IA_PLANNER_DB`` or
    the default file; a database that cannot be opened is a WorkspaceError."""
    url = resolve_url(db, environ)
    engine = make_engine(url)
    try:
        upgrade(engine)
    except DBAPIError as exc:  # unreachable, or not a database at all
        engine.dispose()
        msg = f"cannot open the database {display(url)}: {first_line(exc)}"
        raise WorkspaceError(msg) from None
    except BaseException:
        engine.dispose()
        raise
    return Workspace(url, engine, default_scope=local_scope)
