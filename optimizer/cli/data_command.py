"""``mips-ia data``: CMS's lists the planner knows. ``update`` loads a year's list from
CMS's public repository (or a URL or downloaded file) into the user's data directory
and says what changed; ``list`` shows each year, bundled or updated, and its source."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from optimizer.sources.stored_years import ENV_VAR, years_dir
from optimizer.sources.year_update import (
    CMS_REF,
    CMS_REPOSITORY,
    default_year,
    loaded_year_list,
    update_from,
)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("data", help="CMS's lists of activities: load a year's, list them")
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    u = actions.add_parser(
        "update",
        help="load CMS's list of a year (measures-data.json and mvp.json)",
        description=(
            f"Reads CMS's measures-data.json and mvp.json for a year from {CMS_REPOSITORY} "
            f"(tag {CMS_REF}), a URL or a downloaded file, stores it in your data directory "
            f"(or the folder {ENV_VAR} names) and prints what changed against the year before."
        ),
    )
    u.add_argument("--year", type=int, help="performance year (default: next year from October on)")
    u.add_argument(
        "--from",
        dest="source",
        metavar="URL_OR_FILE",
        help="CMS's measures-data.json (default: CMS's public repository)",
    )
    u.add_argument(
        "--mvp-from",
        metavar="URL_OR_FILE",
        help="CMS's mvp.json (default: beside --from, in CMS's repository layout)",
    )
    u.add_argument("--format", choices=["text", "json"], default="text")
    listing = actions.add_parser("list", help="each year's list: bundled or updated, source, date")
    listing.add_argument("--format", choices=["table", "json"], default="table")


def _list(args: argparse.Namespace) -> int:
    rows = loaded_year_list()
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in rows], indent=2))
        return 0
    print(f"{'year':<6}{'list':<38}{'date':<12}source")
    for r in rows:
        kind = r.kind + (", provisional" if r.provisional else "")
        print(f"{r.year:<6}{kind:<38}{r.loaded_on:<12}{r.source}")
    print(f"(updated years are kept in {years_dir()})")
    return 0


def run(args: argparse.Namespace, today: date) -> int:
    if args.action == "list":
        return _list(args)
    year = args.year if args.year is not None else default_year(today)
    report = update_from(year, args.source, args.mvp_from, today=today)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "year": year,
                    "source": report.stored.source,
                    "date": report.stored.loaded_on,
                    "activities": report.stored.activities,
                    "provisional": report.provisional,
                    "compared_with": report.previous,
                    "changes": [c.to_dict() for c in report.changes],
                    "rule_changes": list(report.rule_changes),
                    "review": list(report.review),
                },
                indent=2,
            )
        )
    else:
        print("\n".join(report.lines()))
    return 0
