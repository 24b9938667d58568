"""What happens when many people save at once: the concurrency table.

    python benchmarks/concurrent_writers.py [--writers 16] [--rounds 1] [--postgres URL]

On a new SQLite file and a new PostgreSQL database (a throwaway server from
``/usr/lib/postgresql/*/bin``, started as the ``postgres`` user when run as root,
or the empty database ``--postgres`` names), ``--writers`` processes start together
(a barrier) and each makes one save of Acme Clinic's 2026 plan:

* different fields, no version: half set IA_BE_27's owner, half its participants;
* same field, no version: every one sets IA_BE_27's owner;
* stale version: every one sets the owner, giving the version all of them read;
* first evidence: every one adds the first note of an activity not yet tracked.

Each save is counted as landed, refused (a StaleWriteError: someone else saved
first) or a raw error (any other exception, or a database message passed on). A
landed save must show: without a version, the activity's version rises by one per
writer. Wanted: without a version every save lands; with a stale version exactly
one lands and the rest are refused; no raw errors. The exit code is 1 otherwise.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections import Counter
from datetime import date
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

from optimizer.errors import PlannerError, StaleWriteError
from optimizer.workspace import (
    PlanRequest,
    Profile,
    ProgressChange,
    add_evidence,
    add_practice,
    get_practice_year,
    mark_progress,
    open_workspace,
    plan_practice_year,
)

ACME, YEAR, ACTIVITY, UNTRACKED = "Acme Clinic", 2026, "IA_BE_27", "IA_AHW_1"
CASES = ("different fields", "same field", "stale version", "first evidence")
RAW_MARKERS = ("refused the change:", "duplicate key", "UNIQUE constraint", "IntegrityError")
"""A PlannerError passing on the database's own message counts as a raw error."""


def writer(url: str, case: str, number: int, version: int, start: Barrier, out: Queue) -> None:
    """One person's process: open the workspace, wait for everyone, save once."""
    answer = "landed"
    try:
        with open_workspace(url) as ws:
            start.wait(timeout=300)
            if case == "first evidence":
                add_evidence(ws, ACME, YEAR, UNTRACKED, f"note {number}")
            elif case == "different fields" and number % 2:
                change = ProgressChange(clinicians=(f"{1000000000 + number}",))
                mark_progress(ws, ACME, YEAR, ACTIVITY, change)
            else:
                expected = version if case == "stale version" else None
                change = ProgressChange(owner=f"Owner {number}")
                mark_progress(ws, ACME, YEAR, ACTIVITY, change, expected_version=expected)
    except StaleWriteError:
        answer = "refused"
    except PlannerError as exc:
        raw = any(m in str(exc) for m in RAW_MARKERS)
        answer = f"{'raw' if raw else 'error'}: {exc}"
    except Exception as exc:
        answer = f"raw: {type(exc).__name__}: {exc}"
    out.put(answer)


def _version(url: str) -> int:
    with open_workspace(url) as ws:
        info = get_practice_year(ws, ACME, YEAR)
        progress = info.progress_of(ACTIVITY)
        assert progress is not None
        return progress.version


def _notes(url: str) -> int:
    with open_workspace(url) as ws:
        progress = get_practice_year(ws, ACME, YEAR).progress_of(UNTRACKED)
        return 0 if progress is None else len(progress.evidence)


def run_case(url: str, case: str, writers: int) -> tuple[Counter[str], str]:
    """Start ``writers`` processes on one case; what each answered, and a check."""
    with open_workspace(url) as ws:
        add_practice(ws, ACME, Profile(tin="123456789", clinicians=6))
        plan_practice_year(ws, ACME, PlanRequest(year=YEAR, as_of=date(YEAR, 1, 5)))
    before = _version(url)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["optimizer.workspace"])
    start, out = context.Barrier(writers), context.Queue()
    processes = [
        context.Process(target=writer, args=(url, case, n, before, start, out))
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    answers = [out.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    counts = Counter(a.split(":")[0] for a in answers)
    for other in sorted({a for a in answers if a not in ("landed", "refused")}):
        print(f"    {case}: {other[:200]}", file=sys.stderr)
    if case == "first evidence":
        check = f"{_notes(url)} notes kept"
    else:
        check = f"version +{_version(url) - before}"
    return counts, check


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Postgres:
    """A throwaway PostgreSQL server on 127.0.0.1 trusting local connections."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
        if not bins:
            raise SystemExit("no PostgreSQL in /usr/lib/postgresql/*/bin: give --postgres URL")
        self.bin = bins[0]
        self.root = Path(tempfile.mkdtemp(prefix="ia-bench-pg-"))
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        line = [str(self.bin / command[0]), *command[1:]]
        if os.geteuid() == 0:
            line = ["runuser", "-u", "postgres", "--", *line]
        subprocess.run(line, check=True, capture_output=True, cwd=self.root)

    def start(self) -> str:
        data = str(self.root / "data")
        self._run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start")
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def new_pg_database(server_url: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:12]}"
    plain = server_url.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=1, help="repeat each case (new database)")
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL server to make databases on"
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    server = None
    pg_url = args.postgres
    if pg_url is None and not args.no_postgres:
        server = Postgres()
        pg_url = server.start()
    wanted_ok = True
    print(f"{args.writers} writers at once, {args.rounds} round(s) per case")
    print(f"{'database':<11}{'case':<18}{'landed':>7}{'refused':>8}{'raw':>5}{'other':>6}  check")
    try:
        backends = ["sqlite"] + ([] if pg_url is None else ["postgresql"])
        for backend in backends:
            for case in CASES:
                total: Counter[str] = Counter()
                checks = []
                for _ in range(args.rounds):
                    if backend == "sqlite":
                        url = f"sqlite:///{folder.name}/{uuid.uuid4().hex}.db"
                    else:
                        assert pg_url is not None
                        url = new_pg_database(pg_url)
                    counts, check = run_case(url, case, args.writers)
                    total += counts
                    checks.append(check)
                landed, refused, raw = total["landed"], total["refused"], total["raw"]
                other = total["error"]
                print(
                    f"{backend:<11}{case:<18}{landed:>7}{refused:>8}{raw:>5}{other:>6}  "
                    + ", ".join(checks)
                )
                n = args.writers * args.rounds
                want = (args.rounds, n - args.rounds) if case == "stale version" else (n, 0)
                wanted_ok &= (landed, refused, raw, other) == (*want, 0, 0)
    finally:
        if server is not None:
            server.stop()
        folder.cleanup()
    print(
        "wanted: every save without a version lands, one stale save of each round lands: "
        + ("met" if wanted_ok else "NOT met")
    )
    return 0 if wanted_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
