"""The workspace database: which one is used, how it is opened, and its schema,
migrated on open (an older database is upgraded, its rows kept)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from conftest import ROOT
from optimizer.errors import WorkspaceError
from optimizer.workspace import (
    ENV_VAR,
    EvidenceFile,
    add_evidence,
    default_path,
    get_practice_year,
    list_practices,
    open_workspace,
    resolve_url,
)
from optimizer.workspace.connection import make_engine
from optimizer.workspace.migrate import current_revision, head_revision, upgrade
from optimizer.workspace.tables import Base

FIRST = "0001"


def test_db_option_wins_over_the_environment(tmp_path: Path) -> None:
    """--db names the database even when IA_PLANNER_DB names another."""
    url = resolve_url(f"sqlite:///{tmp_path}/a.db", {ENV_VAR: f"sqlite:///{tmp_path}/b.db"})

    assert str(tmp_path / "a.db") == url.database


def test_environment_names_the_database_without_the_option(tmp_path: Path) -> None:
    """IA_PLANNER_DB is used when no --db is given."""
    url = resolve_url(None, {ENV_VAR: f"sqlite:///{tmp_path}/b.db"})

    assert str(tmp_path / "b.db") == url.database


def test_default_is_a_sqlite_file_in_the_user_data_directory() -> None:
    """With neither, the workspace is workspace.db in the platform's user data folder."""
    url = resolve_url(None, {})

    assert ("sqlite", str(default_path())) == (url.get_backend_name(), url.database)
    assert "ia-planner" == default_path().parent.name


def test_a_plain_path_is_a_sqlite_file(tmp_path: Path) -> None:
    """IA_PLANNER_DB=clients.db (no scheme) means that SQLite file."""
    url = resolve_url(str(tmp_path / "clients.db"), {})

    assert ("sqlite", str(tmp_path / "clients.db")) == (url.get_backend_name(), url.database)


def test_postgresql_urls_use_psycopg_3() -> None:
    """postgresql:// picks the psycopg 3 driver (the postgres extra), not psycopg2."""
    assert "postgresql+psycopg" == resolve_url("postgresql://me@db/ia", {}).drivername


def test_a_bad_url_is_refused_in_words() -> None:
    """Text that is no URL says what a URL looks like."""
    with pytest.raises(WorkspaceError) as caught:
        resolve_url("://nowhere", {})

    assert (
        "'://nowhere' is not a database URL: give a file path or a URL such as "
        "sqlite:///workspace.db or postgresql://user@host/dbname" == str(caught.value)
    )


def test_a_database_without_a_driver_is_refused_in_words() -> None:
    """A URL whose database SQLAlchemy cannot load says so."""
    with pytest.raises(WorkspaceError) as caught:
        open_workspace("nonsense://x")

    assert (
        "no database driver for nonsense://x (Can't load plugin: sqlalchemy.dialects:nonsense)"
        == str(caught.value)
    )


def test_a_file_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    """A SQLite file whose folder does not exist is refused before anything is made."""
    path = tmp_path / "nowhere" / "w.db"

    with pytest.raises(WorkspaceError) as caught:
        open_workspace(str(path))

    assert f"cannot open the database {path}: the folder {path.parent} does not exist" == str(
        caught.value
    )


def test_an_unreachable_server_is_refused_in_words() -> None:
    """A PostgreSQL server that does not answer is a WorkspaceError, password hidden."""
    with pytest.raises(WorkspaceError) as caught:
        open_workspace("postgresql://me:secret@127.0.0.1:1/ia")

    message = str(caught.value)
    assert message.startswith("cannot open the database postgresql+psycopg://me:***@127.0.0.1:1/ia")
    assert "secret" not in message


def test_opening_creates_the_newest_schema(ws) -> None:
    """A new database is migrated to the newest revision on open."""
    with ws.engine.connect() as connection:
        assert head_revision() == current_revision(connection)


