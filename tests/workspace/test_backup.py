"""``db backup``: the whole workspace copied to one SQLite file, itself a workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from workspace_fixtures import ACME, plan_year

from optimizer.errors import WorkspaceError
from optimizer.workspace import (
    EvidenceFile,
    Profile,
    ProgressChange,
    ProgressStatus,
    add_evidence,
    add_practice,
    backup,
    mark_progress,
    open_workspace,
    practice_to_dict,
)
from optimizer.workspace.backup import restore
from optimizer.workspace.database import Workspace


def test_the_backup_opens_as_the_same_workspace(ws, acme, tmp_path: Path) -> None:
    """Everything kept, evidence bytes included, comes back from the backup file."""
    mark_progress(
        ws,
        ACME,
        2026,
        "IA_BE_27",
        ProgressChange(status=ProgressStatus.RUNNING, start=date(2026, 2, 1)),
    )
    add_evidence(ws, ACME, 2026, "IA_BE_27", "minutes", EvidenceFile("m.pdf", b"%PDF-1"))

    path = backup(ws, tmp_path / "backup.db")

    with open_workspace(str(path)) as copy:
        assert practice_to_dict(ws, ACME) == practice_to_dict(copy, ACME)


def test_an_existing_file_is_never_overwritten(ws, tmp_path: Path) -> None:
    """A backup over an existing file is refused, and the file is left alone."""
    target = tmp_path / "backup.db"
    target.write_bytes(b"keep me")

    with pytest.raises(WorkspaceError) as caught:
        backup(ws, target)

    assert f"{target} already exists: give the backup a new file name" == str(caught.value)
    assert b"keep me" == target.read_bytes()


def _sqlite_backup(tmp_path: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    """A SQLite workspace holding Acme (a plan, progress, a file) and its backup file."""
    with open_workspace(str(tmp_path / "source.db")) as source:
        add_practice(source, ACME, Profile(tin="123456789", clinicians=6))
        plan_year(source)
        running = ProgressChange(status=ProgressStatus.RUNNING, start=date(2026, 2, 1))
        mark_progress(source, ACME, 2026, "IA_BE_27", running)
        add_evidence(source, ACME, 2026, "IA_BE_27", "minutes", EvidenceFile("m.pdf", b"%PDF-1"))
        return backup(source, tmp_path / "backup.db"), practice_to_dict(source, ACME)


def test_a_backup_restores_into_an_empty_database_of_either_kind(ws, tmp_path: Path) -> None:
    """A SQLite backup restored into an empty SQLite or PostgreSQL workspace holds the same,
    and new rows after it get new IDs."""
    path, kept = _sqlite_backup(tmp_path)

    count = restore(ws, path)

    assert 1 == count
    assert kept == practice_to_dict(ws, ACME)
    add_practice(ws, "Beta Clinic")
    add_evidence(ws, ACME, 2026, "IA_BE_27", "second note")
    assert 2 == len(practice_to_dict(ws, ACME)["years"][0]["progress"][0]["evidence"])


def test_a_restore_into_a_workspace_that_holds_practices_needs_replace(
    ws: Workspace, acme, tmp_path: Path
) -> None:
    """Restoring over practices is refused unless asked to replace them all."""
    add_practice(ws, "Beta Clinic")
    path, kept = _sqlite_backup(tmp_path)

    with pytest.raises(WorkspaceError) as caught:
        restore(ws, path)
    refused = [p["practice"]["name"] for p in (practice_to_dict(ws, "Beta Clinic"),)]
    restore(ws, path, replace=True)

    assert (
        f"{ws.name} already holds 2 practices: restore into an empty database, or give "
        "--replace to replace everything in it" == str(caught.value)
    )
    assert ["Beta Clinic"] == refused
    assert kept == practice_to_dict(ws, ACME)
    with pytest.raises(WorkspaceError):
        practice_to_dict(ws, "Beta Clinic")


def test_a_file_that_is_not_a_backup_is_refused(ws, tmp_path: Path) -> None:
    """A text file given as the backup is refused in words."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")

    with pytest.raises(WorkspaceError) as caught:
        restore(ws, notes)

    assert (
        f"{notes} is not a SQLite database (it does not start with SQLite's header): give "
        "the workspace file, a new file name, or a database URL" == str(caught.value)
    )
