"""The planner's vocabulary: activities, inventories, the scenario that goes in and
the plan that comes out. Everything here is a frozen value; checks that need the
year's rules live in ``rules.py`` and ``solve.py``."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from optimizer.errors import ScenarioError

ACTIVITY_ID = re.compile(r"^IA_[A-Z]+(?:_[0-9]+)?$")
PCMH_ID = "IA_PCMH"
MVP_PLAN_ID = "IA_MVP"


class Weight(StrEnum):
    """An activity's weight; CMS dropped weights from 2025 on."""

    MEDIUM = "medium"
    HIGH = "high"


class SpecialStatus(StrEnum):
    """Statuses that double points (to 2024) or halve the activities needed (2025 on)."""

    SMALL_PRACTICE = "small-practice"
    RURAL = "rural"
    HPSA = "hpsa"
    NON_PATIENT_FACING = "non-patient-facing"


class Reporting(StrEnum):
    """Who submits: one clinician, a group (TIN), a virtual group or an APM Entity."""

    INDIVIDUAL = "individual"
    GROUP = "group"
    VIRTUAL_GROUP = "virtual-group"
    APM_ENTITY = "apm-entity"


class PlanStatus(StrEnum):
    """How a plan came out."""

    OPTIMAL = "optimal"
    FULL_CREDIT = "full_credit"
    INFEASIBLE = "infeasible"


class ExclusionCode(StrEnum):
    """Why an activity of the inventory cannot be part of the plan."""

    EXCLUDED_BY_USER = "excluded_by_user"
    FREQUENCY_LIMIT = "frequency_limit"
    NOT_IN_MVP = "not_in_mvp"
    MVP_ONLY = "mvp_only"
    MEDICAL_HOME_CREDIT = "medical_home_credit"
    NOT_PAIRED = "not_paired"
    SUSPENDED = "suspended"
    TOO_FEW_CLINICIANS = "too_few_clinicians"


@dataclass(frozen=True, slots=True)
class Activity:
    """One improvement activity of one year's inventory."""

    id: str
    title: str
    subcategory: str = ""
    weight: Weight | None = None
    first_year: int | None = None
    frequency_years: int | None = None
    suspended_on: str | None = None
    mvp_only: bool = False
    effort: float | None = None
    quality_ids: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        if not ACTIVITY_ID.match(self.id):
            msg = f"'id' must look like IA_XXX_1: {self.id!r}"
            raise ValueError(msg)
        if self.effort is not None and not (self.effort >= 0 and math.isfinite(self.effort)):
            msg = f"'effort' of {self.id} must be a number >= 0: {self.effort}"
            raise ValueError(msg)
        if self.frequency_years is not None and self.frequency_years < 1:
            msg = f"'frequency_years' of {self.id} must be >= 1: {self.frequency_years}"
            raise ValueError(msg)


@dataclass(frozen=True, slots=True)
class Inventory:
    """The activities one performance year offers, read from one source."""

    year: int
    activities: tuple[Activity, ...]
    source: str = "bundled"

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for activity in self.activities:
            if activity.id in seen:
                msg = f"activity {activity.id} appears twice in {self.source}"
                raise ValueError(msg)
            seen.add(activity.id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.activities)

    def get(self, activity_id: str) -> Activity | None:
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        return None

    def __contains__(self, activity_id: object) -> bool:
        return any(a.id == activity_id for a in self.activities)

    def __len__(self) -> int:
        return len(self.activities)


@dataclass(frozen=True, slots=True, order=True)
class Attestation:
    """A past attestation of an activity: the history behind frequency limits."""

    activity_id: str
    year: int


