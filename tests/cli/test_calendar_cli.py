"""``--ics FILE`` on ``plan``, ``roadmap`` and ``practice show``: the plan's dates as
a calendar file, the same bytes as the library's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from optimizer import Scenario, plan
from optimizer.cli.mips_ia import main
from optimizer.exports.calendar_ics import plan_calendar, practice_year_calendar
from optimizer.workspace import get_practice_year, open_workspace

TODAY = date(2026, 6, 1)


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def workspace_clock(clock) -> None:  # type: ignore[no-untyped-def]
    """The command line believes it is TODAY."""
    clock(TODAY)


def test_plan_writes_the_calendar_of_its_plan(capsys, tmp_path: Path) -> None:
    """`plan --ics` writes what plan_calendar gives for the same plan, and says so."""
    ics = tmp_path / "plan.ics"
    code, _, err = run(capsys, "plan", "--year", "2026", "--as-of", "2026-01-15", "--ics", str(ics))

    assert 0 == code
    assert f"wrote {ics}" in err
    assert plan_calendar(plan(Scenario(year=2026), as_of=date(2026, 1, 15))) == ics.read_bytes()


def test_roadmap_writes_every_years_dates(capsys, tmp_path: Path) -> None:
    """`roadmap --ics` over two years: each year's submission window closes in the file."""
    ics = tmp_path / "roadmap.ics"
    code, _, _ = run(
        capsys, "roadmap", "--years", "2026-2027", "--as-of", "2026-01-15", "--ics", str(ics)
    )
    data = ics.read_bytes()

    assert 0 == code
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"UID:py2026-submission-closes@ia-planner\r\n" in data
    assert b"UID:py2027-submission-closes@ia-planner\r\n" in data


def test_practice_show_writes_the_latest_planned_year(capsys, tmp_path: Path) -> None:
    """`practice show --ics` without --year: the latest year planned, from the workspace."""
    db, ics = str(tmp_path / "clients.db"), tmp_path / "acme.ics"
    run(capsys, "practice", "add", "Acme Clinic", "--clinicians", "6", "--db", db)
    for year in ("2025", "2026"):
        run(
            capsys,
            "practice",
            "plan",
            "Acme Clinic",
            "--year",
            year,
            "--as-of",
            f"{year}-01-05",
            "--db",
            db,
        )
    code, _, err = run(capsys, "practice", "show", "Acme Clinic", "--ics", str(ics), "--db", db)

    assert 0 == code
    assert f"wrote {ics}" in err
    with open_workspace(db) as ws:
        expected = practice_year_calendar(get_practice_year(ws, "Acme Clinic", 2026))
    assert expected == ics.read_bytes()


def test_practice_show_of_a_practice_without_a_plan_has_no_calendar(capsys, tmp_path) -> None:
    """No plan, no file and nothing shown: one line on stderr, exit 2."""
    db, ics = str(tmp_path / "clients.db"), tmp_path / "none.ics"
    run(capsys, "practice", "add", "Acme Clinic", "--db", db)
    code, out, err = run(capsys, "practice", "show", "Acme Clinic", "--ics", str(ics), "--db", db)

    assert (2, "") == (code, out)
    assert (
        "mips-ia: error: no calendar: 'Acme Clinic' has no plan yet "
        "(plan a year with practice plan)\n" == err
    )
    assert not ics.exists()
