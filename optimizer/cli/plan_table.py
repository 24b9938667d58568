"""A plan as a person reads it in a terminal."""

from __future__ import annotations

from optimizer.model import Plan
from optimizer.wording import plural


def format_table(result: Plan) -> str:
    """Headline figures, the activities, their schedule, who does what, and notes."""
    lines = [
        f"Performance year {result.year}: {result.status}",
        f"Points: {result.points} of {result.category_max} ({result.automatic_points} automatic)"
        f"  IA score: {result.category_score:g}%  Final-score points: "
        f"{result.final_score_points:g} of {result.category_weight}",
        f"Total effort: {result.total_effort:g} h  Last start: {result.last_start}  "
        f"Submit: {result.submission_window[0]} to {result.submission_window[1]}",
    ]
    if result.activities:
        lines += ["", f"{plural(len(result.activities), 'activity')}:"]
        width = max(len(a.id) for a in result.activities)
        lines.append(f"{'ID':<{width}}  {'Pts':>3}  {'Hours':>6}  Title")
        for a in result.activities:
            paired = f"  [pairs: {', '.join(a.paired_measures)}]" if a.paired_measures else ""
            lines.append(f"{a.id:<{width}}  {a.points:>3}  {a.effort:>6g}  {a.title}{paired}")
    if result.schedule:
        lines += ["", "Schedule:"]
        lines += [f"  {w.activity}: {w.start} to {w.end}" for w in result.schedule]
    if result.assignments:
        lines += ["", "Who does what:"]
        lines += [
            f"  {a.activity} ({len(a.clinicians)}): {', '.join(a.clinicians)}"
            for a in result.assignments
        ]
    if result.reasons:
        lines.append("")
        lines += [f"- {r}" for r in result.reasons]
    if result.warnings:
        lines.append("")
        lines += [f"- {w}" for w in result.warnings]
    return "\n".join(lines)
