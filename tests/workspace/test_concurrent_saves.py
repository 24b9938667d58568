"""Sixteen people saving at once: without a version every change lands, on SQLite
and PostgreSQL (a save waits for the row instead of being refused as stale); with
the version all of them read, one lands and the rest are refused; the first
evidence of an activity not yet tracked never raises a database error."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from workspace_fixtures import ACME, YEAR

from optimizer.errors import StaleWriteError
from optimizer.workspace import (
    ProgressChange,
    add_evidence,
    get_practice_year,
    mark_progress,
    open_workspace,
)
from optimizer.workspace.database import Workspace

WRITERS = 16
UNTRACKED = "IA_AHW_1"


def _at_once(db_url: str, save: Callable[[Workspace, int], object]) -> list[str]:
    """Run ``save`` in WRITERS threads, each on its own connection, all released together."""
    start = threading.Barrier(WRITERS)

    def one(number: int) -> str:
        with open_workspace(db_url) as ws:
            start.wait(timeout=60)
            try:
                save(ws, number)
            except StaleWriteError:
                return "refused"
            return "landed"

    with ThreadPoolExecutor(WRITERS) as pool:
        return sorted(pool.map(one, range(WRITERS)))


def _version(ws: Workspace) -> int:
    found = get_practice_year(ws, ACME, YEAR).progress_of("IA_BE_27")
    assert found is not None
    return found.version


def test_changes_to_different_fields_without_a_version_all_land(ws, acme, db_url) -> None:
    """Half set the owner, half the participants: all sixteen saves land."""
    before = _version(ws)

    def save(ws: Workspace, n: int) -> None:
        change = ProgressChange(clinicians=(f"{1000000000 + n}",)) if n % 2 else None
        mark_progress(ws, ACME, YEAR, "IA_BE_27", change or ProgressChange(owner=f"Owner {n}"))

    answers = _at_once(db_url, save)

    after = get_practice_year(ws, ACME, YEAR).progress_of("IA_BE_27")
    assert after is not None
    assert ["landed"] * WRITERS == answers
    assert before + WRITERS == after.version
    assert after.owner.startswith("Owner ")
    assert 1 == len(after.clinicians)


def test_changes_to_one_field_without_a_version_all_land(ws, acme, db_url) -> None:
    """Sixteen owners saved at once all land; the last one saved stays."""
    before = _version(ws)

    answers = _at_once(
        db_url,
        lambda ws, n: mark_progress(ws, ACME, YEAR, "IA_BE_27", ProgressChange(owner=f"{n}")),
    )

    assert ["landed"] * WRITERS == answers
    assert before + WRITERS == _version(ws)


def test_a_stale_version_is_still_refused(ws, acme, db_url) -> None:
    """Sixteen saves naming the version they all read: one lands, fifteen are refused."""
    seen = _version(ws)

    def save(ws: Workspace, n: int) -> None:
        change = ProgressChange(owner=f"Owner {n}")
        mark_progress(ws, ACME, YEAR, "IA_BE_27", change, expected_version=seen)

    answers = _at_once(db_url, save)

    assert ["landed"] + ["refused"] * (WRITERS - 1) == answers
    assert seen + 1 == _version(ws)


def test_first_evidence_of_an_untracked_activity_at_once_all_land(ws, acme, db_url) -> None:
    """Sixteen first notes on an activity not yet tracked: one row made, every note kept."""
    answers = _at_once(db_url, lambda ws, n: add_evidence(ws, ACME, YEAR, UNTRACKED, f"note {n}"))

    tracked = get_practice_year(ws, ACME, YEAR).progress_of(UNTRACKED)
    assert tracked is not None
    assert ["landed"] * WRITERS == answers
    assert sorted(f"note {n}" for n in range(WRITERS)) == sorted(e.note for e in tracked.evidence)
