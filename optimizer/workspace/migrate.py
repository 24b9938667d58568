"""Bringing a database to the newest schema with the Alembic migrations shipped in
``migrations/``, run on every open so an older database is upgraded in place.

A database already at the newest revision costs one small read. Otherwise the
upgrade runs in one write transaction (both SQLite and PostgreSQL undo a failed
schema change): SQLite's ``BEGIN IMMEDIATE`` and a PostgreSQL advisory lock let
only one process upgrade while the others wait and then find nothing to do.

SQLite alters a table by copying it and dropping the old one; its foreign keys are
off meanwhile (else the drop would cascade to every row that refers to the table),
and checked before the upgrade commits.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, text

from optimizer.errors import WorkspaceError
from optimizer.workspace.connection import writer

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
UPGRADE_LOCK = 7_130_013
"""PostgreSQL advisory lock key held while one process upgrades the schema."""


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    """The newest schema revision this version of the planner knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the workspace ships at least one migration"
    return head


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions())


def current_revision(connection: Connection) -> str | None:
    """The database's schema revision (None: an empty database)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate the database to ``target`` (the newest by default), if it is not there."""
    wanted = head_revision() if target == "head" else target
    with engine.connect() as connection:
        found = current_revision(connection)
    if found == wanted:
        return
    if found is not None and found not in known_revisions():
        msg = (
            f"the database's schema ({found}) is newer than this IA Planner knows "
            f"({head_revision()}): upgrade IA Planner to use it"
        )
        raise WorkspaceError(msg)
    with writer(engine).connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where SQLite lets the pragma change
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                _upgrade(connection, wanted, target)
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _upgrade(connection: Connection, wanted: str, target: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
    if current_revision(connection) == wanted:
        return  # another process upgraded it while this one waited
    try:
        command.upgrade(_config(connection), target)
    except CommandError as exc:
        msg = f"cannot upgrade the database to schema {target}: {exc}"
        raise WorkspaceError(msg) from None
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
        if broken is not None:
            msg = f"cannot upgrade the database to {target}: a row of {broken[0]} is orphaned"
            raise WorkspaceError(msg)
