"""One writer of the concurrency test, in a module of its own: the test's processes
start from a fork server that has imported it (and the planner) once."""

from __future__ import annotations

from multiprocessing.synchronize import Barrier

from optimizer.workspace import add_evidence, open_workspace


def add_note(url: str, practice: str, year: int, number: int, start: Barrier) -> None:
    """One person's process: open the workspace, wait for everyone, add a note."""
    with open_workspace(url) as ws:
        start.wait(timeout=120)
        add_evidence(ws, practice, year, "IA_BE_27", f"note {number}")
