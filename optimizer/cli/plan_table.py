"""A plan as a person reads it in a terminal."""

from __future__ import annotations

from optimizer.cli.fix_words import fix_in_cli_words
from optimizer.model import Plan, Scenario
from optimizer.planning.year_ahead import data_year
from optimizer.sources.bundled import mvp_catalog
from optimizer.wording import (
    ACTIVITY_ID,
    EFFORT,
    EVIDENCE_TO_KEEP,
    PAIRED,
    POINTS,
    START_BY,
    TITLE,
    WHAT_TO_DO,
    plural,
)


def _practice_line(scenario: Scenario | None) -> list[str]:
    """'Reporting: group of 40 clinicians; MVP G0053 Advancing Rheumatology Patient Care'."""
    if scenario is None:
        return []
    who = str(scenario.reporting)
    if scenario.group_size is not None:
        who += f" of {plural(scenario.group_size, 'clinician')}"
    parts = [f"Reporting: {who}"]
    if scenario.statuses:
        parts.append(f"statuses: {', '.join(sorted(scenario.statuses))}")
    if scenario.mvp:
        mvp = mvp_catalog(data_year(scenario.year)).get(scenario.mvp)
        parts.append(f"MVP {scenario.mvp}" + (f" {mvp.title}" if mvp else ""))
    return ["; ".join(parts)]


def format_table(result: Plan) -> str:
    """Headline figures, the activities, their schedule, who does what, and notes."""
    as_of = "" if result.as_of is None else f" (as of {result.as_of})"
    provisional = (
        f" (provisional, on PY{result.borrowed_from}'s data)" if result.provisional else ""
    )
    lines = [
        f"Performance year {result.year}{provisional}: {result.status.label}{as_of}",
        *([result.provisional_note] if result.provisional else []),
        *_practice_line(result.scenario),
        f"Points: {result.points} of {result.category_max} ({result.automatic_points} automatic)"
        f"  IA score: {result.category_score:g}%  Final-score points: "
        f"{result.final_score_points:g} of {result.category_weight}"
        + (f" ({result.score.weight_basis})" if result.score.weight_basis else ""),
        f"Total effort: {result.total_effort:g} h  Last start: {result.last_start}  "
        f"Submit: {result.submission_window[0]} to {result.submission_window[1]}",
    ]
    if result.activities:
        lines += ["", f"{plural(len(result.activities), 'activity')}:"]
        width = max(len(ACTIVITY_ID), *(len(a.id) for a in result.activities))
        lines.append(f"{ACTIVITY_ID:<{width}}  {POINTS}  {EFFORT}  {START_BY:<10}  {TITLE}")
        for a in result.activities:
            paired = f"  [{PAIRED}: {', '.join(a.paired_measures)}]" if a.paired_measures else ""
            split = ""
            if a.clinicians_needed:
                split = (
                    f"  [{a.practice_effort:g} h practice + {a.clinician_effort:g} h clinicians]"
                )
            lines.append(
                f"{a.id:<{width}}  {a.points:>{len(POINTS)}}  {a.effort:>{len(EFFORT)}g}  "
                f"{a.last_start!s:<10}  {a.title}{paired}{split}"
            )
            indent = " " * (width + 2)
            if a.what_to_do:
                lines.append(f"{indent}{WHAT_TO_DO}: {a.what_to_do}")
            if a.evidence_to_keep:
                lines.append(f"{indent}{EVIDENCE_TO_KEEP}: {a.evidence_to_keep}")
    if result.schedule:
        lines += ["", "Schedule:"]
        lines += [f"  {w.activity}: {w.start} to {w.end}" for w in result.schedule]
    if result.assignments:
        roster = result.scenario.roster if result.scenario else ()
        names = {c.id: c.name.strip() or c.id for c in roster}  # the NPI only without a name
        lines += ["", "Who does what:"]
        lines += [
            f"  {a.activity} ({len(a.clinicians)}): "
            + ", ".join(names.get(c, c) for c in a.clinicians)
            for a in result.assignments
        ]
    if result.reasons:
        lines += ["", "Why:" if result.activities else "No plan, because:"]
        lines += [
            f"- {r.text}" + (f". What would help: {fix}" if (fix := fix_in_cli_words(r)) else "")
            for r in result.reasons
        ]
    if result.warnings:
        lines.append("")
        lines += [f"- {w}" for w in result.warnings]
    return "\n".join(lines)
