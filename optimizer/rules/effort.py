"""An activity's effort for one practice: the hours the user gives, the
inventory's, the project's estimate, or nearly nothing for one already running,
and where the figure comes from (the words the plan shows beside it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from optimizer.model import Activity, EffortEstimate, Scenario

RUNNING_HOURS = 0.5
"""Effort assumed for an activity the practice already runs: nearly free, not free,
so that among running activities the plan still prefers fewer."""
SET_BY_YOU = "set by you"
"""The effort source of a figure the user typed."""
ALREADY_RUNNING = "already running: nearly free"
"""The effort source of an activity the practice already runs (``RUNNING_HOURS``)."""


@dataclass(frozen=True, slots=True)
class Effort:
    """An activity's hours for one practice: its own part, each participating
    clinician's part, and where the figures come from."""

    practice: float
    per_clinician: float
    reason: str

    def total(self, clinicians: int) -> float:
        return self.practice + self.per_clinician * clinicians


@dataclass(frozen=True, slots=True)
class Given:
    """What the scenario says of each activity, looked up once per assessment."""

    efforts: Mapping[str, float]
    clinician_efforts: Mapping[str, float]
    running: Mapping[str, date | None]

    @classmethod
    def of(cls, scenario: Scenario) -> Given:
        return cls(
            scenario.effort_overrides,
            scenario.clinician_effort_overrides,
            scenario.running_since,
        )


def resolve_effort(
    activity: Activity,
    scenario: Scenario,
    estimates: Mapping[str, EffortEstimate],
    default: EffortEstimate,
) -> Effort:
    """The effort to use and where it came from: yours, the inventory's, or ours.

    Hours you give (or an inventory file gives) are the activity's whole effort,
    unless you also give each clinician's part; the project's estimate has both parts.
    """
    return effort_of(activity, Given.of(scenario), estimates, default)


def effort_of(
    activity: Activity,
    given: Given,
    estimates: Mapping[str, EffortEstimate],
    default: EffortEstimate,
) -> Effort:
    estimate = estimates.get(activity.id, default)
    own = given.efforts.get(activity.id)
    per_clinician = given.clinician_efforts.get(activity.id)
    if own is not None:
        return Effort(own, per_clinician or 0.0, SET_BY_YOU)
    if activity.id in given.running:
        return Effort(RUNNING_HOURS, per_clinician or 0.0, ALREADY_RUNNING)
    if activity.effort is not None:
        return Effort(activity.effort, per_clinician or 0.0, "from the inventory file")
    if per_clinician is not None:
        return Effort(estimate.practice_hours, per_clinician, "per-clinician hours set by you")
    return Effort(estimate.practice_hours, estimate.per_clinician_hours, estimate.reason)
