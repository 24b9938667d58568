"""What CMS changed between two performance years' inventories: activities
re-filed under a new ID or in another subcategory, suspended, removed or added,
each with the replacement we propose for one that is gone.

A re-ID is the same title under a new ID in the later year (titles compared
without case, spacing or a final full stop), or one of CMS's documented re-IDs
(``optimizer/data/re_ids.csv``). The proposed replacement of an activity that is
gone is the least-effort activity of the later year in the same subcategory; when
CMS dropped the subcategory too (Achieving Health Equity in 2026), among the
activities that moved out of it under new IDs; failing that, among all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import Any

from optimizer.errors import ScenarioError
from optimizer.model import MVP_PLAN_ID, PCMH_ID, Activity, Inventory, Scenario
from optimizer.rules.effort import resolve_effort
from optimizer.sources.bundled import (
    bundled_inventory,
    default_effort,
    effort_estimates,
    loaded_years,
)
from optimizer.sources.re_ids import documented_re_ids

TITLE_MATCH = "the same title in both years' inventories"
"""The source of a re-ID found by comparing titles."""


class ChangeKind(StrEnum):
    """What happened to one activity between two years."""

    NEW_ID = "new_id"
    NEW_SUBCATEGORY = "new_subcategory"
    SUSPENDED = "suspended"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True, slots=True)
class YearChange:
    """One activity's change from ``from_year`` to ``to_year``; ``activity_id`` is its
    ID in the earlier year (in the later one for an added or suspended activity).
    A removed activity that CMS had suspended keeps the day in ``suspended_on``."""

    kind: ChangeKind
    activity_id: str
    title: str
    from_year: int
    to_year: int
    subcategory: str = ""
    new_id: str | None = None
    new_subcategory: str | None = None
    suspended_on: str | None = None
    replacement: str | None = None
    replacement_title: str = ""
    source: str = ""

    @property
    def text(self) -> str:
        """The change in one sentence."""
        moved = ""
        if self.new_subcategory is not None and self.new_subcategory != self.subcategory:
            moved = f", from {self.subcategory or 'no subcategory'} to {self.new_subcategory}"
        replace = ""
        if self.replacement is not None:
            replace = f"; proposed replacement: {self.replacement} ({self.replacement_title})"
        a, after = self.activity_id, self.to_year
        match self.kind:
            case ChangeKind.NEW_ID:
                return f"{a} is {self.new_id} from {after}: the same activity under a new ID{moved}"
            case ChangeKind.NEW_SUBCATEGORY:
                return f"{a} moves subcategory in {after}{moved}"
            case ChangeKind.SUSPENDED:
                return (
                    f"{a} was suspended by CMS on {self.suspended_on}, during {after}: it counts "
                    f"only if the practice began it before then{replace}"
                )
            case ChangeKind.REMOVED if self.suspended_on:
                return (
                    f"{a}, suspended by CMS on {self.suspended_on}, is not in the {after} "
                    f"inventory{replace}"
                )
            case ChangeKind.REMOVED:
                return f"{a} is not in the {after} inventory{replace}"
            case _:
                return f"{a} is new in {after}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "from_year": self.from_year,
            "to_year": self.to_year,
            "id": self.activity_id,
            "title": self.title,
            "new_id": self.new_id,
            "subcategory": self.subcategory,
            "new_subcategory": self.new_subcategory,
            "suspended_on": self.suspended_on,
            "replacement": self.replacement,
            "source": self.source,
            "text": self.text,
        }


def _title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().rstrip(".").casefold()


def re_ids_between(before: Inventory, after: Inventory) -> dict[str, tuple[str, str]]:
    """Old ID -> (new ID, source) for every activity of ``before`` that ``after``
    holds under another ID: CMS's documented re-IDs, then unique title matches."""
    before_ids, after_ids = set(before.ids), set(after.ids)
    gone = {a.id: a for a in before.activities if a.id not in after_ids}
    new = {a.id: a for a in after.activities if a.id not in before_ids}
    found: dict[str, tuple[str, str]] = {}
    for re_id in documented_re_ids():
        documented = before.year < re_id.year <= after.year
        if documented and re_id.old_id in gone and re_id.new_id in new:
            found[re_id.old_id] = (re_id.new_id, re_id.source)
    taken = {new_id for new_id, _ in found.values()}
    by_title: dict[str, list[str]] = {}
    for activity in new.values():
        if activity.id not in taken:
            by_title.setdefault(_title_key(activity.title), []).append(activity.id)
    old_titles: dict[str, list[str]] = {}
    for activity in gone.values():
        if activity.id not in found:
            old_titles.setdefault(_title_key(activity.title), []).append(activity.id)
    for title, old_ids in old_titles.items():
        # Only a one-to-one match is a re-ID; two activities of one title stay apart.
        if len(old_ids) == 1 and len(by_title.get(title, ())) == 1:
            found[old_ids[0]] = (by_title[title][0], TITLE_MATCH)
    return found


