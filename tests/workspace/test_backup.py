"""``db backup``: the whole workspace copied to one SQLite file, itself a workspace."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from workspace_fixtures import ACME

from optimizer.errors import WorkspaceError
from optimizer.workspace import (
    EvidenceFile,
    ProgressChange,
    ProgressStatus,
    add_evidence,
    backup,
    mark_progress,
    open_workspace,
    practice_to_dict,
)


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
