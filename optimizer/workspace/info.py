"""``mips-ia db info``: what a database holds, read without changing it: no file is
made, no schema upgraded (opening the workspace does that, not describing it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from optimizer.errors import WorkspaceError
from optimizer.workspace.access import DEFAULT, checked_organization
from optimizer.workspace.connection import display, is_sqlite, make_engine, resolve_url, sqlite_file
from optimizer.workspace.database import first_line
from optimizer.workspace.migrate import current_revision, head_revision
from optimizer.workspace.tables import Organization, Practice


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """Where the workspace is, its schema revision and how many practices it keeps."""

    name: str
    exists: bool
    revision: str | None
    practices: int | None
    """None: the schema is not this planner's newest, so its rows are not read."""

    @property
    def lines(self) -> list[str]:
        if not self.exists:
            return [f"database: {self.name}", "no database there yet: it is made on first use"]
        head = head_revision()
        if self.revision is None:
            schema = "none (an empty database: the workspace is made on first use)"
        elif self.revision != head:
            schema = f"{self.revision} (this IA Planner's is {head}: upgraded when next opened)"
        else:
            schema = self.revision
        lines = [f"database: {self.name}", f"schema: {schema}"]
        if self.practices is not None:
            lines.append(f"practices: {self.practices}")
        return lines


def database_info(
    db: str | None = None,
    environ: Mapping[str, str] | None = None,
    organizations: Sequence[str] = (),
) -> DatabaseInfo:
    """Describe the database ``db`` names (as ``open_workspace`` would find it), reading
    only; its practices counted in ``organizations`` (none given: "default")."""
    names = [checked_organization(n) for n in organizations] or [DEFAULT]
    url = resolve_url(db, environ)
    name = display(url)
    path = sqlite_file(url) if is_sqlite(url) else None
    if path is not None and not path.exists():
        return DatabaseInfo(name, exists=False, revision=None, practices=None)
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
            practices = None
            if revision == head_revision():
                practices = connection.scalar(
                    select(func.count())
                    .select_from(Practice)
                    .join(Organization)
                    .where(Organization.name.in_(names))
                )
    except DBAPIError as exc:
        msg = f"cannot read the database {name}: {first_line(exc)}"
        raise WorkspaceError(msg) from None
    finally:
        engine.dispose()
    return DatabaseInfo(name, exists=True, revision=revision, practices=practices)