Effort = Callable[[Activity], float]


def bundled_effort(scenario: Scenario | None = None) -> Effort:
    """An activity's effort as planning resolves it (the user's, the inventory's or
    ours), for one clinician taking part."""
    estimates, default = effort_estimates(), default_effort()

    def effort(activity: Activity) -> float:
        own = scenario or Scenario(year=activity.first_year or 2017)
        return resolve_effort(activity, own, estimates, default).total(1)

    return effort


def _replacement(
    gone: Activity, pool: Iterable[Activity], moved_out: set[str], effort: Effort
) -> Activity | None:
    usable = [
        a
        for a in pool
        if a.id not in (PCMH_ID, MVP_PLAN_ID) and not a.mvp_only and not a.suspended_on
    ]
    for group in (
        [a for a in usable if a.subcategory == gone.subcategory],
        [a for a in usable if a.id in moved_out],
        usable,
    ):
        if group:
            return min(group, key=lambda a: (effort(a), a.id))
    return None


def _change(
    kind: ChangeKind, activity: Activity, before: Inventory, after: Inventory, **fields: Any
) -> YearChange:
    return YearChange(
        kind,
        activity.id,
        activity.title,
        before.year,
        after.year,
        subcategory=activity.subcategory,
        **fields,
    )


def _replaced(pick: Activity | None) -> dict[str, Any]:
    return {
        "replacement": None if pick is None else pick.id,
        "replacement_title": "" if pick is None else pick.title,
    }


def compare_inventories(
    before: Inventory, after: Inventory, *, effort: Effort | None = None
) -> tuple[YearChange, ...]:
    """Every change from ``before`` to ``after``, by kind, then by ID."""
    if before.year > after.year:
        msg = f"Compare an earlier year with a later one, not {before.year} with {after.year}"
        raise ScenarioError(msg)
    effort = effort or bundled_effort()
    re_ids = re_ids_between(before, after)
    moved_out: dict[str, set[str]] = {}
    for activity in before.activities:
        if activity.id in re_ids:
            moved_out.setdefault(activity.subcategory, set()).add(re_ids[activity.id][0])
    both = f"the {before.year} and {after.year} inventories"
    earlier_by_id = {a.id: a for a in before.activities}
    later_by_id = {a.id: a for a in after.activities}
    changes: list[YearChange] = []
    for old in before.activities:
        later = later_by_id.get(old.id)
        if old.id in re_ids:
            new_id, source = re_ids[old.id]
            moved = later_by_id.get(new_id)
            subcategory = None if moved is None else moved.subcategory
            changes.append(
                _change(
                    ChangeKind.NEW_ID,
                    old,
                    before,
                    after,
                    new_id=new_id,
                    new_subcategory=subcategory,
                    source=source,
                )
            )
        elif later is None:
            pick = _replacement(
                old, after.activities, moved_out.get(old.subcategory, set()), effort
            )
            changes.append(
                _change(
                    ChangeKind.REMOVED,
                    old,
                    before,
                    after,
                    suspended_on=old.suspended_on,
                    source=both,
                    **_replaced(pick),
                )
            )
        elif later.subcategory != old.subcategory:
            changes.append(
                _change(
                    ChangeKind.NEW_SUBCATEGORY,
                    old,
                    before,
                    after,
                    new_subcategory=later.subcategory,
                    source=both,
                )
            )
    new_ids = {new_id for new_id, _ in re_ids.values()}
    for new in after.activities:
        earlier = earlier_by_id.get(new.id)
        if new.suspended_on and not (earlier is not None and earlier.suspended_on):
            others = [a for a in after.activities if a.id != new.id]
            changes.append(
                _change(
                    ChangeKind.SUSPENDED,
                    new,
                    before,
                    after,
                    suspended_on=new.suspended_on,
                    source=f"the {after.year} inventory",
                    **_replaced(_replacement(new, others, set(), effort)),
                )
            )
        elif earlier is None and new.id not in new_ids:
            changes.append(
                _change(ChangeKind.ADDED, new, before, after, source=f"the {after.year} inventory")
            )
    order = list(ChangeKind)
    return tuple(sorted(changes, key=lambda c: (order.index(c.kind), c.activity_id)))


