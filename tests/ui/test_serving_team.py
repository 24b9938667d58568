"""Served to a team as deploy/ shows: ``deploy/serve-team.sh`` starts two app processes
on one throwaway PostgreSQL and nginx in front (its ``deploy/nginx.conf``, on free
ports, its pid, logs and temporary files in a folder of the test). A practice added in
the page of one process, and one added by the command line, are seen by the Portfolio
page that nginx serves from the other process (over its WebSocket upgrade).

Skipped without nginx, PostgreSQL or Chromium, except in CI, where .ci/run installs
them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, free_port, needs_chromium
from workspace_fixtures import PostgresServer

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
SERVE_TEAM = ROOT / "deploy" / "serve-team.sh"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
READY_WITHIN_S = 120
UPSTREAM = "x-ia-planner-upstream"


def needs_nginx() -> None:
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing; .ci/run installs Debian's nginx")
        pytest.skip("nginx is not installed")


@dataclass(frozen=True)
class Team:
    proxy: str
    apps: tuple[str, ...]
    db: str
    run_dir: Path


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def practice_add(db: str, name: str) -> None:
    """``mips-ia practice add NAME --db DB``, a process of its own."""
    command = [sys.executable, "-m", "optimizer", "practice", "add", name, "--db", db]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120)


@pytest.fixture
def team(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[Team]:
    """``deploy/serve-team.sh`` on free loopback ports, with Acme Clinic kept."""
    needs_nginx()
    needs_chromium()
    db = postgres_server.new_database()
    practice_add(db, "Acme Clinic")
    # nginx started by root runs its workers as another user: they must reach RUN_DIR.
    run_dir = Path(tempfile.mkdtemp(prefix="ia-planner-team-"))
    run_dir.chmod(0o755)
    ports = (free_port(), free_port())
    proxy_port = free_port()
    env = {
        **os.environ,
        "IA_PLANNER_DB": db,
        "APP_PORTS": " ".join(map(str, ports)),
        "PROXY_PORT": str(proxy_port),
        "LISTEN": "127.0.0.1",
        "RUN_DIR": str(run_dir),
        "PYTHON": sys.executable,
        "NGINX": NGINX,
        "HOME": str(tmp_path),  # no sign-in secrets of the person's
    }
    log = tmp_path / "serve-team.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["bash", str(SERVE_TEAM)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    team = Team(
        f"http://127.0.0.1:{proxy_port}",
        tuple(f"http://127.0.0.1:{p}" for p in ports),
        db,
        run_dir,
    )
    try:
        deadline = time.monotonic() + READY_WITHIN_S
        while not all(_healthy(u) for u in (team.proxy, *team.apps)):
            logs = "".join(p.read_text() for p in (run_dir / "logs").glob("*.log"))
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the team server did not start:\n{log.read_text()}\n{logs}")
            time.sleep(0.3)
        yield team
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(run_dir, ignore_errors=True)


def test_a_change_in_one_process_is_seen_through_nginx_from_the_other(team: Team) -> None:
    """The Portfolio through nginx (one process) counts a practice added in the other
    process's page, then one added by the command line, as its page is reloaded."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            proxied = browser.new_page()
            answer = proxied.goto(f"{team.proxy}/portfolio")
            assert answer is not None
            upstream = f"http://{answer.headers[UPSTREAM]}"
            other = next(url for url in team.apps if url != upstream)
            count = proxied.get_by_test_id("stMetric").filter(has_text="Practices")
            expect(count).to_contain_text("1", timeout=WAIT_MS)

            direct = browser.new_page()
            direct.goto(f"{other}/portfolio")
            direct.get_by_text("Add a practice").click()
            add = direct.get_by_role("button", name="Add the practice")
            form = direct.get_by_test_id("stForm").filter(has=add)
            form.get_by_label("Name").fill("Bayside Clinic")
            add.click()
            added = direct.get_by_text("Added Bayside Clinic")
            expect(added).to_be_visible(timeout=WAIT_MS)
            page_added = time.perf_counter()
            proxied.reload()
            expect(count).to_contain_text("2", timeout=WAIT_MS)
            page_seen_s = time.perf_counter() - page_added

            practice_add(team.db, "Cedar Clinic")
            cli_added = time.perf_counter()
            answer = proxied.reload()
            expect(count).to_contain_text("3", timeout=WAIT_MS)
            cli_seen_s = time.perf_counter() - cli_added
        finally:
            browser.close()

    assert answer is not None
    assert upstream == f"http://{answer.headers[UPSTREAM]}"  # sticky: the same process
    print(
        f"\nproxy {team.proxy} -> {upstream}; added in {other}: seen in {page_seen_s:.2f} s;"
        f" added by the CLI: seen in {cli_seen_s:.2f} s"
    )
