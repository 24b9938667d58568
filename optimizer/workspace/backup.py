"""``mips-ia db backup PATH``: a copy of the whole workspace (every organization:
only an admin of all of them may make or restore one) as one SQLite file,
itself a workspace (``--db PATH`` opens it); ``mips-ia db restore PATH``: such a
file copied back into a database of either kind.

From SQLite, SQLite's own online backup copies the file page by page while
others keep working. From any other database, every table is copied in one
read transaction (a snapshot, on PostgreSQL) into a new SQLite file made by the
same migrations. The copy is written beside PATH and renamed into place only
when complete, so PATH never holds half a backup.

A restore reads a copy of the backup (brought to the newest schema by the same
migrations) and writes every table into the workspace in one write transaction:
into an empty workspace, or with ``replace`` over everything it held. Stored
times are copied as UTC, and PostgreSQL's ID sequences move past the IDs copied.
The restore itself is logged, in the same transaction: who, when, which file and how
many rows it wrote, one row for each organization and practice it holds (rows are
only added, so the change log's append-only rule holds).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from optimizer.errors import WorkspaceError
from optimizer.workspace.connection import check_sqlite_file, make_engine, resolve_url, writer
from optimizer.workspace.database import Workspace, first_line
from optimizer.workspace.migrate import upgrade
from optimizer.workspace.records import now
from optimizer.workspace.scoping import require_every_organization
from optimizer.workspace.tables import Base, ChangeRecord, Organization, Practice

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
            copy.execute(delete(Organization))  # the new file's own "default"
            if source.dialect.name == "postgresql":
                source.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            _copy_tables(source, copy)
    finally:
        engine.dispose()


def _portable(row: Mapping[Any, Any], to_sqlite: bool) -> dict[str, Any]:
    """A row as the target database keeps it: every time in UTC (SQLite's without a zone)."""
    out = dict(row)
    for key, value in out.items():
        if isinstance(value, datetime):
            moment = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
            out[key] = moment.replace(tzinfo=None) if to_sqlite else moment
    return out


LOG_KEY = ("at", "actor_subject", "practice", "year", "activity_id", "field", "old", "new")
"""What makes two change-log rows the same change (IDs differ between workspaces)."""


def _log_key(row: Mapping[Any, Any]) -> tuple[Any, ...]:
    return tuple(_portable({k: row[k] for k in LOG_KEY}, True).values())


def _copy_tables(source: Connection, target: Connection) -> int:
    """Every row of ``source`` into ``target``, whose tables are empty but for the
    change log, which only gains the rows it does not already hold (the same change:
    ``LOG_KEY``; under a new ID when it holds any); the rows written."""
    to_sqlite = target.dialect.name == "sqlite"
    changes = ChangeRecord.__table__
    held = {_log_key(r) for r in target.execute(select(changes)).mappings()}
    written = 0
    for table in Base.metadata.sorted_tables:
        query = select(table).order_by(*table.primary_key.columns)
        result = source.execute(query)
        while rows := result.mappings().fetchmany(BATCH_ROWS):
            out = [_portable(r, to_sqlite) for r in rows]
            if table is changes and held:
                out = [
                    {k: v for k, v in r.items() if k != "id"}
                    for r, row in zip(out, rows, strict=True)
                    if _log_key(row) not in held
                ]
            if out:
                target.execute(insert(table), out)
            written += len(out)
    return written


def backup(ws: Workspace, path: Path) -> Path:
    """Copy the workspace to a new SQLite file at ``path``; an existing file is refused.
    Only an admin of every organization may: the copy holds them all."""
    with ws.read() as session:
        require_every_organization(session, ws, "a backup")
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


def _rows(connection: Connection, table: Table) -> int:
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def _move_sequences(connection: Connection) -> None:
    """PostgreSQL's next IDs past the ones copied, so new rows do not collide with them."""
    for table in Base.metadata.sorted_tables:
        name = table.name
        if "id" not in table.c:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
            )
        )


def _log_restore(ws: Workspace, target: Connection, path: Path, written: int) -> None:
    """One change-log row per organization and per practice now held: the file restored
    and the rows it wrote."""
    practices = _rows(target, Practice.__table__)  # type: ignore[arg-type]
    said = (
        f"{path} ({practices} {'practice' if practices == 1 else 'practices'}, "
        f"{written} {'row' if written == 1 else 'rows'})"
    )
    actor, at = ws.scope.actor, now()
    base = {
        "at": at,
        "actor_subject": actor.subject,
        "actor_email": actor.email,
        "year": None,
        "activity_id": "",
        "field": "workspace restored from",
        "old": "",
        "new": said,
    }
    rows = [
        {**base, "organization_id": org_id, "practice_id": None, "practice": ""}
        for org_id in target.scalars(select(Organization.id).order_by(Organization.id))
    ]
    held = target.execute(
        select(Practice.id, Practice.name, Practice.organization_id).order_by(Practice.id)
    )
    rows += [
        {**base, "organization_id": org_id, "practice_id": pid, "practice": name}
        for pid, name, org_id in held
    ]
    if rows:
        to_sqlite = target.dialect.name == "sqlite"
        target.execute(insert(ChangeRecord), [_portable(r, to_sqlite) for r in rows])


def restore(ws: Workspace, path: Path, *, replace: bool = False) -> int:
    """Copy the backup file ``path`` into the workspace, which must be empty unless
    ``replace`` (then everything it held is replaced, but for the change log, which
    keeps its rows and gains the backup's changes it lacks); the practices restored. Only an
    admin of every organization may."""
    with ws.read() as session:
        require_every_organization(session, ws, "a restore")
    path = path.expanduser().resolve()
    if not path.is_file():
        msg = f"cannot restore {path}: there is no such file"
        raise WorkspaceError(msg)
    check_sqlite_file(path)
    if path.stat().st_size == 0:
        msg = f"cannot restore {path}: the file is empty"
        raise WorkspaceError(msg)
    with tempfile.TemporaryDirectory(prefix="ia-planner-restore-") as folder:
        copy = Path(folder) / "backup.db"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            msg = f"cannot read the backup {path}: {exc.strerror}"
            raise WorkspaceError(msg) from None
        engine = make_engine(resolve_url(str(copy)))
        try:
            try:
                upgrade(engine)  # the copy, never the backup itself
            except DBAPIError as exc:  # a SQLite file that is not a readable workspace
                msg = f"{path} is not a workspace backup: {first_line(exc)}"
                raise WorkspaceError(msg) from None
            with engine.connect() as source, ws.errors(), writer(ws.engine).begin() as target:
                held = _rows(target, Practice.__table__)  # type: ignore[arg-type]
                if held and not replace:
                    msg = (
                        f"{ws.name} already holds {held} "
                        f"{'practice' if held == 1 else 'practices'}: restore into an empty "
                        "database, or give --replace to replace everything in it"
                    )
                    raise WorkspaceError(msg)
                for table in reversed(Base.metadata.sorted_tables):
                    if table is not ChangeRecord.__table__:  # append-only
                        target.execute(delete(table))
                written = _copy_tables(source, target)
                if target.dialect.name == "postgresql":
                    _move_sequences(target)
                _log_restore(ws, target, path, written)
                return _rows(target, Practice.__table__)  # type: ignore[arg-type]
        finally:
            engine.dispose()
