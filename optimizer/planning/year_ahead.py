"""The performance years the planner can plan, and the one a practice can still act
on, on a given day: where new activities can still start, else where running ones
can still be submitted.

The year after the latest loaded CMS list is plannable too, provisionally: on that
list's activities and rules carried forward (``resolve.year_inventory``,
``rules.year_rules.carried_forward``), until CMS publishes its own. CMS publishes a
year's list in the final rule of the November before, so in December a practice
plans next year on this year's.
"""

from __future__ import annotations

from datetime import date

from optimizer.rules.year_rules import rule_years, rules_for
from optimizer.sources.bundled import loaded_years


def listed_years() -> tuple[int, ...]:
    """The years with a loaded CMS list (bundled, or stored by ``data update``) whose
    rules the project has or can carry forward (the year after its rules table),
    oldest first: the lists planning can use (``sources.bundled.loaded_years`` has
    every loaded list)."""
    rules = rule_years()
    known = {*rules, rules[-1] + 1}
    return tuple(y for y in loaded_years() if y in known)


def carried_year() -> int | None:
    """The year planned on the latest loaded list carried forward: the one after it,
    when its rules can be carried forward too (None: they cannot)."""
    year = listed_years()[-1] + 1
    return year if year <= rule_years()[-1] + 1 else None


def data_year(year: int) -> int:
    """The loaded year whose MVPs, quality measures and pairings ``year`` uses: its
    own, or for a year past the loaded lists the latest one (carried forward)."""
    latest = listed_years()[-1]
    return latest if year > latest else year


def borrowed_from(year: int) -> int | None:
    """The loaded year whose list a plan for ``year`` rests on, when ``year``'s own is
    not loaded (None: it is, or the year is before them)."""
    latest = listed_years()[-1]
    return latest if year > latest else None


def plannable_years() -> tuple[int, ...]:
    """The years a plan can be made for, oldest first: the loaded ones, then the
    year after them, provisionally."""
    carried = carried_year()
    return listed_years() if carried is None else (*listed_years(), carried)


def actionable_year(today: date) -> tuple[int, str]:
    """The year to plan when none is given, and why, in words.

    The first year in which new activities can still start (the year after the
    loaded lists included, provisionally); if none, the latest one whose submission
    window is still open (only running activities count there); if none, the latest
    year the planner knows.
    """
    years = plannable_years()
    startable = [y for y in years if today <= rules_for(y).last_start]
    if startable:
        year = startable[0]
        why = f"activities can still start until {rules_for(year).last_start.isoformat()}"
        if year == carried_year():
            latest = listed_years()[-1]
            why = (
                f"PY{latest}'s last start ({rules_for(latest).last_start.isoformat()}) has "
                f"passed; {why}. PY{year}'s CMS list is not loaded yet, so the plan is "
                f"provisional, on PY{latest}'s activities and rules carried forward"
            )
        elif rules_for(year).carried_from is not None:
            why += (
                f"; PY{year}'s CMS list is loaded but its rules (points, dates) are not in "
                f"the project yet, so the plan is provisional, on PY"
                f"{rules_for(year).carried_from}'s rules carried forward"
            )
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
            f" to {rules.submission_close.isoformat()}. PY{year + 1} cannot be planned: "
            "load its CMS list first"
        )
    year = years[-1]
    return year, (
        f"the latest year the planner can plan; its submission window closed on "
        f"{rules_for(year).submission_close.isoformat()}"
    )
