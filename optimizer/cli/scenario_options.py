"""The planning options every command that plans shares (``plan``, ``roadmap``):
the practice, its statuses and credits, its files, its limits and the clock, and
the way from them to the engine's inputs."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.cli.files import read_file
from optimizer.errors import PlannerError
from optimizer.model import Inventory, Pairings, Reporting, Scenario, SpecialStatus
from optimizer.planning.resolve import default_inventory
from optimizer.planning.solve.status import Solver
from optimizer.planning.year_ahead import actionable_year
from optimizer.sources import field_values
from optimizer.sources.inventory import read_inventory
from optimizer.sources.practice_tables import read_efforts, read_history, read_pairings
from optimizer.sources.roster import read_roster
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.sources.year_changes import ChangeKind, moved_activities

NO_STATUS = "none"
"""``--status none``: no special status (undoes the statuses of --from-workbook)."""
TYPED_FIELDS = (
    "apm",
    "app",
    "pcmh",
    "ia_study",
    "web_interface",
    "pi_reweighted",
    "cost_reweighted",
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
"""Options that are Scenario fields of the same name."""
GROUP_LEVELS = (Reporting.GROUP, Reporting.VIRTUAL_GROUP)


def as_of_date(text: str) -> date:
    """An --as-of value: a date written YYYY-MM-DD."""
    try:
        return field_values.iso_date(text)
    except field_values.BadValue as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_scenario_options(p: argparse.ArgumentParser) -> None:
    """The practice's options, its files, the solver, the clock and --from-workbook."""
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
    p.add_argument(
        "--ia-study", action=flag, help="in CMS's improvement-activity study (2017-2019)"
    )
    p.add_argument(
        "--web-interface",
        action=flag,
        help="an APM Entity reporting through the CMS Web Interface (MSSP, Next Gen ACO)",
    )
    p.add_argument(
        "--pi-reweighted",
        action=flag,
        help="Promoting Interoperability reweighted to 0%% (default: automatic for a "
        "small practice from 2022); changes the IA weight in the final score",
    )
    p.add_argument("--cost-reweighted", action=flag, help="the cost category reweighted to 0%%")
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
    p.add_argument(
        "--running",
        action="append",
        metavar="ID[:YYYY-MM-DD]",
        help="an activity the practice already runs, since that day (repeatable)",
    )
    p.add_argument("--exclude", action="append", metavar="ID", help="cannot do this")
    p.add_argument(
        "--target", type=int, metavar="POINTS", help="points to reach (default: full credit)"
    )
    p.add_argument(
        "--roster", type=Path, metavar="FILE", help="group roster: NPI or name, role, cannot do"
    )
    p.add_argument(
        "--max-per-clinician", type=int, metavar="K", help="each clinician takes on at most K"
    )
    p.add_argument("--start-date", metavar="YYYY-MM-DD", help="no activity starts before this day")
    p.add_argument("--max-concurrent", type=int, metavar="K", help="at most K activities at once")
    p.add_argument(
        "--solver",
        choices=[s.value for s in Solver],
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
    p.add_argument(
        "--as-of",
        type=as_of_date,
        metavar="YYYY-MM-DD",
        help="plan as on this day (default: today): no activity starts before it",
    )


def _option_error(field: str, problem: str) -> PlannerError:
    return PlannerError(f"--{field.replace('_', '-')} {problem}")


def typed_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The Scenario fields of the options the user typed (None means not typed), with
    the roster file read; the year, history and efforts are left out."""
    fields: dict[str, Any] = {
        name: getattr(args, name) for name in TYPED_FIELDS if getattr(args, name) is not None
    }
    for name, option in (("statuses", "status"), ("quality", "quality")):
        if getattr(args, option) is not None:
            fields[name] = getattr(args, option)
    for name in ("include", "exclude", "running"):
        if getattr(args, name) is not None:
            fields[name] = getattr(args, name)
    if args.roster is not None:
        fields["roster"] = read_roster(read_file(args.roster), args.roster.name)
    return fields


def scenario_files(
    args: argparse.Namespace, year: int, *, known: Inventory | None = None
) -> tuple[Inventory | None, tuple[Any, ...], dict[str, float], Pairings | None]:
    """The files the options name: --inventory, --history, --efforts and --pairings
    (checked against --inventory, else ``known``, else the year's list); None or
    empty where an option is not given."""
    inventory = None
    if args.inventory is not None:
        inventory = read_inventory(read_file(args.inventory), year, source=args.inventory.name)
    history = read_history(read_file(args.history), args.history.name) if args.history else ()
    efforts = read_efforts(read_file(args.efforts), args.efforts.name) if args.efforts else {}
    pairings = None
    if args.pairings:
        ids = (inventory or known or default_inventory(year)).ids
        pairings = read_pairings(read_file(args.pairings), args.pairings.name, ids, year)
    return inventory, history, efforts, pairings


def scenario_from_args(
    args: argparse.Namespace, as_of: date
) -> tuple[Scenario, Inventory, Pairings | None]:
    """Turn the command line into the engine's inputs (reading any files it names);
    an option not typed takes the Scenario's default."""
    year = args.year if args.year is not None else actionable_year(as_of)[0]
    inventory, history, efforts, pairings = scenario_files(args, year)
    fields = typed_fields(args)
    fields.update(year=year, history=history, efforts=tuple(efforts.items()))
    scenario = scenario_from_fields(fields, locate=_option_error)
    return scenario, inventory or default_inventory(year), pairings


def _moved_to(saved: Scenario, year: int) -> Scenario:
    """A saved scenario carried to ``year``: its activity lists follow CMS's re-IDs,
    and an activity CMS removed leaves them (each said on stderr)."""
    if year == saved.year:
        return saved
    changes = {c.activity_id: c for c in moved_activities(_listed(saved), year)}

    def carried(activity_id: str) -> str | None:
        change = changes.get(activity_id)
        if change is None or change.kind is ChangeKind.NEW_SUBCATEGORY:
            return activity_id
        if change.new_id is None:
            print(f"mips-ia: left out of your {year} lists: {change.text}", file=sys.stderr)
        return change.new_id

    def ids(listed: Iterable[str]) -> frozenset[str]:
        return frozenset(i for a in listed if (i := carried(a)) is not None)

    efforts = {i: h for a, h in saved.efforts if (i := carried(a)) is not None}
    return dataclasses.replace(
        saved,
        year=year,
        include=ids(saved.include),
        exclude=ids(saved.exclude),
        efforts=tuple(efforts.items()),
        running=(),
    )


def _listed(saved: Scenario) -> set[tuple[str, int]]:
    ids = saved.include | saved.exclude | set(saved.effort_overrides)
    return {(i, saved.year) for i in ids}


def scenario_with_workbook(
    args: argparse.Namespace, as_of: date
) -> tuple[Scenario, Inventory, Pairings | None, bytes]:
    """The scenario of ``--from-workbook`` with every option typed laid over it, and
    the workbook's bytes (whose Owner and Evidence kept entries a new export keeps).
    In its own year, the saved plan's activities whose window began before ``as_of`` count
    as running (said on stderr), unless ``--running`` is typed."""
    # Imported here: openpyxl costs ``batch``, which shares these options, a third of a second.
    from optimizer.exports.workbook_read import read_workbook, with_plan_running

    data = read_file(args.from_workbook)
    restored = read_workbook(data, args.from_workbook.name)
    year = args.year if args.year is not None else restored.scenario.year
    if year == restored.scenario.year and args.running is None:
        saved, note = with_plan_running(restored, as_of)
        typed_out = set(args.exclude or ())
        if typed_out & set(saved.running_since):  # an exclusion typed now wins
            kept = tuple((i, d) for i, d in saved.running if i not in typed_out)
            saved = dataclasses.replace(saved, running=kept)
        if note:
            print(f"mips-ia: {note}", file=sys.stderr)
    else:
        saved = _moved_to(restored.scenario, year)
    inventory, history, efforts, pairings = scenario_files(args, year)
    fields = typed_fields(args)
    fields.update(
        year=year,
        efforts=tuple({**saved.effort_overrides, **efforts}.items()),
        history=saved.history + tuple(history),
    )
    group = Reporting(fields.get("reporting", saved.reporting)) in GROUP_LEVELS
    if args.roster is None and not group:
        fields["roster"] = ()  # a saved roster has no meaning once reporting is not a group's
    scenario = scenario_from_fields(fields, base=saved, locate=_option_error)
    if inventory is None:
        same_year = restored.inventory.year == year
        inventory = restored.inventory if same_year else default_inventory(year)
    if args.pairings is None:
        pairings = restored.pairings
    planned = restored.scenario.year
    for change in moved_activities(((i, planned) for i in restored.plan_ids), year):
        print(f"mips-ia: from the {planned} plan: {change.text}", file=sys.stderr)
    return scenario, inventory, pairings, data
