"""``mips-ia token``: the HTTP API's tokens of one organization, made, listed and
revoked by an admin of it (the local command line is admin of the organizations it
names). A new token's secret is printed once; the workspace keeps only its hash."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from optimizer.cli.practice_command import add_db_option
from optimizer.cli.terminal import escaped, say
from optimizer.workspace import open_workspace
from optimizer.workspace.access import local_scope
from optimizer.workspace.api_tokens import TokenInfo, create_token, list_tokens, revoke_token


def add_parser(sub: Any) -> None:
    p = sub.add_parser("token", help="the HTTP API's tokens of an organization")
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))
    made = actions.add_parser("create", help="make a token; its secret is shown once")
    made.add_argument("--label", required=True, help="who uses it, for what")
    listed = actions.add_parser("list", help="the organization's tokens (never their secrets)")
    listed.add_argument("--format", choices=["table", "json"], default="table")
    revoked = actions.add_parser("revoke", help="refuse a token's requests from now on")
    revoked.add_argument("id", type=int, help="the token's number (from `token list`)")
    for action in (made, listed, revoked):
        action.add_argument("--org", required=True, metavar="NAME", help="the organization")
        add_db_option(action, orgs=False)


def _row(token: TokenInfo) -> dict[str, Any]:
    return {
        "id": token.id,
        "organization": token.organization,
        "label": token.label,
        "created_at": token.created_at.isoformat(),
        "created_by": token.created_by,
        "revoked_at": None if token.revoked_at is None else token.revoked_at.isoformat(),
    }


def _line(token: TokenInfo) -> str:
    made = f"made {token.created_at:%Y-%m-%d} by {escaped(token.created_by)}"
    return f"{token.id:>5}  {escaped(token.label)}  ({made}; {token.state})"


def run(args: argparse.Namespace, today: date) -> int:
    with open_workspace(args.db) as opened:
        ws = opened.scoped(local_scope(opened, [args.org]))
        if args.action == "create":
            token, secret = create_token(ws, args.org, args.label)
            say(f"API token {token.id} of {token.organization} ({escaped(token.label)}):")
            say(f"  {secret}")
            say("Keep it now: it is not shown again. Send it as 'Authorization: Bearer ...'.")
        elif args.action == "list":
            tokens = list_tokens(ws, args.org)
            if args.format == "json":
                print(json.dumps([_row(t) for t in tokens], indent=2))
            else:
                say("\n".join(_line(t) for t in tokens) or f"{args.org} has no API tokens")
        else:
            token = revoke_token(ws, args.org, args.id)
            say(f"revoked API token {token.id} of {token.organization} ({escaped(token.label)})")
    return 0
