"""The ``mips-ia`` command: the same engine as the app, for consultants and scripts.
Each command lives in its own module (``plan_command``, ``roadmap_command``,
``batch_command``, ``import_command``, ``data_command``); this one parses, dispatches
and turns errors into words.

Exit codes: 0 a plan (or full credit), 1 no plan exists (infeasible), 2 bad input
(one line naming the file, row or cell and what is wrong), 3 a bug of IA Planner (one
line naming the log file holding the traceback). ``batch`` returns 2 if any row
failed, else 1 if any practice has no plan, else 0.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from datetime import date
from types import ModuleType

from optimizer.cli.crash_log import write_crash_log
from optimizer.cli.terminal import escaped
from optimizer.clock import today
from optimizer.errors import PlannerError

EXIT_BAD_INPUT = 2
EXIT_BUG = 3
CLOCK: Callable[[], date] = today
"""Where the command reads today's date (once per run, IA_PLANNER_TODAY when set): the
default --as-of."""
COMMANDS: dict[str, str] = {
    "plan": "optimizer.cli.plan_command",
    "roadmap": "optimizer.cli.roadmap_command",
    "batch": "optimizer.cli.batch_command",
    "import-cms": "optimizer.cli.import_command",
    "data": "optimizer.cli.data_command",
    "practice": "optimizer.cli.practice_command",
    "db": "optimizer.cli.db_command",
    "token": "optimizer.cli.token_command",
}
"""Each command's module: ``add_parser(subparsers)`` and ``run(args, today) -> exit code``.
Only the module of the command run is imported: together they load the database,
Excel and solver libraries, a second or two that a ``batch`` need not wait for."""


def command_module(name: str) -> ModuleType:
    """The module of the command ``name`` (imported on first use)."""
    return importlib.import_module(COMMANDS[name])


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, when its first word names one (after ``-h`` or a
    typo, every command is loaded for the help or the error)."""
    return argv[0] if argv and argv[0] in COMMANDS else None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of only ``command`` (the others are then listed
    by name alone, which is all their parse of ``command``'s arguments shows)."""
    parser = _Parser(
        prog="mips-ia",
        description="Plan the lowest-effort MIPS improvement activities for full credit.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        if command is None or name == command:
            command_module(name).add_parser(sub)
        else:
            sub.add_parser(name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``mips-ia`` and ``python -m optimizer``."""
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_command_in(words)).parse_args(words)
    try:
        code: int = command_module(args.command).run(args, CLOCK())
    except PlannerError as exc:
        print(f"mips-ia: error: {escaped(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug of ours: never exit 1, which means "no plan"
        log = write_crash_log(exc, words)
        where = f"the details are in {log}" if log else "no log file could be written"
        print(
            f"mips-ia: internal error ({type(exc).__name__}), a bug in IA Planner and not "
            f"in your input; {where}: please send it with a report",
            file=sys.stderr,
        )
        return EXIT_BUG
    return code
