"""What a newly loaded year's list changes against the year before, in words: the
changes ``year_changes`` finds (new, removed, re-IDed, suspended), the rules read
from CMS's wording that differ (frequency limits, periods), and the facts a person
should check before trusting the plan."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from optimizer.model import Activity, Inventory
from optimizer.rules.year_rules import rule_years
from optimizer.sources.bundled import effort_estimates, selections
from optimizer.sources.stored_years import StoredYear
from optimizer.sources.year_changes import YearChange, re_ids_between


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What one update stored and what changed against the year before."""

    stored: StoredYear
    previous: int | None
    replaced: str
    changes: tuple[YearChange, ...]
    rule_changes: tuple[str, ...]
    review: tuple[str, ...]
    provisional: bool

    def lines(self) -> list[str]:
        year = self.stored.year
        out = [f"PY{year}: {self.stored.activities} activities from {self.stored.source}"]
        if self.stored.mvp_source:
            out.append(f"  MVPs from {self.stored.mvp_source}")
        if self.replaced:
            out.append(f"  replaces {self.replaced}")
        if self.previous is None:
            out.append("No earlier year is loaded to compare with.")
        else:
            out.append(f"Changes against PY{self.previous}:")
            out += [f"  - {c.text}" for c in self.changes] or ["  (none)"]
            out.append("Rules read from CMS's wording that changed:")
            out += [f"  - {line}" for line in self.rule_changes] or ["  (none)"]
        out.append("For a person to check:")
        out += [f"  - {line}" for line in self.review] or ["  (nothing)"]
        return out


_FACTS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("frequency_years", "frequency limit", lambda v: f"once every {v} years"),
    ("period_days", "period", lambda v: f"{v} days"),
    ("suspended_on", "suspension", lambda v: f"suspended on {v}"),
    ("mvp_only", "MVP only", lambda v: "MVP only" if v else ""),
    ("weight", "weight", lambda v: str(v).title()),
)
_RULE_FACTS = tuple(f for f in _FACTS if f[0] != "suspended_on")  # suspensions: a change kind


def _fact(activity: Activity, field: str, show: Any) -> str:
    value = getattr(activity, field)
    return show(value) if value else "none"


def rule_changes(before: Inventory, after: Inventory) -> list[str]:
    """Facts read from CMS's wording that differ for the same activity (or its new ID)."""
    lines: list[str] = []
    pairs = {a.id: a.id for a in before.activities if a.id in after}
    pairs.update({old: new for old, (new, _) in re_ids_between(before, after).items()})
    for old_id, new_id in sorted(pairs.items()):
        old, new = before.get(old_id), after.get(new_id)
        if old is None or new is None:
            continue
        for field, name, show in _RULE_FACTS:
            if getattr(old, field) != getattr(new, field):
                was, now = _fact(old, field, show), _fact(new, field, show)
                label = new_id if old_id == new_id else f"{old_id} ({new_id} in {after.year})"
                lines.append(
                    f"{label}: {name} {was} in {before.year}, {now} in {after.year} "
                    "(CMS's wording changed)"
                )
    return lines


_MENTIONS = (
    (re.compile(r"\bsuspend", re.IGNORECASE), "suspended_on", "a suspension"),
    (re.compile(r"\bonce every\b", re.IGNORECASE), "frequency_years", "a frequency limit"),
    (re.compile(r"\b\d+ (?:days|months)\b", re.IGNORECASE), "period_days", "a period"),
)


def review_items(before: Inventory | None, after: Inventory) -> list[str]:
    """Facts a person should check: those read from new wording, wording that mentions
    a limit the reader found no value for, and selections the table does not carry."""
    lines: list[str] = []
    earlier = {} if before is None else {a.id: a for a in before.activities}
    was = {} if before is None else {n: o for o, (n, _) in re_ids_between(before, after).items()}
    estimates = effort_estimates()
    for activity in after.activities:
        old = earlier.get(was.get(activity.id, activity.id))
        for field, name, show in _FACTS[:3]:
            value = getattr(activity, field)
            if value and (old is None or getattr(old, field) != value):
                lines.append(f"{activity.id}: {name} {show(value)} was read from CMS's description")
        for pattern, field, what in _MENTIONS:
            found = pattern.search(activity.description)
            if found and not getattr(activity, field):
                lines.append(
                    f"{activity.id}: the description mentions {what} ({found.group()!r}) "
                    "but none was read"
                )
        if old is None and before is not None:
            lines.append(
                f"{activity.id} is new: check whether it needs a sponsor's selection "
                "(conditional_activities.csv)"
                + ("" if activity.id in estimates else " and give it an effort estimate")
            )
        elif activity.id in was and activity.id not in estimates:
            lines.append(
                f"{activity.id} (was {was[activity.id]}) has no effort estimate of its own "
                "in efforts.csv"
            )
    if before is not None:
        now = selections(after.year)
        for activity_id, selection in sorted(selections(before.year).items()):
            if activity_id in after and activity_id not in now:
                lines.append(
                    f"{activity_id} needed a selection by {selection.selected_by} in "
                    f"{before.year}; the conditional table has no {after.year} row for it"
                )
    if after.year not in rule_years():
        lines.append(
            f"PY{after.year} has no row in rules.csv: its points, dates and shares are "
            f"carried forward (provisional) until one is added"
        )
    return lines
