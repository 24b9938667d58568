"""``mips-ia db backup PATH``: a copy of the whole workspace as one SQLite file,
itself a workspace (``--db PATH`` opens it).

From SQLite, SQLite's own online backup copies the file page by page while
others keep working. From any other database, every table is copied in one
read transaction (a snapshot, on PostgreSQL) into a new SQLite file made by the
same migrations. The copy is written beside PATH and renamed into place only
when complete, so PATH never holds half a backup.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import insert, select

from optimizer.errors import WorkspaceError
from optimizer.workspace.connection import make_engine, resolve_url
from optimizer.workspace.database import Workspace
from optimizer.workspace.migrate import upgrade
from optimizer.workspace.tables import Base

BATCH_ROWS = 500


def _sqlite_copy(ws: Workspace, target: Path) -> None:
    source = ws.engine.raw_connection()
    try:
        with sqlite3.connect(target) as copy:
            source.driver_connection.backup(copy)  # type: ignore[union-attr]
        copy.close()
    finally:
        source.close()


def _table_copy(ws: Workspace, target: Path) -> None:
    engine = make_engine(resolve_url(str(target)))
    try:
        upgrade(engine)
        with ws.engine.connect() as source, engine.begin() as copy:
            if source.dialect.name == "postgresql":
                source.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for table in Base.metadata.sorted_tables:
                result = source.execute(select(table).order_by(*table.primary_key.columns))
                while rows := result.mappings().fetchmany(BATCH_ROWS):
                    copy.execute(insert(table), [dict(r) for r in rows])
    finally:
        engine.dispose()


def backup(ws: Workspace, path: Path) -> Path:
    """Copy the workspace to a new SQLite file at ``path``; an existing file is refused."""
    path = path.expanduser().resolve()
    if path.exists():
        msg = f"{path} already exists: give the backup a new file name"
        raise WorkspaceError(msg)
    if not path.parent.is_dir():
        msg = f"cannot write {path}: the folder {path.parent} does not exist"
        raise WorkspaceError(msg)
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        if ws.dialect == "sqlite" and ws.url.database not in (None, "", ":memory:"):
            _sqlite_copy(ws, partial)
        else:
            _table_copy(ws, partial)
        partial.rename(path)
    except (OSError, sqlite3.Error) as exc:
        msg = f"cannot write the backup {path}: {exc}"
        raise WorkspaceError(msg) from None
    finally:
        for leftover in (
            partial,
            partial.with_name(partial.name + "-wal"),
            partial.with_name(partial.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
    return path
