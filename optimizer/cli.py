"""The ``mips-ia`` command: the same engine as the app, for consultants and scripts.

Exit codes: 0 a plan (or full credit), 1 no plan exists (infeasible), 2 bad input.
``batch`` returns 2 if any row failed, else 1 if any practice has no plan, else 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from optimizer.batch import (
    batch_json_lines,
    plan_practices,
    read_practices,
    write_batch_workbook,
)
from optimizer.bundled import Pairings, bundled_inventory, latest_year
from optimizer.errors import PlannerError
from optimizer.importer import import_cms
from optimizer.inventory import read_inventory, split_activity_ids, split_ids
from optimizer.model import (
    Attestation,
    Inventory,
    Plan,
    PlanStatus,
    Reporting,
    Scenario,
    SpecialStatus,
)
from optimizer.practice_tables import read_efforts, read_history, read_pairings
from optimizer.roster import read_roster
from optimizer.solve import SOLVERS, make_solver, plan
from optimizer.submission import SubmissionMethod, check_identifiers, submission_json
from optimizer.workbook import read_workbook
from optimizer.workbook import write_workbook as write_plan_workbook

EXIT_OK, EXIT_INFEASIBLE, EXIT_BAD_INPUT = 0, 1, 2
NO_STATUS = "none"
"""``--status none``: no special status (undoes the statuses of --from-workbook)."""
GROUP_LEVELS = (Reporting.GROUP, Reporting.VIRTUAL_GROUP)


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
    # Scenario options default to None ("not given"): the Scenario's own default
    # applies, unless --from-workbook supplies a saved value, which any option typed
    # here replaces (so --no-apm, --target 40 or --status none undo a saved choice).
    flag = argparse.BooleanOptionalAction
    p.add_argument(
        "--status",
        action="append",
        choices=[*(s.value for s in SpecialStatus), NO_STATUS],
        help=f"a special status (repeatable; '{NO_STATUS}': no special status)",
    )
    p.add_argument("--apm", action=flag, help="APM participant in traditional MIPS")
    p.add_argument("--app", action=flag, help="reporting through the APM Performance Pathway")
    p.add_argument("--pcmh", action=flag, help="recognized patient-centered medical home")
    p.add_argument("--mvp", metavar="MVP_ID", help="report through this MVP (2023 on; '' for none)")
    p.add_argument(
        "--reporting",
        choices=[r.value for r in Reporting],
        help="reporting level (default: individual)",
    )
    p.add_argument("--clinicians", type=int, help="number of clinicians in the practice")
    p.add_argument("--history", type=Path, help="past attestations: activity ID, performance year")
    p.add_argument("--efforts", type=Path, help="your efforts: activity ID, effort (hours)")
    p.add_argument("--pairings", type=Path, help="pairings: activity ID, quality measure ID")
    p.add_argument("--quality", help="quality measure IDs you report: 001,119,...")
    p.add_argument("--require-pairing", action=flag, help="every activity must pair")
    p.add_argument("--min-paired", type=int, metavar="K", help="at least K must pair (default 0)")
    p.add_argument("--include", action="append", metavar="ID", help="must do this")
    p.add_argument("--exclude", action="append", metavar="ID", help="cannot do this")
    p.add_argument("--target", type=int, metavar="POINTS", help="points to reach (default 40)")
    p.add_argument(
        "--roster", type=Path, metavar="FILE", help="group roster: NPI or name, role, cannot do"
    )
    p.add_argument(
        "--max-per-clinician", type=int, metavar="K", help="each clinician takes on at most K"
    )
    p.add_argument("--start-date", metavar="YYYY-MM-DD", help="no activity starts before this day")
    p.add_argument("--max-concurrent", type=int, metavar="K", help="at most K activities at once")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument(
        "--solver",
        choices=SOLVERS,
        default="auto",
        help="auto: the exact fast path (default); highs or cbc: the integer program",
    )
    p.add_argument(
        "--from-workbook",
        type=Path,
        metavar="FILE",
        help="restore the scenario (and a custom inventory or pairings) from a workbook "
        "exported with --excel; every other option typed here overrides the workbook's "
        "value, even when it is the default (lists and flags replace it, e.g. --no-apm, "
        "--status none, --exclude '' or --target 40; an --efforts file updates its "
        "efforts, a --history file adds to its history), and all its Owner and Evidence "
        "kept entries carry over to a new --excel",
    )
    p.add_argument("--excel", type=Path, metavar="FILE", help="also write the plan as .xlsx")
    p.add_argument(
        "--qpp-json", type=Path, metavar="FILE", help="also write the QPP submission JSON"
    )
    p.add_argument("--tin", help="practice TIN for --qpp-json (9 digits)")
    p.add_argument("--npi", help="clinician NPI for --qpp-json (10 digits; individuals)")
    p.add_argument("--entity-id", help="APM Entity or virtual-group ID for --qpp-json")
    p.add_argument(
        "--submission-method",
        choices=[m.value for m in SubmissionMethod],
        default=SubmissionMethod.REGISTRY.value,
        help="submissionMethod for --qpp-json (default: registry)",
    )

    b = sub.add_parser("batch", help="plan every practice of a table (xlsx, CSV or JSON)")
    b.add_argument("practices", type=Path, help="one row per practice: Practice, Year, ...")
    b.add_argument("--out", type=Path, help="where to write the plans (.xlsx; .jsonl for json)")
    b.add_argument("--format", choices=["xlsx", "json"], default="xlsx")
    b.add_argument(
        "--jobs", type=int, metavar="N", help="processes (default: both cores if faster)"
    )
    b.add_argument("--solver", choices=SOLVERS, default="auto")

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


def typed_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The Scenario fields of the options the user typed (None means not typed),
    with the files they name read; the year, history and efforts are left out."""
    typed: dict[str, Any] = {
        name: getattr(args, name)
        for name in (
            "apm",
            "app",
            "pcmh",
            "mvp",
            "reporting",
            "clinicians",
            "require_pairing",
            "min_paired",
            "target",
            "max_per_clinician",
            "start_date",
            "max_concurrent",
        )
        if getattr(args, name) is not None
    }
    if args.status is not None:
        typed["statuses"] = frozenset(SpecialStatus(s) for s in args.status if s != NO_STATUS)
    if args.quality is not None:
        typed["quality"] = frozenset(split_ids(args.quality))
    for name in ("include", "exclude"):
        if getattr(args, name) is not None:
            typed[name] = split_activity_ids(*getattr(args, name))
    if args.roster is not None:
        typed["roster"] = read_roster(_read(args.roster), args.roster.name)
    return typed


