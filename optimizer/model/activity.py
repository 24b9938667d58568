"""Activities and the inventories that hold them, and past attestations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from optimizer.errors import DataError
from optimizer.model.values import BadValue, hours

ACTIVITY_ID = re.compile(r"^IA_[A-Z]+(?:_[0-9]+)?$")
PCMH_ID = "IA_PCMH"
MVP_PLAN_ID = "IA_MVP"


class Weight(StrEnum):
    """An activity's weight; CMS dropped weights from 2025 on."""

    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        """'Medium' or 'High', as the app, the command line and the workbook show it."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Activity:
    """One improvement activity of one year's inventory."""

    id: str
    title: str
    subcategory: str = ""
    weight: Weight | None = None
    first_year: int | None = None
    frequency_years: int | None = None
    period_days: int | None = None
    """The continuous days the activity must run, when its description sets a period
    other than the year's default (``YearRules.period_days``)."""
    suspended_on: str | None = None
    mvp_only: bool = False
    effort: float | None = None
    quality_ids: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        if not ACTIVITY_ID.match(self.id):
            msg = f"'id' must look like IA_XXX_1: {self.id!r}"
            raise DataError(msg)
        if self.effort is not None:
            try:
                hours(self.effort)
            except BadValue as exc:
                raise DataError(f"effort of {self.id} {exc}") from None
        if self.period_days is not None and not 1 <= self.period_days <= 366:
            msg = f"'period_days' of {self.id} must be 1 to 366: {self.period_days}"
            raise DataError(msg)
        if self.frequency_years is not None and self.frequency_years < 1:
            msg = f"'frequency_years' of {self.id} must be >= 1: {self.frequency_years}"
            raise DataError(msg)


@dataclass(frozen=True, slots=True)
class Inventory:
    """The activities one performance year offers, read from one source."""

    year: int
    activities: tuple[Activity, ...]
    source: str = "bundled"
    carried_from: int | None = None
    """The year whose CMS list this is, carried forward (None: the year's own list)."""
    _by_id: dict[str, Activity] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Activity] = {}
        for activity in self.activities:
            if activity.id in by_id:
                msg = f"activity {activity.id} appears twice in {self.source}"
                raise DataError(msg)
            by_id[activity.id] = activity
        object.__setattr__(self, "_by_id", by_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.activities)

    def get(self, activity_id: str) -> Activity | None:
        return self._by_id.get(activity_id)

    def __contains__(self, activity_id: object) -> bool:
        return activity_id in self._by_id

    def __len__(self) -> int:
        return len(self.activities)


@dataclass(frozen=True, slots=True, order=True)
class Attestation:
    """A past attestation of an activity: the history behind frequency limits."""

    activity_id: str
    year: int


Pairings = Mapping[str, frozenset[str]]
"""Activity ID -> the quality measure IDs it pairs with."""


@dataclass(frozen=True, slots=True)
class EffortEstimate:
    """A rough staff-hours estimate for one activity, and why: the practice's part
    (set-up, policy, reports: done once) and each participating clinician's part."""

    practice_hours: float
    per_clinician_hours: float
    reason: str
    per_clinician_reason: str = ""
    what_to_do: str = ""
    """What doing the activity means in practice, in a line (the project's own words)."""
    evidence_to_keep: str = ""
    """The documents to keep for an audit, in a line."""

    @property
    def hours(self) -> float:
        """The estimate for a practice of one clinician."""
        return self.practice_hours + self.per_clinician_hours


@dataclass(frozen=True, slots=True)
class Selection:
    """An activity a practice cannot simply decide to do: someone must select or admit it."""

    selected_by: str
    basis: str


@dataclass(frozen=True, slots=True)
class Mvp:
    """A MIPS Value Pathway of one year: the activities and quality measures it lists."""

    id: str
    title: str
    activity_ids: frozenset[str]
    quality_ids: frozenset[str]
