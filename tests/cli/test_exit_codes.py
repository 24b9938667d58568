"""Exit codes of mips-ia on bad input (2, one line naming the file and the cell) and
on a bug of ours (3, one line naming the log file): never a traceback, never 1."""

from __future__ import annotations

import os
from pathlib import Path

import malformed_files as bad
import pytest

from optimizer.cli import plan_command
from optimizer.cli.mips_ia import main

EFFORTS = "Activity ID,Effort\nIA_EPA_1,{}\n"


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["plan", "--year", "2026", "--as-of", "2026-01-15", *args])
    return code, capsys.readouterr().err


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("mips-ia: error")]
    assert 1 == len(lines), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("e.xlsx", bad.broken_xml, "e.xlsx: a part of the workbook is damaged XML"),
        ("e.xlsx", bad.billion_laughs, "e.xlsx: the part xl/worksheets/sheet1.xml declares a DTD"),
        ("e.xlsx", bad.external_entity, "e.xlsx: the part xl/worksheets/sheet1.xml declares"),
        ("e.xlsx", bad.far_cell, "e.xlsx, sheet 'Sheet1': spans to XFD1048576, past the"),
        ("e.xlsx", bad.zip_bomb, "e.xlsx: the part xl/worksheets/sheet1.xml unpacks"),
        ("e.xlsx", bad.formula_without_value, "e.xlsx, sheet 'Sheet1': cell B2 holds a formula"),
        ("e.json", bad.deep_json, "e.json: JSON nested 50,000 deep"),
        ("e.csv", lambda: EFFORTS.format("²⁰²⁴").encode(), "e.csv, line 2, column 'Effort': must"),
        ("e.csv", lambda: EFFORTS.format("1_0").encode(), "e.csv, line 2, column 'Effort': must"),
        ("e.csv", lambda: EFFORTS.format("1e308").encode(), "e.csv, line 2, column 'Effort': must"),
        (
            "e.json",
            lambda: b'[{"Activity ID": "IA_EPA_1", "Effort": NaN}]',
            "e.json: JSON holds NaN, which is not a number: write a number or null",
        ),
        (
            "e.csv",
            lambda: b"Activity ID,Effort,Effort\nIA_EPA_1,2,30\n",
            "e.csv: the column 'Effort' appears twice (also 'Effort', column 2)",
        ),
        ("e.csv", bad.cp1252_csv, "e.csv: line 2 is not UTF-8 text (byte 0xE9)"),
    ],
    ids=[
        "broken XML",
        "billion laughs",
        "external entity",
        "cell at XFD1048576",
        "zip bomb",
        "formula without value",
        "deep JSON",
        "unicode digits",
        "underscore digits",
        "1e308",
        "JSON NaN",
        "duplicate header",
        "cp1252",
    ],
)
def test_a_bad_efforts_file_exits_2_with_one_line(capsys, tmp_path, name, make, expected) -> None:
    """Each malformed efforts file exits 2 with one line naming the file (and cell)."""
    path = tmp_path / name
    path.write_bytes(make())
    code, err = run(capsys, "--efforts", str(path))
    line = one_error_line(err)
    assert (2, f"mips-ia: error: {expected}") == (code, line[: len(expected) + 16])


def test_a_fifo_exits_2_without_hanging(capsys, tmp_path) -> None:
    """A named pipe as the efforts file is refused at once (reading it would wait)."""
    fifo = tmp_path / "efforts.csv"
    os.mkfifo(fifo)
    code, err = run(capsys, "--efforts", str(fifo))
    expected = (
        f"mips-ia: error: {fifo} is not a regular file (a pipe or a device): give a saved file"
    )
    assert (2, expected) == (code, one_error_line(err))


def test_dev_zero_exits_2(capsys) -> None:
    """/dev/zero as the history file is refused, not read forever."""
    code, err = run(capsys, "--history", "/dev/zero")
    assert (
        2,
        "mips-ia: error: /dev/zero is not a regular file (a pipe or a device): give a saved file",
    ) == (code, one_error_line(err))


def test_suspended_on_no_is_refused(capsys, tmp_path) -> None:
    """'no' in Suspended on is refused (it used to suspend every activity)."""
    path = tmp_path / "inventory.csv"
    path.write_text(
        "Activity ID,Activity Title,Subcategory Name,Activity Weighting,Suspended on\n"
        "IA_EPA_1,Access,Expanded Practice Access,High,no\n"
    )
    code, err = run(capsys, "--inventory", str(path))
    expected = (
        "mips-ia: error: inventory.csv, line 2, column 'Suspended on': must be the day CMS "
        "suspended the activity, such as 2025-05-06, or empty; got 'no'"
    )
    assert (2, expected) == (code, one_error_line(err))


def test_a_bug_exits_3_with_the_log_path(capsys, tmp_path, monkeypatch) -> None:
    """An exception that is not a PlannerError exits 3 (not 1, 'no plan') and logs its
    traceback to a file the one line names."""

    def broken(args, today):
        raise KeyError("measureId")

    monkeypatch.setenv("IA_PLANNER_LOG_DIR", str(tmp_path))
    monkeypatch.setattr(plan_command, "run", broken)
    code = main(["plan", "--as-of", "2026-01-15"])
    err = capsys.readouterr().err
    [log] = list(tmp_path.glob("crash-*.log"))
    expected = (
        "mips-ia: internal error (KeyError), a bug in IA Planner and not in your input; "
        f"the details are in {log}: please send it with a report\n"
    )
    assert (3, expected) == (code, err)
    assert "KeyError: 'measureId'" in log.read_text()
    assert "Traceback (most recent call last)" in log.read_text()


def test_the_crash_log_falls_back_to_the_temporary_folder(capsys, tmp_path, monkeypatch) -> None:
    """A log folder that cannot be made (a file is in its way) sends the log to the
    temporary folder, still named."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("IA_PLANNER_LOG_DIR", str(blocker / "logs"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(plan_command, "run", lambda args, today: 1 / 0)
    code = main(["plan", "--as-of", "2026-01-15"])
    err = capsys.readouterr().err
    assert 3 == code
    assert [Path(p) for p in tmp_path.glob("crash-*.log")] != []
    assert str(tmp_path) in err


def test_an_error_line_shows_control_characters_as_escapes(capsys, tmp_path) -> None:
    """A file name holding an escape sequence (here: clear the screen) is named in the
    error line with the sequence shown, not sent to the terminal."""
    missing = tmp_path / "efforts\x1b[2J.csv"
    code, err = run(capsys, "--efforts", str(missing))
    assert 2 == code
    line = one_error_line(err)
    assert "\x1b" not in line
    assert "efforts\\x1b[2J.csv" in line
