"""Which database the workspace uses, and the engine that talks to it.

The database is, in order: ``--db URL``, the ``IA_PLANNER_DB`` environment variable,
or a SQLite file in the user's data directory (``platformdirs``), made on first use.
Any SQLAlchemy URL works; a plain path means a SQLite file, and ``postgresql://``
uses psycopg 3 (the ``postgres`` extra).

SQLite runs in WAL mode (readers never wait for the writer) with a busy timeout,
and every write transaction starts with ``BEGIN IMMEDIATE``: it takes the write
lock at once, waiting its turn, instead of failing when two processes that both
read first then try to write.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from optimizer.errors import WorkspaceError
from optimizer.workspace.location import ENV_VAR, default_path

BUSY_TIMEOUT_S = 60
"""How long a SQLite writer waits for another process's write to finish."""
WRITE = "ia_planner_write"
"""Execution option of the engine that writes: its transactions take the write lock first."""
SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""
POSTGRES_EXTRA = 'pip install "ia-planner[postgres]"'


def _sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path.expanduser().resolve()))


def resolve_url(db: str | None = None, environ: Mapping[str, str] | None = None) -> URL:
    """The database to use: ``db`` (``--db``), else ``IA_PLANNER_DB``, else the default file."""
    environ = os.environ if environ is None else environ
    text = (db if db is not None and db.strip() else environ.get(ENV_VAR, "")).strip()
    if not text:
        return _sqlite_url(default_path())
    if "://" not in text:
        return _sqlite_url(Path(text))
    try:
        url = make_url(text)
    except ArgumentError:
        msg = (
            f"{text!r} is not a database URL: give a file path or a URL such as "
            "sqlite:///workspace.db or postgresql://user@host/dbname"
        )
        raise WorkspaceError(msg) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def display(url: URL) -> str:
    """The URL as it may be shown: without its password."""
    return url.render_as_string(hide_password=True)


def is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def sqlite_file(url: URL) -> Path | None:
    database = url.database or ""
    return None if database in ("", ":memory:") else Path(database)


def _prepare_sqlite(url: URL) -> dict[str, Any]:
    path = sqlite_file(url)
    if path is None:  # one in-memory database shared by every session of the engine
        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    if path == default_path():
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        msg = f"cannot open the database {path}: the folder {path.parent} does not exist"
        raise WorkspaceError(msg)
    check_sqlite_file(path)
    return {"connect_args": {"timeout": BUSY_TIMEOUT_S}}


def check_sqlite_file(path: Path) -> None:
    """A file that is there must be a SQLite database (or empty, as a new one is):
    anything else is refused before SQLite is asked to open it."""
    if not path.exists():
        return
    if not path.is_file():
        msg = f"cannot open the database {path}: it is not a file"
        raise WorkspaceError(msg)
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        msg = f"cannot open the database {path}: {exc.strerror}"
        raise WorkspaceError(msg) from None
    if header and header != SQLITE_HEADER:
        msg = (
            f"{path} is not a SQLite database (it does not start with SQLite's header): "
            "give the workspace file, a new file name, or a database URL"
        )
        raise WorkspaceError(msg)


def _sqlite_events(engine: Engine) -> None:
    """WAL, foreign keys and a busy timeout on every connection; transactions begun
    by SQLAlchemy rather than the driver, so a write can begin IMMEDIATE."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver begins nothing by itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode, and fast
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        writes = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def make_engine(url: URL) -> Engine:
    """An engine for ``url``; a missing driver or a bad URL is a WorkspaceError."""
    options = _prepare_sqlite(url) if is_sqlite(url) else {"pool_pre_ping": True}
    try:
        engine = create_engine(url, **options)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        hint = f": {POSTGRES_EXTRA}" if url.get_backend_name() == "postgresql" else ""
        msg = f"no database driver for {display(url)} ({exc}){hint}"
        raise WorkspaceError(msg) from None
    except ArgumentError as exc:
        msg = f"cannot use the database URL {display(url)}: {exc}"
        raise WorkspaceError(msg) from None
    if is_sqlite(url):
        _sqlite_events(engine)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (and pool) whose transactions are writes."""
    return engine.execution_options(**{WRITE: True})
