"""``mips-ia batch``: every practice of a table planned, to a workbook or JSON lines."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.batch.plans import batch_outputs, batch_workbook
from optimizer.batch.practices import columns_help, read_practices, template
from optimizer.cli.files import read_file, write_file
from optimizer.cli.scenario_options import as_of_date
from optimizer.errors import PlannerError
from optimizer.planning.solve.status import Solver
from optimizer.planning.year_ahead import actionable_year

EXIT_OK, EXIT_INFEASIBLE, EXIT_BAD_INPUT = 0, 1, 2


def add_parser(sub: Any) -> None:
    b = sub.add_parser(
        "batch",
        help="plan every practice of a table (xlsx, CSV or JSON)",
        description="Plan every practice of a table: one row per practice, with a header "
        "row of these columns (only Practice is required; any other column is refused):\n"
        + columns_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    b.add_argument(
        "practices", type=Path, nargs="?", help="one row per practice: Practice, Year, ..."
    )
    b.add_argument(
        "--template", action="store_true", help="print a practices table with every column"
    )
    b.add_argument("--out", type=Path, help="where to write the plans (.xlsx; .jsonl for json)")
    b.add_argument("--format", choices=["xlsx", "json"], default="xlsx")
    b.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes (default: every core from 2,000 practices, or 200 with highs or cbc)",
    )
    b.add_argument("--solver", choices=[s.value for s in Solver], default="auto")
    b.add_argument(
        "--as-of",
        type=as_of_date,
        metavar="YYYY-MM-DD",
        help="plan as on this day (default: today): no activity starts before it",
    )


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} practices")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run(args: argparse.Namespace, today: date) -> int:
    if args.template:
        sys.stdout.write(template())
        return EXIT_OK
    if args.practices is None:
        msg = "batch needs a practices table (or --template to print one)"
        raise PlannerError(msg)
    if args.format == "xlsx" and args.out is None:
        msg = "batch needs --out plans.xlsx for a workbook (or --format json for stdout)"
        raise PlannerError(msg)
    if args.jobs is not None and args.jobs < 1:
        msg = f"--jobs must be 1 or more, got {args.jobs}"
        raise PlannerError(msg)
    as_of = args.as_of or today
    practices = read_practices(
        read_file(args.practices),
        args.practices.name,
        base_dir=args.practices.parent,
        default_year=actionable_year(as_of)[0],
    )
    results = batch_outputs(
        practices,
        args.format,
        jobs=args.jobs,
        solver=args.solver,
        progress=_progress if sys.stderr.isatty() else None,
        as_of=as_of,
    )
    if args.format == "json":
        text = "".join(f"{r.json_line}\n" for r in results)
        if args.out is None:
            sys.stdout.write(text)
        else:
            write_file(args.out, text.encode("utf-8"))
    else:
        write_file(args.out, batch_workbook(results))
    failed = [r for r in results if r.failed]
    for result in failed:
        print(f"mips-ia: error: {result.error}", file=sys.stderr)
    infeasible = sum(1 for r in results if r.infeasible)
    print(
        f"{len(results) - len(failed)} of {len(results)} practices planned"
        f" ({infeasible} with no plan), {len(failed)} failed",
        file=sys.stderr,
    )
    if failed:
        return EXIT_BAD_INPUT
    return EXIT_INFEASIBLE if infeasible else EXIT_OK
