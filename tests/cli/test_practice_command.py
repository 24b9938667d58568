"""``mips-ia practice`` and ``mips-ia db``: the workspace from the command line, on
the database of --db or IA_PLANNER_DB."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import pytest

from optimizer.cli.mips_ia import main
from optimizer.workspace import ENV_VAR
from optimizer.workspace.migrate import head_revision

TODAY = date(2026, 6, 1)
IN_WINDOW = date(2027, 1, 15)
"""A day the 2026 submission window is open (2027-01-04 to 2027-03-31)."""


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def workspace_clock(clock) -> None:  # type: ignore[no-untyped-def]
    """The command line believes it is TODAY."""
    clock(TODAY)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "clients.db")


def _acme(capsys, db: str) -> None:  # type: ignore[no-untyped-def]
    run(
        capsys,
        "practice",
        "add",
        "Acme Clinic",
        "--tin",
        "123456789",
        "--clinicians",
        "6",
        "--db",
        db,
    )
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


def test_a_year_is_planned_tracked_and_attested(capsys, clock, db_url: str, tmp_path: Path) -> None:
    """add, plan, mark, evidence and attest (once the window opens), then show --format
    json returns all of it."""
    evidence = tmp_path / "minutes.pdf"
    evidence.write_bytes(b"%PDF-1 minutes")
    steps = [
        ["add", "Acme Clinic", "--tin", "123456789", "--status", "small-practice"],
        ["plan", "Acme Clinic", "--year", "2026", "--as-of", "2026-01-05"],
        ["mark", "Acme Clinic", "--year", "2026", "IA_PSPA_23", "--status", "done",
         "--start", "2026-02-01", "--end", "2026-05-31", "--owner", "Dr Lee"],
        ["evidence", "Acme Clinic", "--year", "2026", "IA_PSPA_23", "--note", "minutes",
         "--file", str(evidence)],
    ]  # fmt: skip
    codes = [run(capsys, "practice", *step, "--db", db_url)[0] for step in steps]
    clock(IN_WINDOW)
    codes.append(
        run(capsys, "practice", "attest", "Acme Clinic", "--year", "2026", "--db", db_url)[0]
    )

    code, out, _ = run(
        capsys, "practice", "show", "Acme Clinic", "--format", "json", "--db", db_url
    )
    data = json.loads(out)
    (progress,) = data["years"][0]["progress"]
    (kept,) = progress["evidence"]

    assert [0] * (len(steps) + 1) == codes
    assert (0, "done", "Dr Lee") == (code, progress["status"], progress["owner"])
    assert b"%PDF-1 minutes" == base64.b64decode(kept["content_base64"])
    attested = {"credit_from_status": False, "source": "attested", "attested_on": "2027-01-15"}
    assert [{"year": 2026, "activity_id": "IA_PSPA_23", **attested}] == data["attestations"]


def test_the_answers_of_each_step_read_as_sentences(capsys, db: str) -> None:
    """Each command says what it kept."""
    _, added, _ = run(capsys, "practice", "add", "Acme Clinic", "--tin", "12-3456789", "--db", db)
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
    _, marked, _ = run(
        capsys, "practice", "mark", "Acme Clinic", "--year", "2026", "IA_BE_27",
        "--status", "running", "--start", "2026-05-01", "--owner", "Dr Lee", "--db", db,
    )  # fmt: skip
    _, noted, _ = run(
        capsys,
        "practice",
        "evidence",
        "Acme Clinic",
        "--year",
        "2026",
        "IA_BE_27",
        "--note",
        "kick-off",
        "--db",
        db,
    )

    assert f"added 'Acme Clinic' (TIN 123456789) to sqlite+pysqlite:///{db}\n" == added
    assert (
        "IA_BE_27 running: 2026-05-01 to -, 90 days required, owner Dr Lee (version 2)\n" == marked
    )
    assert "kept evidence 1 of IA_BE_27: a note\n" == noted


def test_plan_keeps_the_plan_and_says_so(capsys, db: str) -> None:
    """practice plan prints the plan like mips-ia plan and keeps it."""
    run(capsys, "practice", "add", "Acme Clinic", "--db", db)

    code, out, err = run(
        capsys, "practice", "plan", "Acme Clinic", "--year", "2026", "--format", "json", "--db", db
    )

    assert (0, ["IA_BE_27", "IA_PSPA_23"]) == (
        code,
        [a["id"] for a in json.loads(out)["activities"]],
    )
    assert (
        f"kept the 2026 plan of 'Acme Clinic' with 2 tracked activities in sqlite+pysqlite:///{db}\n"
        == err
    )


def test_an_attested_year_limits_the_next_plan(capsys, clock, db: str) -> None:
    """IA_PSPA_23 attested for 2025 (once every 4 years) is not planned for 2026."""
    run(capsys, "practice", "add", "Acme Clinic", "--db", db)
    run(
        capsys,
        "practice",
        "plan",
        "Acme Clinic",
        "--year",
        "2025",
        "--as-of",
        "2025-01-05",
        "--db",
        db,
    )
    for activity in ("IA_PSPA_23", "IA_AHE_7"):
        run(
            capsys, "practice", "mark", "Acme Clinic", "--year", "2025", activity,
            "--status", "done", "--start", "2025-02-01", "--end", "2025-05-31", "--db", db,
        )  # fmt: skip
    clock(date(2026, 1, 15))  # 2025's submission window is open
    assert 0 == run(capsys, "practice", "attest", "Acme Clinic", "--year", "2025", "--db", db)[0]
    clock(TODAY)

    _, out, _ = run(
        capsys, "practice", "plan", "Acme Clinic", "--year", "2026", "--format", "json", "--db", db
    )

    assert "IA_PSPA_23" not in [a["id"] for a in json.loads(out)["activities"]]


def test_list_shows_every_practice(capsys, db: str) -> None:
    """One line per practice: year, plan, points, progress, risks and submission window."""
    _acme(capsys, db)
    run(capsys, "practice", "add", "Beta", "--db", db)

    _, out, _ = run(capsys, "practice", "list", "--db", db)

    assert [
        "Practice     TIN        Year  Plan     Points  Progress     At risk  Submission",
        "Acme Clinic  123456789  2026  optimal  40/40   0 of 2 done           opens 2027-01-04",
        "Beta                          no plan",
    ] == out.splitlines()


def test_the_environment_variable_names_the_database(capsys, db: str, monkeypatch) -> None:
    """Without --db the commands use IA_PLANNER_DB."""
    monkeypatch.setenv(ENV_VAR, db)
    run(capsys, "practice", "add", "Acme Clinic")

    _, out, _ = run(capsys, "practice", "list", "--format", "json", "--db", db)

    assert ["Acme Clinic"] == [r["practice"] for r in json.loads(out)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["mark", "Acme Clinic", "--year", "2026", "IA_BE_27", "--status", "done",
             "--start", "2026-03-01", "--end", "2026-04-30"],
            "IA_BE_27 must run at least 90 continuous days: 2026-03-01 to 2026-04-30 is 61 days",
        ),
        (
            ["plan", "Acme Clinic"],
            "practice plan needs --year: the performance year to plan, such as 2026",
        ),
        (
            ["show", "Acme Clinik"],
            "no practice named 'Acme Clinik' in sqlite+pysqlite:///{db}; "
            "did you mean 'Acme Clinic'?",
        ),
        (
            ["add", "acme clinic"],
            "a practice named 'acme clinic' already exists in sqlite+pysqlite:///{db}",
        ),
        (
            ["evidence", "Acme Clinic", "--year", "2026", "IA_BE_27", "--note", "x",
             "--file", "/nowhere/m.pdf"],
            "cannot read /nowhere/m.pdf: No such file or directory",
        ),
    ],
    ids=["short period", "no year", "unknown practice", "same name", "missing file"],
)  # fmt: skip
def test_bad_input_is_one_line_on_stderr_and_exit_2(capsys, db: str, args, message) -> None:
    """Every refusal is the workspace's message in words, and nothing is written."""
    _acme(capsys, db)
    before = run(capsys, "practice", "show", "Acme Clinic", "--format", "json", "--db", db)[1]

    code, out, err = run(capsys, "practice", *args, "--db", db)

    assert (2, "", f"mips-ia: error: {message.format(db=db)}\n") == (code, out, err)
    assert (
        before == run(capsys, "practice", "show", "Acme Clinic", "--format", "json", "--db", db)[1]
    )


