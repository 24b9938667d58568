"""``mips-ia db``: the workspace database itself: where it is (``info``) and a
consistent copy of it as one SQLite file (``backup PATH``)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.cli.practice_command import add_db_option
from optimizer.workspace import backup, list_practices, open_workspace
from optimizer.workspace.migrate import current_revision


def add_parser(sub: Any) -> None:
    p = sub.add_parser("db", help="the workspace database: where it is, a backup")
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    b = actions.add_parser("backup", help="copy the whole workspace to a new SQLite file")
    b.add_argument("path", type=Path, metavar="PATH", help="the backup file (must not exist)")
    add_db_option(b)
    i = actions.add_parser("info", help="which database, its schema and what it holds")
    add_db_option(i)


def run(args: argparse.Namespace, today: date) -> int:
    with open_workspace(args.db) as ws:
        if args.action == "backup":
            path = backup(ws, args.path)
            print(f"backed up {ws.name} to {path} (open it with --db {path})")
        else:
            with ws.engine.connect() as connection:
                revision = current_revision(connection)
            print(f"database: {ws.name}")
            print(f"schema: {revision}")
            print(f"practices: {len(list_practices(ws))}")
    return 0