def test_the_migrations_build_exactly_the_tables_the_code_uses(ws) -> None:
    """Alembic finds no difference between the migrated schema and the ORM tables."""
    with ws.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert [] == differences


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    """SQLite's write-ahead log lets readers work while one process writes."""
    with open_workspace(str(tmp_path / "w.db")) as ws, ws.read() as session:
        mode = session.execute(sa.text("PRAGMA journal_mode")).scalar()

    assert "wal" == mode


def _first_schema_with_a_plan(db_url: str) -> None:
    """A database as the first migration left it, holding a practice with a plan."""
    engine = make_engine(resolve_url(db_url, {}))
    upgrade(engine, FIRST)
    meta = sa.MetaData()
    meta.reflect(engine)
    now = datetime(2026, 1, 5, tzinfo=UTC)
    with engine.begin() as c:
        c.execute(
            meta.tables["practices"].insert(),
            {
                "id": 1,
                "name": "Acme",
                "name_key": "acme",
                "tin": None,
                "reporting": "individual",
                "clinicians": 6,
                "statuses": ["small-practice"],
                "quality": [],
                "efforts": {},
                "roster": [],
                "created_at": now,
                "version": 1,
            },
        )
        c.execute(
            meta.tables["practice_years"].insert(),
            {
                "id": 1,
                "practice_id": 1,
                "year": 2026,
                "scenario": {"year": 2026, "statuses": ["small-practice"]},
                "history_files": [],
                "inventory": None,
                "pairings": None,
                "plan": {"category_max": 40},
                "status": "optimal",
                "points": 40,
                "planned_on": date(2026, 1, 5),
                "solver": "auto",
                "updated_at": now,
                "version": 1,
            },
        )
        c.execute(
            meta.tables["activity_progress"].insert(),
            {
                "id": 1,
                "practice_year_id": 1,
                "activity_id": "IA_BE_27",
                "title": "User testing",
                "period_days": 90,
                "last_start": date(2026, 10, 3),
                "in_plan": True,
                "status": "running",
                "start_date": date(2026, 2, 1),
                "end_date": None,
                "owner": "Dr Lee",
                "clinicians": [],
                "updated_at": now,
                "version": 1,
            },
        )
    engine.dispose()


def test_an_older_database_is_upgraded_on_open_and_keeps_its_rows(db_url: str) -> None:
    """A database of the first schema opens at the newest one, its practice and
    progress intact, and takes evidence (a table the first schema lacked)."""
    _first_schema_with_a_plan(db_url)

    with open_workspace(db_url) as ws:
        with ws.engine.connect() as connection:
            revision = current_revision(connection)
        add_evidence(ws, "Acme", 2026, "IA_BE_27", "minutes", EvidenceFile("m.txt", b"met"))
        progress = get_practice_year(ws, "Acme", 2026).progress[0]
        names = [p.name for p in list_practices(ws)]

    assert (head_revision(), ["Acme"]) == (revision, names)
    assert ("running", "Dr Lee", 1) == (progress.status, progress.owner, len(progress.evidence))


def test_a_database_from_a_newer_planner_is_refused(tmp_path: Path) -> None:
    """A schema revision this planner does not know is refused, not overwritten."""
    path = tmp_path / "w.db"
    open_workspace(str(path)).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    with pytest.raises(WorkspaceError) as caught:
        open_workspace(str(path))

    assert (
        f"the database's schema (9999) is newer than this IA Planner knows ({head_revision()}): "
        "upgrade IA Planner to use it" == str(caught.value)
    )


def test_the_wheel_ships_the_migrations(tmp_path: Path) -> None:
    """`pip install .` (not editable) has every migration, so any install can upgrade."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("ia_planner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    here = ROOT / "optimizer" / "workspace" / "migrations"
    shipped = {
        f"optimizer/workspace/migrations/{p.relative_to(here).as_posix()}"
        for p in here.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }

    assert set() == shipped - names