@dataclass(frozen=True, slots=True)
class Clinician:
    """One clinician of a group's roster: who they are, what they cannot do, what
    each activity costs them (hours), and how many activities they may take on."""

    id: str
    name: str = ""
    role: str = ""
    cannot: frozenset[str] = frozenset()
    efforts: tuple[tuple[str, float], ...] = ()
    max_activities: int | None = None

    def __post_init__(self) -> None:
        if not self.id.strip():
            msg = "a clinician needs an NPI or a name"
            raise ScenarioError(msg)
        object.__setattr__(self, "cannot", frozenset(self.cannot))
        object.__setattr__(self, "efforts", _frozen_efforts(self.efforts))
        if self.max_activities is not None and self.max_activities < 0:
            msg = f"'max_activities' of {self.id} must be 0 or more: {self.max_activities}"
            raise ScenarioError(msg)
        for activity_id, effort in self.efforts:
            if not (effort >= 0 and math.isfinite(effort)):
                msg = f"effort of {activity_id} for {self.id} must be a number >= 0: {effort}"
                raise ScenarioError(msg)

    @property
    def label(self) -> str:
        """'1234567893 (Dr Lee)' when both are known, else whichever is."""
        return f"{self.id} ({self.name})" if self.name and self.name != self.id else self.id

    def can_do(self, activity_id: str) -> bool:
        return activity_id not in self.cannot

    def effort_for(self, activity_id: str) -> float:
        """This clinician's own hours for an activity (0 when the roster gives none)."""
        return dict(self.efforts).get(activity_id, 0.0)


def _frozen_efforts(
    efforts: Mapping[str, float] | Iterable[tuple[str, float]],
) -> tuple[tuple[str, float], ...]:
    items = efforts.items() if isinstance(efforts, Mapping) else efforts
    return tuple(sorted((str(k), float(v)) for k, v in items))


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything the user decides about one plan. The CLI, the app and the
    workbook all build one of these; ``solve.plan`` turns it into a Plan.

    Usage::

        Scenario(year=2021, statuses=frozenset({SpecialStatus.RURAL}), apm=True)
        Scenario(year=2025, quality=frozenset({"001"}), require_pairing=True)
    """

    year: int
    statuses: frozenset[SpecialStatus] = frozenset()
    apm: bool = False
    app: bool = False
    pcmh: bool = False
    mvp: str | None = None
    reporting: Reporting = Reporting.INDIVIDUAL
    clinicians: int | None = None
    history: tuple[Attestation, ...] = ()
    efforts: tuple[tuple[str, float], ...] = ()
    quality: frozenset[str] = frozenset()
    require_pairing: bool = False
    min_paired: int = 0
    include: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    target: int = 40
    roster: tuple[Clinician, ...] = ()
    max_per_clinician: int | None = None
    start_date: str | None = None
    max_concurrent: int | None = None

    def __post_init__(self) -> None:
        # Normalise containers so equal scenarios compare equal however they were built.
        object.__setattr__(self, "statuses", frozenset(SpecialStatus(s) for s in self.statuses))
        object.__setattr__(self, "reporting", Reporting(self.reporting))
        if self.mvp is not None:
            object.__setattr__(self, "mvp", self.mvp.strip().upper() or None)
        object.__setattr__(self, "history", tuple(sorted(set(self.history))))
        object.__setattr__(self, "efforts", _frozen_efforts(self.efforts))
        object.__setattr__(self, "quality", frozenset(self.quality))
        object.__setattr__(self, "include", frozenset(self.include))
        object.__setattr__(self, "exclude", frozenset(self.exclude))
        if self.clinicians is not None and self.clinicians < 1:
            msg = f"'clinicians' must be at least 1: {self.clinicians}"
            raise ScenarioError(msg)
        if self.min_paired < 0:
            msg = f"'min_paired' must be 0 or more: {self.min_paired}"
            raise ScenarioError(msg)
        if not 0 < self.target <= 100:
            msg = f"'target' must be between 1 and 100 points: {self.target}"
            raise ScenarioError(msg)
        for activity_id, effort in self.efforts:
            if not (effort >= 0 and math.isfinite(effort)):
                msg = f"effort of {activity_id} must be a number >= 0: {effort}"
                raise ScenarioError(msg)
        both = sorted(self.include & self.exclude)
        if both:
            msg = f"{', '.join(both)} cannot be both included and excluded"
            raise ScenarioError(msg)
        self._check_group_and_schedule()

    def _check_group_and_schedule(self) -> None:
        object.__setattr__(self, "roster", tuple(self.roster))
        if self.roster and not self.is_group:
            msg = (
                f"A roster applies to group or virtual-group reporting, "
                f"not to {self.reporting} reporting"
            )
            raise ScenarioError(msg)
        seen: set[str] = set()
        for clinician in self.roster:
            if clinician.id in seen:
                msg = f"clinician {clinician.id} appears twice in the roster"
                raise ScenarioError(msg)
            seen.add(clinician.id)
        if self.roster and self.clinicians is not None and self.clinicians < len(self.roster):
            msg = (
                f"'clinicians' ({self.clinicians}) is smaller than the roster "
                f"({len(self.roster)} clinicians)"
            )
            raise ScenarioError(msg)
        for name in ("max_per_clinician", "max_concurrent"):
            value = getattr(self, name)
            if value is not None and value < 1:
                msg = f"'{name}' must be at least 1: {value}"
                raise ScenarioError(msg)
        if self.start_date is not None:
            try:
                date.fromisoformat(self.start_date)
            except (TypeError, ValueError):
                msg = f"'start_date' must be a date like {self.year}-08-01: {self.start_date!r}"
                raise ScenarioError(msg) from None

    @property
    def is_group(self) -> bool:
        return self.reporting in (Reporting.GROUP, Reporting.VIRTUAL_GROUP)

    @property
    def group_size(self) -> int | None:
        """How many clinicians the 50% rule counts: the given number, else the roster's."""
        if not self.is_group:
            return None
        return self.clinicians if self.clinicians is not None else (len(self.roster) or None)

    @property
    def start(self) -> date | None:
        return None if self.start_date is None else date.fromisoformat(self.start_date)

    @property
    def has_special_status(self) -> bool:
        return bool(self.statuses)

    @property
    def effort_overrides(self) -> dict[str, float]:
        return dict(self.efforts)


