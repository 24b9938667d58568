"""A command loads only the libraries it uses: ``mips-ia batch`` does not wait for
the database, Excel or solver libraries of the other commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("alembic", "openpyxl", "pulp", "sqlalchemy")


def _loaded_after(argv: list[str]) -> list[str]:
    code = (
        "import contextlib, io, sys\n"
        "from optimizer.cli.mips_ia import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main({argv!r})\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return [m for m in done.stdout.strip().split(",") if m]


def test_batch_loads_no_database_excel_or_solver_library() -> None:
    """``mips-ia batch --template`` imports none of sqlalchemy, alembic, openpyxl, pulp."""
    assert [] == _loaded_after(["batch", "--template"])


def test_help_still_lists_every_command() -> None:
    """``mips-ia --help`` loads every command, to list each with its help."""
    from optimizer.cli.mips_ia import COMMANDS, build_parser

    text = build_parser().format_help()
    assert all(f"    {name} " in text for name in COMMANDS)
