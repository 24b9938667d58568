"""The ``mips-ia`` command: the same engine as the app, for consultants and scripts.

Exit codes: 0 a plan (or full credit), 1 no plan exists (infeasible), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from optimizer.bundled import Pairings, bundled_inventory, latest_year
from optimizer.errors import PlannerError
from optimizer.importer import import_cms
from optimizer.inventory import read_inventory, split_ids
from optimizer.model import Inventory, Plan, PlanStatus, Reporting, Scenario, SpecialStatus
from optimizer.practice_tables import read_efforts, read_history, read_pairings
from optimizer.solve import make_solver, plan

EXIT_OK, EXIT_INFEASIBLE, EXIT_BAD_INPUT = 0, 1, 2


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

    p = sub.add_parser("plan", help="find the least-effort plan for one practice")
    p.add_argument("--inventory", type=Path, help="CMS inventory (.xlsx, .csv or .json)")
    p.add_argument("--year", type=int, help="performance year (default: latest bundled)")
    p.add_argument(
        "--status",
        action="append",
        default=[],
        choices=[s.value for s in SpecialStatus],
        help="a special status (repeatable)",
    )
    p.add_argument("--apm", action="store_true", help="APM participant in traditional MIPS")
    p.add_argument(
        "--app", action="store_true", help="reporting through the APM Performance Pathway"
    )
    p.add_argument("--pcmh", action="store_true", help="recognized patient-centered medical home")
    p.add_argument("--mvp", metavar="MVP_ID", help="report through this MVP (2023 on)")
    p.add_argument("--reporting", default="individual", choices=[r.value for r in Reporting])
    p.add_argument("--clinicians", type=int, help="number of clinicians in the practice")
    p.add_argument("--history", type=Path, help="past attestations: activity ID, performance year")
    p.add_argument("--efforts", type=Path, help="your efforts: activity ID, effort (hours)")
    p.add_argument("--pairings", type=Path, help="pairings: activity ID, quality measure ID")
    p.add_argument("--quality", default="", help="quality measure IDs you report: 001,119,...")
    p.add_argument("--require-pairing", action="store_true", help="every activity must pair")
    p.add_argument("--min-paired", type=int, default=0, metavar="K", help="at least K must pair")
    p.add_argument("--include", action="append", default=[], metavar="ID", help="must do this")
    p.add_argument("--exclude", action="append", default=[], metavar="ID", help="cannot do this")
    p.add_argument("--target", type=int, default=40, metavar="POINTS")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--solver", choices=["cbc", "highs"], default="cbc")

    imp = sub.add_parser("import-cms", help="rebuild data/ tables from CMS's public JSON")
    imp.add_argument("cms_dir", type=Path, help="folder with ia/<PY>.json and mvp/<PY>.json")
    imp.add_argument("--years", required=True, help="years to import, e.g. 2027 or 2017-2026")
    return parser


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or exc}"
        raise PlannerError(msg) from exc


def _ids(values: Sequence[str]) -> frozenset[str]:
    return frozenset(v.strip().upper() for text in values for v in text.split(",") if v.strip())


def scenario_from_args(args: argparse.Namespace) -> tuple[Scenario, Inventory, Pairings | None]:
    """Turn the command line into the engine's inputs (reading any files it names)."""
    year = args.year if args.year is not None else latest_year()
    if args.inventory is not None:
        inventory = read_inventory(_read(args.inventory), year, source=args.inventory.name)
    else:
        inventory = bundled_inventory(year)
    history = read_history(_read(args.history), args.history.name) if args.history else ()
    efforts = read_efforts(_read(args.efforts), args.efforts.name) if args.efforts else {}
    pairings = read_pairings(_read(args.pairings), args.pairings.name) if args.pairings else None
    scenario = Scenario(
        year=year,
        statuses=frozenset(SpecialStatus(s) for s in args.status),
        apm=args.apm,
        app=args.app,
        pcmh=args.pcmh,
        mvp=args.mvp,
        reporting=Reporting(args.reporting),
        clinicians=args.clinicians,
        history=history,
        efforts=tuple(efforts.items()),
        quality=frozenset(split_ids(args.quality)),
        require_pairing=args.require_pairing,
        min_paired=args.min_paired,
        include=_ids(args.include),
        exclude=_ids(args.exclude),
        target=args.target,
    )
    return scenario, inventory, pairings


def format_table(result: Plan) -> str:
    """The plan as a person reads it in a terminal."""
    lines = [
        f"Performance year {result.year}: {result.status}",
        f"Points: {result.points} of 40 ({result.automatic_points} automatic)"
        f"  IA score: {result.category_score:g}%  Final-score points: "
        f"{result.final_score_points:g} of {result.category_weight}",
        f"Total effort: {result.total_effort:g} h  Last 90-day start: {result.last_start}  "
        f"Submit: {result.submission_window[0]} to {result.submission_window[1]}",
    ]
    if result.activities:
        lines.append("")
        width = max(len(a.id) for a in result.activities)
        lines.append(f"{'ID':<{width}}  {'Pts':>3}  {'Hours':>6}  Title")
        for a in result.activities:
            paired = f"  [pairs: {', '.join(a.paired_measures)}]" if a.paired_measures else ""
            lines.append(f"{a.id:<{width}}  {a.points:>3}  {a.effort:>6g}  {a.title}{paired}")
    if result.messages:
        lines.append("")
        lines += [f"- {m}" for m in result.messages]
    return "\n".join(lines)


def _years(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(p) for p in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(y) for y in text.split(",")]
    except ValueError:
        msg = f"--years must look like 2027, 2025,2026 or 2017-2026, got {text!r}"
        raise PlannerError(msg) from None


def _run(args: argparse.Namespace) -> int:
    if args.command == "import-cms":
        for line in import_cms(args.cms_dir, _years(args.years)):
            print(line)
        return EXIT_OK
    scenario, inventory, pairings = scenario_from_args(args)
    result = plan(scenario, inventory, pairings=pairings, solver=make_solver(args.solver))
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        print(format_table(result))
    return EXIT_INFEASIBLE if result.status is PlanStatus.INFEASIBLE else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``mips-ia`` and ``python -m optimizer``."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except PlannerError as exc:
        print(f"mips-ia: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
