"""``mips-ia plan --alternatives K``: the option, and the alternatives as a person
reads them under the plan's table."""

from __future__ import annotations

import argparse
from typing import Any

from optimizer.planning.alternatives.next_plans import MAX_ALTERNATIVES, Alternatives, count_problem


def _count(text: str) -> int:
    value: object = int(text) if text.strip().lstrip("-").isdigit() else text
    problem = count_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return int(text)


def add_alternatives_option(p: Any) -> None:
    p.add_argument(
        "--alternatives",
        type=_count,
        metavar="K",
        help=f"also list the K next-cheapest plans (1 to {MAX_ALTERNATIVES}), none "
        "containing another, and the cheapest plan without each planned activity",
    )


def format_alternatives(result: Alternatives) -> str:
    """The next-cheapest plans, then what to do instead of each planned activity."""
    if not result.plans and not result.replacements:
        return "No other plan: the plan above is the only one, or none is needed."
    lines = ["Next-cheapest plans:"]
    lines += [
        f"  {n}. {', '.join(a.activities)}: {a.total_effort:g} h (+{a.extra_effort:g} h)"
        for n, a in enumerate(result.plans, start=2)
    ] or ["  none"]
    if result.replacements:
        lines += ["", "Instead of each planned activity (the cheapest plan without it):"]
    for r in result.replacements:
        if r.plan is None:
            lines.append(f"  {r.activity}: no plan does without it")
        else:
            instead = ", ".join(r.added) or "nothing"
            lines.append(f"  {r.activity}: {instead} (+{r.plan.extra_effort:g} h)")
    return "\n".join(lines)