@dataclass(frozen=True, slots=True)
class PlannedActivity:
    """One activity the plan asks the practice to carry out."""

    id: str
    title: str
    subcategory: str
    weight: Weight | None
    points: int
    effort: float
    paired_measures: tuple[str, ...] = ()
    clinicians_needed: int | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who of the roster carries out one planned activity."""

    activity: str
    clinicians: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Window:
    """The days one planned activity runs, both ends included."""

    activity: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An activity ruled out of the plan, and why, in words."""

    id: str
    code: ExclusionCode
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The answer: which activities, what they earn, what they cost, and why."""

    status: PlanStatus
    year: int
    target: int
    automatic_points: int
    points: int
    category_score: float
    category_weight: int
    final_score_points: float
    total_effort: float
    activities: tuple[PlannedActivity, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    messages: tuple[str, ...] = ()
    last_start: str = ""
    submission_window: tuple[str, str] = ("", "")
    needed_points: int = 0
    assignments: tuple[Assignment, ...] = ()
    schedule: tuple[Window, ...] = ()
    scenario: Scenario | None = field(default=None, compare=False)

    @property
    def activity_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.activities)

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain JSON-ready data (the CLI's ``--format json``)."""
        return {
            "status": str(self.status),
            "year": self.year,
            "target": self.target,
            "automatic_points": self.automatic_points,
            "needed_points": self.needed_points,
            "points": self.points,
            "category_score": self.category_score,
            "category_weight": self.category_weight,
            "final_score_points": self.final_score_points,
            "total_effort": self.total_effort,
            "last_start": self.last_start,
            "submission_window": {
                "opens": self.submission_window[0],
                "closes": self.submission_window[1],
            },
            "activities": [
                {
                    "id": a.id,
                    "title": a.title,
                    "subcategory": a.subcategory,
                    "weight": None if a.weight is None else str(a.weight),
                    "points": a.points,
                    "effort": a.effort,
                    "paired_measures": list(a.paired_measures),
                    "clinicians_needed": a.clinicians_needed,
                }
                for a in self.activities
            ],
            "excluded": [
                {"id": e.id, "code": str(e.code), "reason": e.reason} for e in self.excluded
            ],
            "messages": list(self.messages),
            "assignments": [
                {"activity": a.activity, "clinicians": list(a.clinicians)} for a in self.assignments
            ],
            "schedule": [
                {"activity": w.activity, "start": w.start.isoformat(), "end": w.end.isoformat()}
                for w in self.schedule
            ],
        }

    def __str__(self) -> str:
        head = (
            f"PY{self.year} {self.status}: {self.points}/40 points "
            f"({self.category_score:g}% of the category, {self.final_score_points:g} "
            f"final-score points), effort {self.total_effort:g} h"
        )
        lines = [head]
        lines += [f"  {a.id} ({a.points} pts, {a.effort:g} h) {a.title}" for a in self.activities]
        lines += [f"  ! {m}" for m in self.messages]
        return "\n".join(lines)
