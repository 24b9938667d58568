"""``mips-ia practice org``, ``people``, ``changes`` and ``evidence-remove``: the
organizations of the workspace, the people of one and their roles, a practice's
change log, and a piece of evidence taken back.

The command line acts as admin of the organizations given with ``--org NAME``
(repeatable; made if missing), or of "default"."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from optimizer.cli.terminal import say
from optimizer.errors import PlannerError
from optimizer.wording import plural
from optimizer.workspace import (
    ChangeInfo,
    Role,
    Workspace,
    add_organization,
    add_person,
    changes,
    every_organization,
    people,
    remove_evidence,
    remove_person,
    set_role,
)
from optimizer.workspace.access import DEFAULT, checked_organization
from optimizer.workspace.people import checked_email

ACTIONS = ("org", "people", "changes", "evidence-remove")
ROLES = [r.value for r in Role]


def add_org_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--org",
        action="append",
        metavar="NAME",
        help="act as admin of this organization (repeatable; default: 'default')",
    )


def add_parsers(sub: Any, add_db_option: Any) -> None:
    p = sub.add_parser("org", help="the workspace's organizations: add one, list them")
    org = p.add_subparsers(dest="org_action", required=True, parser_class=type(p))
    o = org.add_parser("add", help="add an organization (lower-case letters, digits, -)")
    o.add_argument("org_name", metavar="NAME")
    add_db_option(o)
    o = org.add_parser("list", help="every organization, its practices and people")
    add_db_option(o)

    p = sub.add_parser("people", help="the people of an organization (--org) and their roles")
    who = p.add_subparsers(dest="people_action", required=True, parser_class=type(p))
    w = who.add_parser("list", help="who is in the organization, and their role")
    add_db_option(w)
    w = who.add_parser("add", help="add a person by e-mail (matched when they first sign in)")
    w.add_argument("email")
    w.add_argument("--role", choices=ROLES, required=True)
    add_db_option(w)
    w = who.add_parser("role", help="change a person's role")
    w.add_argument("email")
    w.add_argument("role", choices=ROLES)
    add_db_option(w)
    w = who.add_parser("remove", help="take a person out of the organization")
    w.add_argument("email")
    add_db_option(w)

    p = sub.add_parser("changes", help="a practice's change log: who changed what, when")
    p.add_argument("name")
    p.add_argument("--year", type=int, help="only this year's (and the practice's own)")
    add_db_option(p)

    p = sub.add_parser("evidence-remove", help="delete a piece of evidence (it stays logged)")
    p.add_argument("name")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("evidence_id", type=int, metavar="EVIDENCE_ID", help="as practice show lists")
    add_db_option(p)


def changes_table(rows: Sequence[ChangeInfo]) -> str:
    """One line per changed field: when, who, year and activity, field: old -> new."""
    lines = []
    for c in rows:
        where = " ".join(str(p) for p in (c.year or "", c.activity_id) if p)
        where = f" {where}" if where else ""
        lines.append(
            f"{c.at:%Y-%m-%d %H:%M} {c.actor_email}{where} {c.field}: "
            f"{c.old or '-'} -> {c.new or '-'}"
        )
    return "\n".join(lines)


def _one_organization(args: argparse.Namespace) -> str:
    given = args.org or [DEFAULT]
    if len(given) != 1:
        msg = f"practice people works on one organization: give one --org, not {len(given)}"
        raise PlannerError(msg)
    return checked_organization(str(given[0]))


def _people(ws: Workspace, args: argparse.Namespace) -> None:
    org = _one_organization(args)
    action = args.people_action
    if action == "add":
        person = add_person(ws, org, args.email, args.role)
        note = "" if person.signed_in else " (matched when they first sign in)"
        say(f"added {person.email} to {org} as {person.role}{note}")
    elif action == "role":
        person = set_role(ws, org, args.email, args.role)
        say(f"{person.email} is now {person.role} of {org}")
    elif action == "remove":
        remove_person(ws, org, args.email)
        say(f"removed {checked_email(args.email)} from {org}")
    else:
        found = people(ws, org)
        lines = [
            f"{p.email}\t{p.role}" + ("" if p.signed_in else "\tinvited, not signed in yet")
            for p in found
        ]
        say("\n".join(lines) if lines else f"no people in {org} yet: add one with people add")


def run(ws: Workspace, args: argparse.Namespace) -> None:
    """Carry out one of ``ACTIONS``."""
    if args.action == "org":
        if args.org_action == "add":
            say(f"added the organization {add_organization(ws, args.org_name)} to {ws.name}")
        else:
            say(
                "\n".join(
                    f"{o.name}\t{plural(o.practices, 'practice')}, {plural(o.people, 'person')}"
                    for o in every_organization(ws)
                )
            )
    elif args.action == "people":
        _people(ws, args)
    elif args.action == "changes":
        rows = changes(ws, args.name, args.year)
        say(changes_table(rows) if rows else f"no changes of {args.name!r} logged yet")
    else:
        info = remove_evidence(ws, args.name, args.year, args.evidence_id)
        say(f"removed evidence {info.id} of {info.activity_id} from {args.name!r} ({args.year})")