def _files(
    args: argparse.Namespace, year: int
) -> tuple[Inventory | None, tuple[Attestation, ...], dict[str, float], Pairings | None]:
    inventory = None
    if args.inventory is not None:
        inventory = read_inventory(_read(args.inventory), year, source=args.inventory.name)
    history = read_history(_read(args.history), args.history.name) if args.history else ()
    efforts = read_efforts(_read(args.efforts), args.efforts.name) if args.efforts else {}
    pairings = read_pairings(_read(args.pairings), args.pairings.name) if args.pairings else None
    return inventory, history, efforts, pairings


def scenario_from_args(args: argparse.Namespace) -> tuple[Scenario, Inventory, Pairings | None]:
    """Turn the command line into the engine's inputs (reading any files it names);
    an option not typed takes the Scenario's default."""
    year = args.year if args.year is not None else latest_year()
    inventory, history, efforts, pairings = _files(args, year)
    scenario = Scenario(
        year=year, history=history, efforts=tuple(efforts.items()), **typed_settings(args)
    )
    return scenario, inventory or bundled_inventory(year), pairings


def scenario_with_workbook(
    args: argparse.Namespace,
) -> tuple[Scenario, Inventory, Pairings | None, bytes]:
    """The scenario of ``--from-workbook`` with every option typed laid over it, and
    the workbook's bytes (whose Owner and Evidence kept entries a new export keeps)."""
    data = _read(args.from_workbook)
    restored = read_workbook(data, args.from_workbook.name)
    saved = restored.scenario
    year = args.year if args.year is not None else saved.year
    inventory, history, efforts, pairings = _files(args, year)
    merged = {f.name: getattr(saved, f.name) for f in dataclasses.fields(Scenario)}
    merged.update(typed_settings(args))
    merged["year"] = year
    merged["efforts"] = tuple({**saved.effort_overrides, **efforts}.items())
    merged["history"] = saved.history + history
    if args.roster is None and Reporting(merged["reporting"]) not in GROUP_LEVELS:
        merged["roster"] = ()  # a saved roster has no meaning once reporting is not a group's
    if inventory is None:
        same_year = restored.inventory.year == year
        inventory = restored.inventory if same_year else bundled_inventory(year)
    if args.pairings is None:
        pairings = restored.pairings
    return Scenario(**merged), inventory, pairings, data


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise PlannerError(msg) from exc
    print(f"wrote {path}", file=sys.stderr)


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
    if result.schedule:
        lines += ["", "Schedule:"]
        lines += [f"  {w.activity}: {w.start} to {w.end}" for w in result.schedule]
    if result.assignments:
        lines += ["", "Who does what:"]
        lines += [
            f"  {a.activity} ({len(a.clinicians)}): {', '.join(a.clinicians)}"
            for a in result.assignments
        ]
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


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} practices")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _run_batch(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and args.out is None:
        msg = "batch needs --out plans.xlsx for a workbook (or --format json for stdout)"
        raise PlannerError(msg)
    if args.jobs is not None and args.jobs < 1:
        msg = f"--jobs must be 1 or more, got {args.jobs}"
        raise PlannerError(msg)
    practices = read_practices(
        _read(args.practices), args.practices.name, base_dir=args.practices.parent
    )
    results = plan_practices(
        practices,
        jobs=args.jobs,
        solver=args.solver,
        progress=_progress if sys.stderr.isatty() else None,
    )
    if args.format == "json":
        text = "".join(f"{line}\n" for line in batch_json_lines(results))
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.write_text(text, encoding="utf-8")
    else:
        args.out.write_bytes(write_batch_workbook(results))
    failed = [r for r in results if r.failed]
    for result in failed:
        print(f"mips-ia: error: {result.error}", file=sys.stderr)
    infeasible = sum(1 for r in results if r.plan and r.plan.status is PlanStatus.INFEASIBLE)
    print(
        f"{len(results) - len(failed)} of {len(results)} practices planned"
        f" ({infeasible} with no plan), {len(failed)} failed",
        file=sys.stderr,
    )
    if failed:
        return EXIT_BAD_INPUT
    return EXIT_INFEASIBLE if infeasible else EXIT_OK


