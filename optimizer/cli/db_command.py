"""``mips-ia db``: the workspace database itself: where it is and what it holds
(``info``, which only reads; its practices counted in ``--org``'s organizations),
a consistent copy of it as one SQLite file (``backup PATH``), and such a copy put
back (``restore PATH``). A backup and a restore hold every organization: the
command line makes them as admin of all (the app and the API never offer them)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.cli.practice_command import add_db_option
from optimizer.cli.terminal import say
from optimizer.wording import plural
from optimizer.workspace import backup, every_organization, local_scope, open_workspace
from optimizer.workspace.backup import restore
from optimizer.workspace.info import database_info


def add_parser(sub: Any) -> None:
    p = sub.add_parser("db", help="the workspace database: where it is, a backup, a restore")
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    b = actions.add_parser("backup", help="copy the whole workspace to a new SQLite file")
    b.add_argument("path", type=Path, metavar="PATH", help="the backup file (must not exist)")
    add_db_option(b, orgs=False)
    r = actions.add_parser("restore", help="copy a backup file into the workspace")
    r.add_argument("path", type=Path, metavar="PATH", help="a file written by db backup")
    r.add_argument("--replace", action="store_true", help="replace everything the workspace holds")
    add_db_option(r, orgs=False)
    i = actions.add_parser("info", help="which database, its schema and what it holds")
    add_db_option(i)


def run(args: argparse.Namespace, today: date) -> int:
    if args.action == "info":
        say("\n".join(database_info(args.db, organizations=args.org or ()).lines))
        return 0
    with open_workspace(args.db) as opened:
        every = [o.name for o in every_organization(opened)]
        ws = opened.scoped(local_scope(opened, every))
        if args.action == "backup":
            path = backup(ws, args.path)
            say(f"backed up {ws.name} to {path} (open it with --db {path})")
        else:
            count = restore(ws, args.path, replace=args.replace)
            say(f"restored {args.path} into {ws.name}: {plural(count, 'practice')}")
    return 0
