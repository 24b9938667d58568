"""The workspace's test fixtures (a pytest plugin, see conftest.py).

* Every test gets its own ``IA_PLANNER_DB`` (a file not yet made), so no test opens
  the person's own workspace, and the app opens on the planner unless a test
  keeps a practice.
* ``db_url`` runs a test on SQLite and on PostgreSQL: a throwaway server
  (Debian's ``postgresql`` binaries, started once per session as the ``postgres``
  user, since the server refuses to run as root), with a new database per test.
  Where no server binary exists the PostgreSQL cases are skipped, except in CI
  (``CI`` set), where they fail.
* ``acme``: a practice with its 2026 plan, on that database.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from optimizer.workspace import (
    ENV_VAR,
    PlanRequest,
    PracticeYearInfo,
    Profile,
    Workspace,
    add_practice,
    open_workspace,
    plan_practice_year,
)

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
PG_USER = "postgres"
ACME = "Acme Clinic"
YEAR = 2026
PLANNED_ON = date(2026, 1, 5)
PLAN_IDS = ("IA_BE_27", "IA_PSPA_23")
"""The 2026 plan of a practice with no special status: two activities of 20 points."""


@pytest.fixture(autouse=True)
def _own_workspace_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test's default workspace is a file of its own, made only if the test uses it."""
    folder = tmp_path_factory.getbasetemp() / "workspaces"
    folder.mkdir(exist_ok=True)
    monkeypatch.setenv(ENV_VAR, str(folder / f"{uuid.uuid4().hex}.db"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """Root starts the server as the postgres user; anyone else as themselves."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", PG_USER, "--", *command]


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1, trusting local connections."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="ia-planner-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, PG_USER, PG_USER)

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            _as_postgres([str(self.bin_dir / command[0]), *command[1:]]),
            capture_output=True,
            text=True,
            check=False,
            cwd=self.root,  # a folder the postgres user may enter
        )
        if done.returncode != 0:
            log = self.root / "server.log"
            extra = log.read_text() if log.exists() else ""
            pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{extra}")

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", PG_USER, "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database's URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url().replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole session."""
    if not PG_BIN_DIRS:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is missing; .ci/run installs Debian's postgresql")
        pytest.skip("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    server = PostgresServer(PG_BIN_DIRS[0])
    server.start()
    try:
        yield server
    finally:
        server.stop()


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty workspace database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    """The workspace on ``db_url``, opened (and so migrated) and closed after the test."""
    with open_workspace(db_url) as workspace:
        yield workspace


def plan_year(
    ws: Workspace, year: int = YEAR, name: str = ACME, **fields: object
) -> PracticeYearInfo:
    """Plan and keep ``name``'s year as on January 5, with ``fields`` typed."""
    request = PlanRequest(year=year, as_of=date(year, 1, 5), fields=fields)
    return plan_practice_year(ws, name, request)[1]


@pytest.fixture
def acme(ws: Workspace) -> PracticeYearInfo:
    """Acme Clinic (TIN 123456789, 6 clinicians) with its 2026 plan."""
    add_practice(ws, ACME, Profile(tin="123456789", clinicians=6))
    return plan_year(ws)