def year_changes(
    from_year: int, to_year: int, *, effort: Effort | None = None
) -> tuple[YearChange, ...]:
    """The changes between two bundled years' inventories."""
    return compare_inventories(
        bundled_inventory(from_year), bundled_inventory(to_year), effort=effort
    )


@cache
def renamed_ids() -> dict[str, tuple[int, str]]:
    """Old ID -> (the year it changed, new ID), over every pair of consecutive loaded
    years: the re-IDs that tie one activity's years together."""
    years = loaded_years()
    found: dict[str, tuple[int, str]] = {}
    for earlier, later in pairwise(years):
        pairs = re_ids_between(bundled_inventory(earlier), bundled_inventory(later))
        found.update({old: (later, new) for old, (new, _) in pairs.items()})
    return found


def latest_id(activity_id: str) -> str:
    """The ID an activity has in the latest bundled year it is known under (itself
    unless CMS re-filed it): one name for the same activity across the years."""
    seen = {activity_id}
    renames = renamed_ids()
    while activity_id in renames:
        activity_id = renames[activity_id][1]
        if activity_id in seen:  # a loop in the data: stop rather than spin
            break
        seen.add(activity_id)
    return activity_id


@cache
def _bundled_changes(from_year: int, to_year: int) -> dict[str, YearChange]:
    """The changes between two bundled years, by the earlier year's activity ID."""
    return {c.activity_id: c for c in year_changes(from_year, to_year)}


def moved_activities(done: Iterable[tuple[str, int]], to_year: int) -> tuple[YearChange, ...]:
    """What CMS changed, by ``to_year``, about activities done in earlier years (a
    history, or an earlier year's plan): re-filed under a new ID or subcategory,
    suspended or removed, each gone one with a proposed replacement."""
    years = set(loaded_years())
    if to_year not in years:
        return ()
    kinds = {
        ChangeKind.NEW_ID,
        ChangeKind.NEW_SUBCATEGORY,
        ChangeKind.SUSPENDED,
        ChangeKind.REMOVED,
    }
    found: dict[str, YearChange] = {}
    for activity_id, year in sorted(set(done), key=lambda d: (-d[1], d[0])):
        if year >= to_year or year not in years or activity_id in found:
            continue
        change = _bundled_changes(year, to_year).get(activity_id)
        if change is not None and change.kind in kinds:
            found[activity_id] = change
    return tuple(found[a] for a in sorted(found))


def forget_changes() -> None:
    """Compare the loaded years afresh on next use (after ``data update``)."""
    renamed_ids.cache_clear()
    _bundled_changes.cache_clear()
