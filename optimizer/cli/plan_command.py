"""``mips-ia plan``: one practice's plan, as a table or JSON, with the workbook and
the QPP submission file on request."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.cli.alternatives_option import add_alternatives_option, format_alternatives
from optimizer.cli.files import write_file
from optimizer.cli.plan_table import format_table
from optimizer.cli.scenario_options import (
    add_scenario_options,
    scenario_from_args,
    scenario_with_workbook,
)
from optimizer.cli.terminal import say
from optimizer.exports.calendar_ics import plan_calendar
from optimizer.exports.submission import (
    SubmissionMethod,
    check_identifiers,
    check_submittable,
    submission_json,
)
from optimizer.exports.workbook_write import write_workbook
from optimizer.model import PlanStatus
from optimizer.planning.alternatives.next_plans import alternatives_for
from optimizer.planning.pipeline import solve_plan
from optimizer.planning.solve.problem import prepare
from optimizer.planning.solve.status import check_available
from optimizer.planning.whatif import what_if_table
from optimizer.planning.year_ahead import actionable_year

EXIT_OK, EXIT_INFEASIBLE = 0, 1


def add_parser(sub: Any) -> None:
    p = sub.add_parser("plan", help="find the least-effort plan for one practice")
    add_scenario_options(p)
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_alternatives_option(p)
    p.add_argument("--excel", type=Path, metavar="FILE", help="also write the plan as .xlsx")
    p.add_argument(
        "--ics", type=Path, metavar="FILE", help="also write the plan's dates as a calendar (.ics)"
    )
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


def run(args: argparse.Namespace, today: date) -> int:
    previous = None
    as_of = args.as_of or today
    if args.from_workbook is not None:
        scenario, inventory, pairings, previous = scenario_with_workbook(args, as_of)
    else:
        scenario, inventory, pairings = scenario_from_args(args, as_of)
    identifiers = None
    if args.qpp_json is not None:  # refuse bad identifiers before any work is done
        identifiers = check_identifiers(
            scenario,
            tin=args.tin,
            npi=args.npi,
            entity_id=args.entity_id,
            submission_method=args.submission_method,
        )
    solver = check_available(args.solver)
    problem = prepare(scenario, inventory, pairings, as_of)
    if identifiers is not None:  # before any file is written
        check_submittable(problem.year, problem.context.borrowed_from)
    result = solve_plan(problem, solver)
    if args.excel is not None:
        what_if = what_if_table(scenario, inventory, pairings=pairings, solver=solver, as_of=as_of)
        workbook = write_workbook(
            result,
            scenario,
            inventory,
            pairings=pairings,
            what_if=what_if,
            previous=previous,
            context=problem.context,
        )
        write_file(args.excel, workbook)
    if args.ics is not None:
        write_file(args.ics, plan_calendar(result))
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
        write_file(args.qpp_json, submission)
    if args.year is None and args.from_workbook is None:
        year, why = actionable_year(as_of)
        print(f"mips-ia: planning PY{year} (no --year given): {why}", file=sys.stderr)
    others = None
    if args.alternatives is not None:
        others = alternatives_for(problem, result, args.alternatives, solver)
    if args.format == "json":
        print(json.dumps(result.to_dict() | ({} if others is None else others.to_dict()), indent=2))
    else:
        say(format_table(result) + ("" if others is None else f"\n\n{format_alternatives(others)}"))
    return EXIT_INFEASIBLE if result.status is PlanStatus.INFEASIBLE else EXIT_OK