def test_db_backup_writes_a_workspace_file(capsys, db: str, tmp_path: Path) -> None:
    """db backup PATH copies the workspace; --db PATH opens the copy."""
    _acme(capsys, db)
    target = tmp_path / "backup.db"

    code, out, _ = run(capsys, "db", "backup", str(target), "--db", db)
    _, listed, _ = run(capsys, "practice", "list", "--format", "json", "--db", str(target))

    assert 0 == code
    assert f"backed up sqlite+pysqlite:///{db} to {target} (open it with --db {target})\n" == out
    assert ["Acme Clinic"] == [r["practice"] for r in json.loads(listed)]


def test_db_info_says_where_the_database_is(capsys, db: str) -> None:
    """db info names the database, its schema revision and the practices it holds."""
    _acme(capsys, db)

    _, out, _ = run(capsys, "db", "info", "--db", db)

    assert [
        f"database: sqlite+pysqlite:///{db}",
        f"schema: {head_revision()}",
        "practices: 1",
    ] == out.splitlines()


def test_a_workbook_restores_the_choices_of_a_practice_plan(
    capsys, db: str, tmp_path: Path
) -> None:
    """--from-workbook starts from the workbook's scenario, its history joining the database's."""
    history = tmp_path / "history.csv"
    history.write_text("Activity ID,Performance year\nIA_PSPA_23,2024\n")
    workbook = tmp_path / "plan.xlsx"
    run(
        capsys,
        "plan",
        "--year",
        "2026",
        "--status",
        "rural",
        "--history",
        str(history),
        "--excel",
        str(workbook),
    )
    run(capsys, "practice", "add", "Acme Clinic", "--db", db)

    run(
        capsys,
        "practice",
        "plan",
        "Acme Clinic",
        "--year",
        "2026",
        "--from-workbook",
        str(workbook),
        "--db",
        db,
    )
    _, out, _ = run(capsys, "practice", "show", "Acme Clinic", "--format", "json", "--db", db)
    scenario = json.loads(out)["years"][0]["scenario"]

    expected = (["rural"], [{"activity_id": "IA_PSPA_23", "year": 2024}])
    assert expected == (scenario["statuses"], scenario["history"])


