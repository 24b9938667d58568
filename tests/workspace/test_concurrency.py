"""Two people at once lose nothing: twelve processes adding evidence notes to the
same activity at the same moment all land, on SQLite (WAL, a busy timeout, and
writes that take the lock first) and on PostgreSQL."""

from __future__ import annotations

import multiprocessing

from workspace_fixtures import ACME, YEAR
from workspace_writer import add_note

from optimizer.workspace import get_practice_year

WRITERS = 12


def test_twelve_processes_adding_evidence_at_once_lose_nothing(ws, acme, db_url) -> None:
    """Every note written by twelve simultaneous processes is kept, none twice."""
    # A fork server imports the planner once; each writer is a cheap fork of it.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["optimizer.workspace", "workspace_writer"])
    start = context.Barrier(WRITERS)
    writers = [
        context.Process(target=add_note, args=(db_url, ACME, YEAR, n, start))
        for n in range(WRITERS)
    ]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=180)

    notes = sorted(e.note for e in get_practice_year(ws, ACME, YEAR).progress[0].evidence)

    assert [0] * WRITERS == [p.exitcode for p in writers]
    assert sorted(f"note {n}" for n in range(WRITERS)) == notes
