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
import sys
from collections.abc import Callable, Sequence
from datetime import date
from types import ModuleType

from optimizer.cli import (
    batch_command,
    data_command,
    db_command,
    import_command,
    plan_command,
    practice_command,
    roadmap_command,
    token_command,
)
from optimizer.cli.crash_log import write_crash_log
from optimizer.cli.terminal import escaped
from optimizer.clock import today
from optimizer.errors import PlannerError

EXIT_BAD_INPUT = 2
EXIT_BUG = 3
CLOCK: Callable[[], date] = today
"""Where the command reads today's date (once per run, IA_PLANNER_TODAY when set): the
default --as-of."""
COMMANDS: dict[str, ModuleType] = {
    "plan": plan_command,
    "roadmap": roadmap_command,
    "batch": batch_command,
    "import-cms": import_command,
    "data": data_command,
    "practice": practice_command,
    "db": db_command,
    "token": token_command,
}
"""Each command's module: ``add_parser(subparsers)`` and ``run(args, today) -> exit code``."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mips-ia",
        description="Plan the lowest-effort MIPS improvement activities for full credit.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in COMMANDS.values():
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``mips-ia`` and ``python -m optimizer``."""
    args = build_parser().parse_args(argv)
    try:
        code: int = COMMANDS[args.command].run(args, CLOCK())
    except PlannerError as exc:
        print(f"mips-ia: error: {escaped(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug of ours: never exit 1, which means "no plan"
        log = write_crash_log(exc, list(sys.argv[1:] if argv is None else argv))
        where = f"the details are in {log}" if log else "no log file could be written"
        print(
            f"mips-ia: internal error ({type(exc).__name__}), a bug in IA Planner and not "
            f"in your input; {where}: please send it with a report",
            file=sys.stderr,
        )
        return EXIT_BUG
    return code
