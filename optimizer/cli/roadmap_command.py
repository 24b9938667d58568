"""``mips-ia roadmap``: several performance years planned together, as a
year-by-activity table or JSON, with the workbook on request. It takes every
planning option of ``plan``; the practice's statuses may differ by year."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.cli.files import read_file, write_file
from optimizer.cli.roadmap_table import format_roadmap
from optimizer.cli.scenario_options import (
    NO_STATUS,
    add_scenario_options,
    scenario_from_args,
    scenario_with_workbook,
)
from optimizer.cli.terminal import say
from optimizer.errors import PlannerError
from optimizer.exports.calendar_ics import roadmap_calendar
from optimizer.exports.roadmap_sheet import write_roadmap_workbook
from optimizer.model import Inventory, Pairings, PlanStatus, Scenario, SpecialStatus
from optimizer.planning.roadmap.build import DEFAULT_REPEAT_EFFORT, roadmap
from optimizer.planning.roadmap.year_plans import repeat_effort_problem
from optimizer.planning.roadmap.years import (
    DEFAULT_SPAN,
    default_last_year,
    first_open_year,
    span_problem,
)
from optimizer.planning.solve.status import check_available
from optimizer.sources.bundled import latest_year
from optimizer.sources.inventory import read_inventory

EXIT_OK, EXIT_INFEASIBLE = 0, 1
"""Years planned when --years is not given: one whole cycle of the once-every-4-years
activities (IA_PSPA_4, IA_PSPA_22, IA_PSPA_23)."""


def _years(text: str) -> tuple[int, int]:
    """'2026-2029' (or '2026', one year) -> (2026, 2029)."""
    first, _, last = text.partition("-")
    if not (first.strip().isdigit() and (not last or last.strip().isdigit())):
        msg = f"give the years as FIRST-LAST, e.g. 2026-2029, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    span = (int(first), int(last or first))
    problem = span_problem(*span)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return span


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    problem = repeat_effort_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem.replace(repr(value), repr(text)))
    return value


def _status_in(text: str) -> tuple[int, SpecialStatus | None]:
    """'2027:rural' -> (2027, RURAL); '2027:none' -> (2027, None)."""
    year, _, status = text.partition(":")
    choices = [*(s.value for s in SpecialStatus), NO_STATUS]
    if not year.strip().isdigit() or status.strip() not in choices:
        msg = f"give YEAR:STATUS with STATUS one of {', '.join(choices)}, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    status = status.strip()
    return int(year), None if status == NO_STATUS else SpecialStatus(status)


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "roadmap",
        help="plan several performance years together",
        description="The least-effort plans for several performance years at once: "
        "activities limited to once every 4 years are spread over the span, and an "
        "activity continued into the next year costs only a share of its effort.",
    )
    add_scenario_options(p)
    p.add_argument(
        "--years",
        type=_years,
        metavar="FIRST-LAST",
        help=f"the years to plan, at most 10 (default: --year, or the first year whose "
        f"activities can still start on --as-of, and the {DEFAULT_SPAN - 1} after it); years "
        "past the bundled data borrow the latest bundled year's inventory and rules",
    )
    p.add_argument(
        "--from", dest="first", type=int, metavar="Y1", help="the first year (as --years Y1-Y2)"
    )
    p.add_argument("--to", dest="last", type=int, metavar="Y2", help="the last year planned")
    p.add_argument(
        "--repeat-effort",
        type=_share,
        default=DEFAULT_REPEAT_EFFORT,
        metavar="SHARE",
        help="the share of an activity's effort a year that continues it from the year "
        f"before costs, 0 to 1 (default {DEFAULT_REPEAT_EFFORT:g}: set-up and training "
        "are done once, the running and the evidence every year; 1: no saving)",
    )
    p.add_argument(
        "--status-in",
        action="append",
        type=_status_in,
        metavar="YEAR:STATUS",
        help="the practice's special status in one year (repeatable; replaces --status "
        f"in the years it names; YEAR:{NO_STATUS} for no status that year)",
    )
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--excel", type=Path, metavar="FILE", help="also write the roadmap as .xlsx")
    p.add_argument(
        "--ics",
        type=Path,
        metavar="FILE",
        help="also write every year's dates as a calendar (.ics)",
    )


def _first_year(args: argparse.Namespace) -> None:
    """Put the roadmap's first year in --year, where the planning options read it
    (--from Y1 --to Y2 is --years Y1-Y2)."""
    if args.first is not None or args.last is not None:
        if args.years is not None:
            msg = "give the span once: --from Y1 --to Y2, or --years Y1-Y2"
            raise PlannerError(msg)
        first = args.first if args.first is not None else args.year
        if first is None or args.last is None:
            msg = "--from and --to go together: --from 2026 --to 2029"
            raise PlannerError(msg)
        problem = span_problem(first, args.last)
        if problem:
            raise PlannerError(problem)
        args.years = (first, args.last)
    if args.years is None:
        return
    if args.year is not None and args.year != args.years[0]:
        msg = (
            f"--year {args.year} and --years {args.years[0]}-{args.years[1]} disagree: "
            "give the first year once, with --years"
        )
        raise PlannerError(msg)
    args.year = args.years[0]


def _practice(
    args: argparse.Namespace, as_of: date
) -> tuple[Scenario, dict[int, Inventory], Pairings | None]:
    """The practice's scenario for the first year, and that year's own inventory if any.

    Without a year the roadmap starts where activities can still start (a year past
    the bundled data included); the options are read against the nearest bundled year.
    """
    if args.from_workbook is not None:  # without a year, the workbook's year comes first
        scenario, inventory, pairings, _ = scenario_with_workbook(args, as_of)
        return scenario, {scenario.year: inventory}, pairings
    first = args.year if args.year is not None else first_open_year(as_of)
    args.year = min(first, latest_year())
    scenario, inventory, pairings = scenario_from_args(args, as_of)
    if first == scenario.year:
        return scenario, {first: inventory}, pairings
    own = {}
    if args.inventory is not None:
        own[first] = read_inventory(read_file(args.inventory), first, source=args.inventory.name)
    return replace(scenario, year=first), own, pairings


def run(args: argparse.Namespace, today: date) -> int:
    _first_year(args)
    as_of = args.as_of or today
    scenario, inventories, pairings = _practice(args, as_of)
    first = scenario.year
    last = args.years[1] if args.years is not None else default_last_year(first)
    statuses: dict[int, set[SpecialStatus]] = {}
    for year, status in args.status_in or ():
        statuses.setdefault(year, set())
        if status is not None:
            statuses[year].add(status)
    result = roadmap(
        scenario,
        last,
        statuses_by_year={y: frozenset(s) for y, s in statuses.items()},
        repeat_effort=args.repeat_effort,
        inventories=inventories,
        pairings=pairings,
        solver=check_available(args.solver),
        as_of=as_of,
    )
    if args.excel is not None:
        write_file(args.excel, write_roadmap_workbook(result))
    if args.ics is not None:
        write_file(args.ics, roadmap_calendar(result))
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        say(format_roadmap(result))
    return EXIT_INFEASIBLE if result.status is PlanStatus.INFEASIBLE else EXIT_OK
