"""``mips-ia practice``: the workspace from the command line. Practices are added,
edited, removed (restorable for 30 days) and restored, planned per year (the plan
and its scenario are kept), tracked (status, dates, owner, evidence) and attested,
in the database of ``--db`` or ``IA_PLANNER_DB`` (default: a file in the user's
data directory). Every command acts as admin of the organizations of ``--org``
(or of "default") and sees only their practices; organizations, people and the
change log are ``org_commands``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.cli import org_commands
from optimizer.cli.files import read_file, write_file
from optimizer.cli.plan_table import format_table
from optimizer.cli.practice_views import (
    attested_text,
    evidence_text,
    portfolio_table,
    progress_text,
    show_text,
)
from optimizer.cli.scenario_options import add_scenario_options, scenario_files, typed_fields
from optimizer.cli.terminal import say
from optimizer.errors import PlannerError
from optimizer.exports.calendar_ics import practice_year_calendar
from optimizer.exports.workbook_read import read_workbook, with_plan_running
from optimizer.model import PlanStatus, Reporting, SpecialStatus
from optimizer.model.values import shown
from optimizer.sources import field_values
from optimizer.sources.practice_tables import read_efforts, read_history
from optimizer.sources.roster import read_roster
from optimizer.workspace import (
    KEEP,
    RESTORE_DAYS,
    EvidenceFile,
    PlanRequest,
    ProgressChange,
    ProgressStatus,
    Workspace,
    add_evidence,
    add_practice,
    attest_year,
    edit_practice,
    get_practice_year,
    local_scope,
    mark_progress,
    open_workspace,
    plan_practice_year,
    portfolio,
    practice_profile,
    practice_to_dict,
    remove_practice,
    removed_practices,
    restore_practice,
)
from optimizer.workspace.access import DEFAULT
from optimizer.workspace.plans import planned_years
from optimizer.workspace.practices import Profile, moment_on

EXIT_OK, EXIT_INFEASIBLE = 0, 1
NO_STATUS = "none"


def add_db_option(p: argparse.ArgumentParser, *, orgs: bool = True) -> None:
    """``--db``, and (unless not ``orgs``) ``--org``."""
    p.add_argument(
        "--db",
        metavar="URL",
        help="the workspace database: a SQLAlchemy URL or a SQLite file "
        "(default: $IA_PLANNER_DB, else a file in your data directory)",
    )
    if orgs:
        org_commands.add_org_option(p)


def _date(text: str) -> date:
    try:
        return field_values.iso_date(text)
    except field_values.BadValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _profile_options(p: argparse.ArgumentParser, *, edit: bool) -> None:
    """The profile's options of ``practice add`` and ``practice edit`` (where an option
    not given keeps what is kept)."""
    p.add_argument("--tin", help="taxpayer identification number (9 digits)")
    p.add_argument("--clinicians", type=int, metavar="N", help="number of clinicians")
    p.add_argument(
        "--status",
        action="append",
        choices=[*(s.value for s in SpecialStatus), NO_STATUS],
        help="a special status (repeatable)" + ("; 'none' clears them" if edit else ""),
    )
    p.add_argument(
        "--reporting",
        choices=[r.value for r in Reporting],
        default=None if edit else "individual",
    )
    p.add_argument("--quality", help="quality measure IDs reported: 001,119,...")
    p.add_argument("--efforts", type=Path, metavar="FILE", help="efforts: activity ID, hours")
    p.add_argument("--roster", type=Path, metavar="FILE", help="group roster (one row each)")
    p.add_argument(
        "--history", type=Path, metavar="FILE", help="earlier attestations: activity ID, year"
    )
    add_db_option(p)


def _add_parsers(sub: Any) -> None:
    p = sub.add_parser("add", help="keep a new practice (in the one --org)")
    p.add_argument("name", help="the practice's name (unique in its organization, any case)")
    _profile_options(p, edit=False)

    p = sub.add_parser("edit", help="change a practice's name or profile")
    p.add_argument("name")
    p.add_argument("--rename", metavar="NEW_NAME", help="the practice's new name")
    _profile_options(p, edit=True)

    p = sub.add_parser(
        "remove", help=f"remove a practice (it can be restored for {RESTORE_DAYS} days)"
    )
    p.add_argument("name")
    p.add_argument("--yes", action="store_true", help="confirm the removal")
    add_db_option(p)

    p = sub.add_parser("restore", help="bring back a removed practice (or list them)")
    p.add_argument("name", nargs="?", help="the practice (none: list the removed practices)")
    add_db_option(p)

    p = sub.add_parser("list", help="every practice, with its plan and progress")
    p.add_argument("--year", type=int, help="this year (default: each one's latest plan)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_db_option(p)

    p = sub.add_parser("show", help="everything kept for one practice")
    p.add_argument("name")
    p.add_argument("--year", type=int, help="only this year's plan")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--no-files", action="store_true", help="JSON without the files' bytes")
    p.add_argument(
        "--ics",
        type=Path,
        metavar="FILE",
        help="also write the dates of --year (default: the latest planned) as a calendar (.ics)",
    )
    add_db_option(p)

    p = sub.add_parser("plan", help="plan a practice's year and keep the plan")
    p.add_argument("name")
    add_scenario_options(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_db_option(p)

    p = sub.add_parser("mark", help="record an activity's progress")
    p.add_argument("name")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("activity", metavar="ID", help="the activity ID, such as IA_EPA_1")
    p.add_argument("--status", choices=[s.value for s in ProgressStatus])
    p.add_argument("--start", type=_date, metavar="YYYY-MM-DD", help="first day it ran")
    p.add_argument("--end", type=_date, metavar="YYYY-MM-DD", help="last day it ran")
    p.add_argument("--owner", help="who is responsible")
    p.add_argument("--participants", metavar="NPI,...", help="clinicians taking part")
    add_db_option(p)

    p = sub.add_parser("evidence", help="keep a note (and a file) as evidence")
    p.add_argument("name")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("activity", metavar="ID")
    p.add_argument("--note", required=True, help="what was done, when, by whom")
    p.add_argument("--file", type=Path, help="a file to keep (at most 10 MB; never opened)")
    add_db_option(p)

    p = sub.add_parser("attest", help="record the activities done as attested")
    p.add_argument("name")
    p.add_argument("--year", type=int, required=True)
    add_db_option(p)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("practice", help="practices, plans, progress and evidence, kept")
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    _add_parsers(actions)
    org_commands.add_parsers(actions, add_db_option)


def _profile(args: argparse.Namespace, kept: Profile | None = None) -> Profile:
    """The profile of ``practice add``; of ``practice edit``, ``kept`` with the options given."""

    def read(path: Path | None, reader: Callable[[bytes, str], Any], default: Any) -> Any:
        return default if path is None else reader(read_file(path), path.name)

    base = kept or Profile()
    try:
        statuses = base.statuses if args.status is None else field_values.statuses(args.status)
        quality = base.quality
        if args.quality is not None:
            quality = field_values.measure_ids(args.quality)
    except field_values.BadValue as exc:
        raise PlannerError(str(exc)) from None
    return replace(
        base,
        tin=base.tin if args.tin is None else args.tin,
        reporting=base.reporting if args.reporting is None else Reporting(args.reporting),
        clinicians=base.clinicians if args.clinicians is None else args.clinicians,
        statuses=statuses,
        quality=tuple(quality),
        efforts=read(args.efforts, read_efforts, base.efforts),
        roster=read(args.roster, read_roster, base.roster),
        history=read(args.history, read_history, base.history),
    )


def _removal(ws: Workspace, args: argparse.Namespace, today: date) -> None:
    if args.action == "remove":
        if not args.yes:
            msg = (
                f"practice remove needs --yes to remove {args.name!r} with its plans, progress "
                f"and evidence (restorable for {RESTORE_DAYS} days with mips-ia practice "
                f"restore {args.name!r})"
            )
            raise PlannerError(msg)
        removed = remove_practice(ws, args.name, at=moment_on(today))
        say(
            f"removed {removed.name!r} from {ws.name}; restore it until "
            f"{removed.restorable_until} with mips-ia practice restore {removed.name!r}"
        )
    elif args.name is not None:
        info = restore_practice(ws, args.name, at=moment_on(today))
        say(f"restored {info.name!r} in {ws.name}")
    else:
        found = removed_practices(ws, at=moment_on(today))
        lines = [
            f"{r.name}\tremoved {r.removed_at.date()}, restorable until {r.restorable_until}"
            for r in found
        ]
        say("\n".join(lines) if lines else f"no removed practice to restore in {ws.name}")


def _option_error(field: str, problem: str) -> PlannerError:
    return PlannerError(f"--{field.replace('_', '-')} {problem}")


def _plan_request(args: argparse.Namespace, today: date) -> PlanRequest:
    if args.year is None:
        msg = "practice plan needs --year: the performance year to plan, such as 2026"
        raise PlannerError(msg)
    year = args.year
    inventory = pairings = base = None
    if args.from_workbook is not None:
        restored = read_workbook(read_file(args.from_workbook), args.from_workbook.name)
        base = restored.scenario
        if base.year == year and args.running is None:
            base, note = with_plan_running(restored, args.as_of or today)
            if note:
                print(f"mips-ia: {note}", file=sys.stderr)
        inventory = restored.inventory if restored.inventory.year == year else None
        pairings = restored.pairings
    typed, history, efforts, typed_pairings = scenario_files(args, year, known=inventory)
    inventory = typed or inventory  # a file typed overrides the workbook's
    pairings = pairings if typed_pairings is None else typed_pairings
    if base is not None:
        history = (*base.history, *history)  # the workbook's attestations join the database's
    return PlanRequest(
        year=year,
        as_of=args.as_of or today,
        fields=typed_fields(args),
        history=tuple(history),
        efforts=efforts,
        inventory=inventory,
        pairings=pairings,
        base=base,
        solver=args.solver,
    )


def _mark(ws: Workspace, args: argparse.Namespace, today: date) -> int:
    participants: tuple[str, ...] | Any = KEEP
    if args.participants is not None:
        participants = tuple(p.strip() for p in args.participants.split(",") if p.strip())
    change = ProgressChange(
        status=KEEP if args.status is None else ProgressStatus(args.status),
        start=KEEP if args.start is None else args.start,
        end=KEEP if args.end is None else args.end,
        owner=KEEP if args.owner is None else args.owner,
        clinicians=participants,
    )
    progress = mark_progress(ws, args.name, args.year, args.activity, change, today=today)
    say(progress_text(progress))
    return EXIT_OK


def _plan(ws: Workspace, args: argparse.Namespace, today: date) -> int:
    request = _plan_request(args, today)
    result, saved = plan_practice_year(ws, args.name, request, locate=_option_error)
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2))
    else:
        say(format_table(result))
    count = len(saved.progress)
    print(
        f"kept the {saved.year} plan of {saved.practice!r} with {count} tracked "
        f"{'activity' if count == 1 else 'activities'} in {ws.name}",
        file=sys.stderr,
    )
    return EXIT_INFEASIBLE if result.status is PlanStatus.INFEASIBLE else EXIT_OK


def _calendar(ws: Workspace, name: str, year: int | None) -> bytes:
    """The .ics of ``year``, or of the latest year planned."""
    if year is None:
        years = planned_years(ws, name)
        if not years:
            msg = f"no calendar: {shown(name)} has no plan yet (plan a year with practice plan)"
            raise PlannerError(msg)
        year = max(years)
    return practice_year_calendar(get_practice_year(ws, name, year))


def _run(ws: Workspace, args: argparse.Namespace, today: date) -> int:
    action = args.action
    if action in org_commands.ACTIONS:
        org_commands.run(ws, args)
    elif action == "add":
        info = add_practice(ws, args.name, _profile(args))
        tin = f" (TIN {info.tin})" if info.tin else ""
        org = "" if info.organization == DEFAULT else f" (organization {info.organization})"
        say(f"added {info.name!r}{tin} to {ws.name}{org}")
    elif action == "edit":
        kept = practice_profile(ws, args.name)
        info = edit_practice(ws, args.name, _profile(args, kept), new_name=args.rename)
        say(f"kept the changes to {info.name!r} in {ws.name}")
    elif action in ("remove", "restore"):
        _removal(ws, args, today)
    elif action == "list":
        rows = portfolio(ws, today, args.year)
        if args.format == "json":
            print(json.dumps([r.to_dict() for r in rows], indent=2))
        else:
            say(portfolio_table(rows))
    elif action == "show":
        data = practice_to_dict(ws, args.name, args.year, files=not args.no_files)
        calendar = None if args.ics is None else _calendar(ws, args.name, args.year)
        if args.format == "json":  # JSON escapes every control character itself
            print(json.dumps(data, indent=2))
        else:
            say(show_text(data, today))
        if calendar is not None:
            write_file(args.ics, calendar)
    elif action == "plan":
        return _plan(ws, args, today)
    elif action == "mark":
        return _mark(ws, args, today)
    elif action == "evidence":
        file = None
        if args.file is not None:
            file = EvidenceFile(args.file.name, read_file(args.file))
        say(evidence_text(add_evidence(ws, args.name, args.year, args.activity, args.note, file)))
    elif action == "attest":
        say(attested_text(args.name, args.year, attest_year(ws, args.name, args.year, today)))
    return EXIT_OK


def run(args: argparse.Namespace, today: date) -> int:
    with open_workspace(args.db) as ws:
        return _run(ws.scoped(local_scope(ws, args.org or ())), args, today)