def test_db_info_reads_an_older_database_without_upgrading_it(capsys, db: str) -> None:
    """db info says an older schema will be upgraded, and leaves it as it is."""
    from optimizer.workspace.connection import make_engine, resolve_url
    from optimizer.workspace.migrate import current_revision, head_revision, upgrade

    engine = make_engine(resolve_url(db, {}))
    upgrade(engine, "0001")

    code, out, _ = run(capsys, "db", "info", "--db", db)

    with engine.connect() as connection:
        revision = current_revision(connection)
    engine.dispose()
    assert (0, "0001") == (code, revision)
    assert [
        f"database: sqlite+pysqlite:///{db}",
        f"schema: 0001 (this IA Planner's is {head_revision()}: upgraded when next opened)",
    ] == out.splitlines()


def test_db_info_of_a_missing_file_makes_no_file(capsys, db: str) -> None:
    """db info on a file not yet made says so and does not make it."""
    code, out, _ = run(capsys, "db", "info", "--db", db)

    assert (0, False) == (code, Path(db).exists())
    assert [
        f"database: sqlite+pysqlite:///{db}",
        "no database there yet: it is made on first use",
    ] == out.splitlines()


@pytest.mark.parametrize(
    "command",
    [("db", "info"), ("db", "backup", "copy.db"), ("practice", "list")],
    ids=["info", "backup", "list"],
)
def test_a_db_that_is_not_a_database_is_one_line_exit_2(
    capsys, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """--db naming a text file is refused in one line, and the file is left alone."""
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n")

    code, out, err = run(capsys, *command, "--db", str(notes))

    assert (2, "") == (code, out)
    assert (
        f"mips-ia: error: {notes} is not a SQLite database (it does not start with SQLite's "
        "header): give the workspace file, a new file name, or a database URL\n" == err
    )
    assert "shopping list\n" == notes.read_text()


def test_db_restore_puts_a_backup_into_a_new_database(capsys, db: str, tmp_path: Path) -> None:
    """db backup then db restore into an empty database gives back the practices."""
    _acme(capsys, db)
    target = tmp_path / "backup.db"
    run(capsys, "db", "backup", str(target), "--db", db)
    fresh = str(tmp_path / "fresh.db")

    code, out, _ = run(capsys, "db", "restore", str(target), "--db", fresh)
    _, listed, _ = run(capsys, "practice", "list", "--format", "json", "--db", fresh)

    assert 0 == code
    assert f"restored {target} into sqlite+pysqlite:///{fresh}: 1 practice\n" == out
    assert ["Acme Clinic"] == [r["practice"] for r in json.loads(listed)]


def test_practice_show_prints_control_characters_escaped(capsys, db: str) -> None:
    """Escape sequences and bidi overrides kept in names, owners and notes print as
    visible escapes, never raw, in every text printout."""
    name = "Acme\x1b[2J Clinic"
    run(capsys, "practice", "add", name, "--db", db)
    run(capsys, "practice", "plan", name, "--year", "2026", "--as-of", "2026-01-05", "--db", db)
    _, marked, _ = run(
        capsys, "practice", "mark", name, "--year", "2026", "IA_BE_27",
        "--owner", "Dr \u202eeeL", "--db", db,
    )  # fmt: skip
    run(
        capsys, "practice", "evidence", name, "--year", "2026", "IA_BE_27",
        "--note", "see \x1b]8;;http://x.test\x07here\x1b]8;;\x07", "--db", db,
    )  # fmt: skip

    _, shown, _ = run(capsys, "practice", "show", name, "--db", db)
    _, listed, _ = run(capsys, "practice", "list", "--db", db)

    for out in (marked, shown, listed):
        assert not any(c in out for c in "\x1b\x07\u202e")
    assert "Acme\\x1b[2J Clinic" in shown
    assert "owner Dr \\u202eeeL" in shown
    assert "see \\x1b]8;;http://x.test\\x07here\\x1b]8;;\\x07" in shown
    assert "Acme\\x1b[2J Clinic" in listed


def test_plan_refuses_a_pairings_file_with_an_unknown_activity(capsys, db: str, tmp_path) -> None:
    """practice plan reads --pairings like mips-ia plan: an ID not in the year's list is named."""
    run(capsys, "practice", "add", "Acme Clinic", "--db", db)
    pairings = tmp_path / "pairings.csv"
    pairings.write_text("Activity ID,Quality measure\nIA_EPA_99,001\n", encoding="utf-8")

    code, _, err = run(
        capsys,
        "practice",
        "plan",
        "Acme Clinic",
        "--year",
        "2026",
        "--as-of",
        "2026-01-15",
        "--pairings",
        str(pairings),
        "--db",
        db,
    )

    assert 2 == code
    assert "IA_EPA_99 is not in the 2026 inventory" in err


def _acme_done(capsys, db: str, end: str = "2026-05-31") -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    """Acme's 2026 plan (IA_BE_27, IA_PSPA_23) with both marked done."""
    _acme(capsys, db)
    for activity in ("IA_BE_27", "IA_PSPA_23"):
        result = run(
            capsys, "practice", "mark", "Acme Clinic", "--year", "2026", activity,
            "--status", "done", "--start", "2026-02-01", "--end", end, "--db", db,
        )  # fmt: skip
    return result


def test_attest_before_the_window_opens_is_refused_with_the_reason(capsys, db: str) -> None:
    """On 2026-06-01 the 2026 year cannot be attested: exit 2, the reason, nothing kept."""
    _acme_done(capsys, db)

    code, out, err = run(capsys, "practice", "attest", "Acme Clinic", "--year", "2026", "--db", db)

    assert (2, "") == (code, out)
    assert (
        "mips-ia: error: 'Acme Clinic' (2026) cannot be attested: the 2026 submission window opens "
        "2027-01-04: attest from then (today is 2026-06-01)\n"
    ) == err


def test_attest_with_an_activity_not_done_is_refused(capsys, clock, db: str) -> None:
    """One of two activities done: exit 2, the activity and the points said."""
    _acme(capsys, db)
    run(
        capsys, "practice", "mark", "Acme Clinic", "--year", "2026", "IA_BE_27",
        "--status", "done", "--start", "2026-02-01", "--end", "2026-05-31", "--db", db,
    )  # fmt: skip
    clock(IN_WINDOW)

    code, _, err = run(capsys, "practice", "attest", "Acme Clinic", "--year", "2026", "--db", db)

    assert 2 == code
    assert (
        "mips-ia: error: 'Acme Clinic' (2026) cannot be attested: IA_PSPA_23 is planned, not done: "
        "mark it done with its dates, or dropped if it will not be done; the activities done "
        "reach 20 of the 40 points the plan aims for\n"
    ) == err


def _shown(capsys, db: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return json.loads(
        run(capsys, "practice", "show", "Acme Clinic", "--format", "json", "--db", db)[1]
    )


def test_attest_is_accepted_once_everything_holds(capsys, clock, db: str) -> None:
    """Both done and ended, in the window: exit 0, both attested."""
    _acme_done(capsys, db)
    clock(IN_WINDOW)

    code, _, _ = run(capsys, "practice", "attest", "Acme Clinic", "--year", "2026", "--db", db)

    assert 0 == code
    assert ["IA_BE_27", "IA_PSPA_23"] == [
        a["activity_id"] for a in _shown(capsys, db)["attestations"]
    ]


def test_mark_done_with_an_end_after_today_is_refused(capsys, db: str) -> None:
    """On 2026-06-01 an activity ending 2026-12-31 is not done yet: exit 2."""
    code, _, err = _acme_done(capsys, db, end="2026-12-31")

    assert (
        2,
        "mips-ia: error: IA_PSPA_23 cannot be done with its end date 2026-12-31 after today "
        "(2026-06-01): mark it running until it ends\n",
    ) == (code, err)


def test_an_app_year_is_shown_as_credit_from_the_status(capsys, clock, db: str) -> None:
    """An APP year's attestation is said in words by attest, show, the JSON and the
    change log: never as an activity called STATUS_CREDIT."""
    run(capsys, "practice", "add", "App Group", "--db", db)
    run(
        capsys, "practice", "plan", "App Group", "--year", "2026", "--app",
        "--as-of", "2026-01-05", "--db", db,
    )  # fmt: skip
    clock(IN_WINDOW)

    _, attested, _ = run(capsys, "practice", "attest", "App Group", "--year", "2026", "--db", db)
    _, shown, _ = run(capsys, "practice", "show", "App Group", "--db", db)
    _, data, _ = run(capsys, "practice", "show", "App Group", "--format", "json", "--db", db)
    _, logged, _ = run(capsys, "practice", "changes", "App Group", "--db", db)

    assert (
        "attested 'App Group' for 2026 on its status: its full credit needs no activity\n"
        == attested
    )
    assert shown.endswith("Attested:\n  2026 full credit from the status (attested)\n")
    assert [(2026, None, True)] == [
        (a["year"], a["activity_id"], a["credit_from_status"])
        for a in json.loads(data)["attestations"]
    ]
    assert logged.rstrip().endswith("2026 attested: - -> full credit from the status")
    assert "STATUS_CREDIT" not in attested + shown + data + logged