def _run(args: argparse.Namespace) -> int:
    if args.command == "batch":
        return _run_batch(args)
    if args.command == "import-cms":
        for line in import_cms(args.cms_dir, _years(args.years)):
            print(line)
        return EXIT_OK
    previous = None
    if args.from_workbook is not None:
        scenario, inventory, pairings, previous = scenario_with_workbook(args)
    else:
        scenario, inventory, pairings = scenario_from_args(args)
    identifiers = None
    if args.qpp_json is not None:  # refuse bad identifiers before any work is done
        identifiers = check_identifiers(
            scenario,
            tin=args.tin,
            npi=args.npi,
            entity_id=args.entity_id,
            submission_method=args.submission_method,
        )
    solver = make_solver(args.solver)
    result = plan(scenario, inventory, pairings=pairings, solver=solver)
    if args.excel is not None:
        workbook = write_plan_workbook(
            result, scenario, inventory, pairings=pairings, previous=previous, solver=solver
        )
        _write(args.excel, workbook)
    if identifiers is not None and result.status is PlanStatus.INFEASIBLE:
        print("mips-ia: no submission file written: no plan reaches the target", file=sys.stderr)
    elif identifiers is not None:
        submission = submission_json(
            result,
            scenario,
            inventory,
            tin=identifiers.tin,
            npi=identifiers.npi,
            entity_id=identifiers.entity_id,
            submission_method=identifiers.method,
        )
        _write(args.qpp_json, submission)
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
