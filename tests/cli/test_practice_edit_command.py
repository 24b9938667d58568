"""``mips-ia practice edit``, ``remove`` and ``restore``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from optimizer.cli.mips_ia import main

TODAY = date(2026, 6, 1)


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def workspace_clock(clock) -> None:  # type: ignore[no-untyped-def]
    """The command line believes it is TODAY."""
    clock(TODAY)


@pytest.fixture
def db(tmp_path: Path, capsys) -> str:  # type: ignore[no-untyped-def]
    """A workspace with Acme Clinic (TIN 123456789, 6 clinicians, rural)."""
    url = str(tmp_path / "clients.db")
    args = ("--tin", "123456789", "--clinicians", "6", "--status", "rural", "--db", url)
    assert 0 == run(capsys, "practice", "add", "Acme Clinic", *args)[0]
    return url


def _shown(capsys, db: str, name: str) -> dict:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "practice", "show", name, "--format", "json", "--db", db)
    assert 0 == code
    return json.loads(out)["practice"]


def test_edit_changes_only_the_options_given(capsys, db: str) -> None:
    """--clinicians and --rename change; the TIN and statuses stay as kept."""
    code, out, _ = run(
        capsys,
        "practice",
        "edit",
        "acme clinic",
        "--clinicians",
        "9",
        "--rename",
        "Acme Care",
        "--quality",
        "001,236",
        "--db",
        db,
    )

    shown = _shown(capsys, db, "Acme Care")
    assert (0, f"kept the changes to 'Acme Care' in sqlite+pysqlite:///{db}\n") == (code, out)
    assert ("123456789", 9, ["rural"], ["001", "236"]) == (
        shown["tin"],
        shown["clinicians"],
        shown["statuses"],
        shown["quality"],
    )


def test_edit_status_none_clears_the_statuses(capsys, db: str) -> None:
    """--status none leaves the practice without special status."""
    run(capsys, "practice", "edit", "Acme Clinic", "--status", "none", "--db", db)

    assert [] == _shown(capsys, db, "Acme Clinic")["statuses"]


def test_remove_asks_for_yes(capsys, db: str) -> None:
    """Without --yes nothing is removed and the message says how to confirm."""
    code, _, err = run(capsys, "practice", "remove", "Acme Clinic", "--db", db)

    expected = (
        "mips-ia: error: practice remove needs --yes to remove 'Acme Clinic' with its plans, "
        "progress and evidence (restorable for 30 days with mips-ia practice restore "
        "'Acme Clinic')\n"
    )
    assert (expected, "Acme Clinic") == (err, _shown(capsys, db, "Acme Clinic")["name"])
    assert 0 != code


def test_remove_then_restore(capsys, db: str) -> None:
    """A removed practice leaves the list, is listed to restore, and comes back."""
    code, out, _ = run(capsys, "practice", "remove", "Acme Clinic", "--yes", "--db", db)
    assert (
        0,
        f"removed 'Acme Clinic' from sqlite+pysqlite:///{db}; restore it until 2026-07-01 "
        "with mips-ia practice restore 'Acme Clinic'\n",
    ) == (code, out)
    listed = json.loads(run(capsys, "practice", "list", "--format", "json", "--db", db)[1])
    removed = run(capsys, "practice", "restore", "--db", db)[1]

    assert [] == listed
    assert "Acme Clinic\tremoved 2026-06-01, restorable until 2026-07-01\n" == removed
    assert (0, f"restored 'Acme Clinic' in sqlite+pysqlite:///{db}\n", "") == run(
        capsys, "practice", "restore", "ACME CLINIC", "--db", db
    )
    assert "Acme Clinic" == _shown(capsys, db, "Acme Clinic")["name"]
