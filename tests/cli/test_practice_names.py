"""The command line names a group's clinicians as the roster does, the NPI only where
the roster gives no name: in 'Who does what' of a plan, and in a practice's progress."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from optimizer.cli.mips_ia import main

LEE, KIM = "1234567893", "1245319599"


def run(capsys, *args: str) -> str:  # type: ignore[no-untyped-def]
    assert 0 == main(list(args))
    return str(capsys.readouterr().out)


@pytest.fixture
def group(capsys, clock, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """A group of 2, Dr Lee named and 1245319599 without a name, planned for 2026."""
    clock(date(2026, 6, 1))
    db = str(tmp_path / "ws.db")
    roster = tmp_path / "roster.csv"
    roster.write_text(f"NPI,Name\n{LEE},Dr Lee\n{KIM},\n")
    run(
        capsys, "practice", "add", "Acme", "--reporting", "group", "--clinicians", "2",
        "--roster", str(roster), "--db", db,
    )  # fmt: skip
    run(capsys, "practice", "plan", "Acme", "--year", "2026", "--as-of", "2026-01-05", "--db", db)
    return db


def test_mark_names_the_clinicians_taking_part(capsys, group: str) -> None:  # type: ignore[no-untyped-def]
    """'clinicians Dr Lee, 1245319599': the name, else the NPI."""
    out = run(
        capsys, "practice", "mark", "Acme", "--year", "2026", "IA_BE_27", "--status", "running",
        "--start", "2026-02-01", "--participants", f"{LEE},{KIM}", "--db", group,
    )  # fmt: skip

    assert f"clinicians Dr Lee, {KIM} " in out
    assert LEE not in out


def test_show_names_who_does_what_and_who_took_part(capsys, group: str) -> None:  # type: ignore[no-untyped-def]
    """The year's 'Who does what' and each activity's clinicians, by name."""
    run(
        capsys, "practice", "mark", "Acme", "--year", "2026", "IA_BE_27",
        "--participants", LEE, "--db", group,
    )  # fmt: skip

    out = run(capsys, "practice", "show", "Acme", "--db", group)

    assert "  Who does what:\n" in out
    assert ", clinicians Dr Lee" in out
    assert LEE not in out


def test_plan_names_who_does_what(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The plan table's 'Who does what' names Dr Lee, not '1234567893 (Dr Lee)'."""
    roster = tmp_path / "roster.csv"
    roster.write_text(f"NPI,Name\n{LEE},Dr Lee\n,Dr Kim\n")

    out = run(
        capsys, "plan", "--year", "2025", "--as-of", "2025-01-02", "--reporting", "group",
        "--roster", str(roster),
    )  # fmt: skip

    assert "Who does what:" in out
    assert "Dr Lee" in out
    assert LEE not in out
