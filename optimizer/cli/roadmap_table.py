"""A roadmap as a person reads it in a terminal: the year-by-activity grid, then
what it assumed, what CMS changed that concerns the practice, and the notes."""

from __future__ import annotations

from optimizer.cli.fix_words import reason_in_cli_words
from optimizer.model import PlanStatus, Scenario
from optimizer.planning.roadmap.result import GridCell, Roadmap
from optimizer.sources.year_changes import YearChange
from optimizer.wording import plural

NEW, AGAIN = "new", "again"


def _cell(cell: GridCell | None) -> str:
    if cell is None:
        return "-"
    return f"{cell.effort:g} {AGAIN if cell.continued else NEW}"


def _grid(result: Roadmap) -> list[str]:
    years = [y.year for y in result.years]
    rows = [(r.label, [_cell(r.cell(y)) for y in years]) for r in result.grid()]
    rows.append(("Status", [y.status.label for y in result.years]))
    rows.append(
        (
            "Statuses",
            [
                ", ".join(sorted(y.plan.scenario.statuses)) or "none"
                if y.plan.scenario is not None
                else ""
                for y in result.years
            ],
        )
    )
    rows.append(("Points", [f"{y.plan.points}/{y.plan.category_max}" for y in result.years]))
    rows.append(("Effort (h)", [f"{y.plan.total_effort:g}" for y in result.years]))
    first = max(len("Activity"), *(len(label) for label, _ in rows))
    width = max(6, *(len(c) for _, cells in rows for c in cells))
    lines = [f"{'Activity':<{first}}  " + "  ".join(f"{y:>{width}}" for y in years)]
    lines += [
        f"{label:<{first}}  " + "  ".join(f"{c:>{width}}" for c in cells) for label, cells in rows
    ]
    return lines


def _concerns(change: YearChange, ids: set[str]) -> bool:
    return change.activity_id in ids or (change.new_id or "") in ids


def _practice_ids(result: Roadmap, scenario: Scenario | None) -> set[str]:
    ids = {cell.activity_id for row in result.grid() for _, cell in row.cells}
    if scenario is not None:
        ids |= {a.activity_id for a in scenario.history}
        ids |= scenario.include | scenario.exclude | set(scenario.effort_overrides)
    return ids


def format_roadmap(result: Roadmap) -> str:
    """Headline, grid, assumptions, the changes that concern the practice, notes."""
    share = f"{result.repeat_effort:.0%}"
    unplanned = [y.year for y in result.years if y.status is PlanStatus.INFEASIBLE]
    flag = ""
    if unplanned and result.status is not PlanStatus.INFEASIBLE:
        flag = f" ({', '.join(map(str, unplanned))} not planned: see below)"
    lines = [
        f"Roadmap {result.first_year}-{result.last_year}: {result.status.label}{flag}",
        f"Total effort: {result.total_effort:g} h",
        "",
        *_grid(result),
        f"({NEW}: the activity's full effort; {AGAIN}: continued from the year before, "
        f"at {share} of its effort)",
    ]
    if result.reasons:
        lines += ["", *(f"- {reason_in_cli_words(r)}" for r in result.reasons)]
    lines += ["", "Assumptions:", *(f"- {a}" for a in result.assumptions)]
    ids = _practice_ids(result, result.scenario)
    ours = [c for c in result.changes if _concerns(c, ids)]
    others = len(result.changes) - len(ours)
    if result.changes:
        lines += ["", "Changes CMS made that concern this roadmap:"]
        lines += [f"- {c.from_year} to {c.to_year}: {c.text}" for c in ours] or ["- none"]
        if others:
            lines.append(f"- and {plural(others, 'other change')} (--format json lists them all)")
    notes: dict[str, list[int]] = {}
    for year in result.years:
        for note in year.plan.warnings:
            notes.setdefault(note, []).append(year.year)
    if notes:
        lines += ["", "Notes:"]
        lines += [f"- {', '.join(map(str, ys))}: {n}" for n, ys in notes.items()]
    return "\n".join(lines)
