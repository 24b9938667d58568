"""The performance year a practice can still act on, on a given day: where new
activities can still start, else where running ones can still be submitted."""

from __future__ import annotations

from datetime import date

from optimizer.rules.year_rules import rule_years, rules_for
from optimizer.sources.bundled import bundled_years


def plannable_years() -> tuple[int, ...]:
    """The years with both rules and a bundled inventory, oldest first."""
    known = set(rule_years())
    return tuple(y for y in bundled_years() if y in known)


def actionable_year(today: date) -> tuple[int, str]:
    """The year to plan when none is given, and why, in words.

    The first year in which new activities can still start; if none, the latest one
    whose submission window is still open (only running activities count there); if
    none, the latest year the planner knows.
    """
    years = plannable_years()
    startable = [y for y in years if today <= rules_for(y).last_start]
    if startable:
        year = startable[0]
        why = f"activities can still start until {rules_for(year).last_start.isoformat()}"
        earlier = rules_for(year - 1) if year - 1 in years else None
        if earlier is not None and today <= earlier.submission_close:
            why += (
                f"; PY{year - 1} can still be submitted until "
                f"{earlier.submission_close.isoformat()} (choose it to attest what you ran)"
            )
        return year, why
    open_years = [y for y in years if today <= rules_for(y).submission_close]
    if open_years:
        year = open_years[-1]
        rules = rules_for(year)
        return year, (
            f"its last start ({rules.last_start.isoformat()}) has passed, so only activities "
            f"the practice already runs can count; submit them {rules.submission_open.isoformat()}"
            f" to {rules.submission_close.isoformat()}. PY{year + 1} is not in the bundled "
            "data yet"
        )
    year = years[-1]
    return year, (
        f"the latest year in the bundled data; its submission window closed on "
        f"{rules_for(year).submission_close.isoformat()}"
    )
