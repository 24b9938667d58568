"""``mips-ia practice org``, ``people``, ``changes`` and ``evidence-remove``, and
``--org`` on every ``practice`` and ``db`` command: the command line sees only the
organizations it is given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from optimizer.cli.mips_ia import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def workspace_clock(clock) -> None:  # type: ignore[no-untyped-def]
    clock(date(2026, 6, 1))


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "clients.db")


def test_each_organization_sees_only_its_own_practices(capsys, db: str) -> None:
    run(capsys, "practice", "org", "add", "north", "--db", db)
    run(
        capsys, "practice", "add", "Acme Clinic", "--tin", "111111111", "--org", "north", "--db", db
    )
    run(capsys, "practice", "add", "Birch Health", "--db", db)

    _, north, _ = run(capsys, "practice", "list", "--org", "north", "--db", db)
    _, default, _ = run(capsys, "practice", "list", "--db", db)
    code, _, err = run(capsys, "practice", "show", "Acme Clinic", "--db", db)
    _, orgs, _ = run(capsys, "practice", "org", "list", "--db", db)
    _, info, _ = run(capsys, "db", "info", "--org", "north", "--db", db)

    assert "Acme Clinic" in north
    assert "Birch Health" not in north
    assert "Birch Health" in default
    assert "Acme Clinic" not in default
    assert 2 == code
    assert err.startswith("mips-ia: error: no practice named 'Acme Clinic' in ")
    assert ["default\t1 practice, 0 people", "north\t1 practice, 0 people"] == orgs.splitlines()
    assert "practices: 1" in info


def test_people_are_added_listed_given_roles_and_removed(capsys, db: str) -> None:
    base = ("--org", "north", "--db", db)
    run(capsys, "practice", "people", "add", "Kim@Clinic.org", "--role", "viewer", *base)
    _, roled, _ = run(capsys, "practice", "people", "role", "kim@clinic.org", "editor", *base)
    run(capsys, "practice", "people", "add", "lee@clinic.org", "--role", "admin", *base)
    run(capsys, "practice", "people", "remove", "lee@clinic.org", *base)
    _, listed, _ = run(capsys, "practice", "people", "list", *base)
    code, _, err = run(capsys, "practice", "people", "add", "x", "--role", "viewer", *base)

    assert "kim@clinic.org is now editor of north\n" == roled
    assert "kim@clinic.org\teditor\tinvited, not signed in yet\n" == listed
    assert (2, "mips-ia: error: 'x' is not an e-mail address (such as lee@clinic.org)\n") == (
        code,
        err,
    )


def test_changes_are_printed_and_evidence_taken_back_stays_logged(capsys, db: str) -> None:
    run(capsys, "practice", "add", "Acme Clinic", "--clinicians", "6", "--db", db)
    run(
        capsys,
        "practice",
        "plan",
        "Acme Clinic",
        "--year",
        "2026",
        "--as-of",
        "2026-01-05",
        "--db",
        db,
    )
    run(
        capsys,
        "practice",
        "evidence",
        "Acme Clinic",
        "--year",
        "2026",
        "IA_BE_27",
        "--note",
        "minutes",
        "--db",
        db,
    )
    _, removed, _ = run(
        capsys, "practice", "evidence-remove", "Acme Clinic", "--year", "2026", "1", "--db", db
    )

    code, out, _ = run(capsys, "practice", "changes", "Acme Clinic", "--year", "2026", "--db", db)

    assert "removed evidence 1 of IA_BE_27 from 'Acme Clinic' (2026)\n" == removed
    assert 0 == code
    lines = out.splitlines()
    assert lines[0].endswith(" practice: - -> Acme Clinic")
    assert lines[-2].endswith(" 2026 IA_BE_27 evidence: - -> #1: minutes")
    assert lines[-1].endswith(" 2026 IA_BE_27 evidence: #1: minutes -> -")


def test_a_backup_holds_every_organization(capsys, db: str, tmp_path: Path) -> None:
    run(capsys, "practice", "add", "Acme Clinic", "--org", "north", "--db", db)
    run(capsys, "practice", "add", "Birch Health", "--db", db)
    copy = tmp_path / "copy.db"

    code, _, _ = run(capsys, "db", "backup", str(copy), "--db", db)
    _, north, _ = run(capsys, "practice", "list", "--org", "north", "--db", str(copy))

    assert 0 == code
    assert "Acme Clinic" in north
