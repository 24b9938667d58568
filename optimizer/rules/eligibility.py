"""Which activities of the year a scenario may choose, what each earns and costs,
and, for the rest, the rule that keeps it out, in words.

This is the part of planning that needs no solver: the solvers work only on the
candidates found here, and the app shows the exclusions as its "why not" table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from optimizer.model import (
    PCMH_ID,
    Activity,
    EffortEstimate,
    Exclusion,
    ExclusionCode,
    Pairings,
    Scenario,
)
from optimizer.rules.context import YearContext
from optimizer.rules.group_rule import staffing_exclusion

MAX_LISTED = 10
"""Activity IDs named in one message before '...'."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An activity the plan may choose, with its points and effort for this scenario."""

    activity: Activity
    points: int
    effort: float
    effort_reason: str
    paired_measures: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.activity.id


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The candidates, the exclusions and anything worth telling the user."""

    candidates: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    messages: tuple[str, ...]

    def exclusion_of(self, activity_id: str) -> Exclusion | None:
        return next((e for e in self.excluded if e.id == activity_id), None)


def activity_pairs(activity: Activity, pairings: Pairings) -> frozenset[str]:
    """Every quality measure an activity pairs with: the table's plus the inventory's own."""
    return pairings.get(activity.id, frozenset()) | frozenset(activity.quality_ids)


def resolve_effort(
    activity: Activity,
    overrides: Mapping[str, float],
    estimates: Mapping[str, EffortEstimate],
    default: EffortEstimate,
) -> tuple[float, str]:
    """The effort to use and where it came from: yours, the inventory's, or ours."""
    if activity.id in overrides:
        return overrides[activity.id], "set by you"
    if activity.effort is not None:
        return activity.effort, "from the inventory file"
    estimate = estimates.get(activity.id, default)
    return estimate.hours, estimate.reason


def frequency_block(activity: Activity, scenario: Scenario) -> int | None:
    """The latest past year that keeps a once-every-N-years activity off this year's plan.

    An activity limited to once every N years and attested in year Y may be chosen
    again from Y + N on.
    """
    if activity.frequency_years is None:
        return None
    blocking = [
        a.year
        for a in scenario.history
        if a.activity_id == activity.id and 0 < scenario.year - a.year < activity.frequency_years
    ]
    return max(blocking, default=None)


def _exclusion(
    activity: Activity, scenario: Scenario, context: YearContext, pairs: frozenset[str]
) -> Exclusion | None:
    def out(code: ExclusionCode, reason: str) -> Exclusion:
        return Exclusion(activity.id, code, reason)

    if activity.id == PCMH_ID:
        return out(
            ExclusionCode.MEDICAL_HOME_CREDIT,
            "gives full credit only to a recognized patient-centered medical home: "
            "turn on the medical-home credit (--pcmh) if the practice is one",
        )
    if context.mvp is not None and activity.id not in context.mvp.activity_ids:
        return out(ExclusionCode.NOT_IN_MVP, f"not in MVP {scenario.mvp}'s activity list")
    if context.mvp is None and activity.mvp_only:
        return out(ExclusionCode.MVP_ONLY, "counts only when reporting through an MVP")
    if activity.id in scenario.exclude:
        return out(ExclusionCode.EXCLUDED_BY_USER, "excluded by you")
    blocked_by = frequency_block(activity, scenario)
    if blocked_by is not None:
        again = blocked_by + (activity.frequency_years or 0)
        return out(
            ExclusionCode.FREQUENCY_LIMIT,
            f"may be chosen once every {activity.frequency_years} years: attested in "
            f"{blocked_by}, so not again before {again}",
        )
    if activity.suspended_on and activity.id not in scenario.include:
        return out(
            ExclusionCode.SUSPENDED,
            f"suspended by CMS on {activity.suspended_on}; it still counts only if the "
            "practice began it before then (include it to keep it)",
        )
    if scenario.require_pairing and not (pairs & scenario.quality):
        reported = ", ".join(sorted(scenario.quality)) or "none given"
        return out(
            ExclusionCode.NOT_PAIRED,
            f"pairs with none of the reported quality measures ({reported})",
        )
    return staffing_exclusion(activity.id, scenario, context.rules)


def _listed(ids: list[str]) -> str:
    return ", ".join(ids[:MAX_LISTED]) + (" ..." if len(ids) > MAX_LISTED else "")


def assess(scenario: Scenario, context: YearContext) -> Eligibility:
    """Split the year's inventory into candidates and exclusions for ``scenario``."""
    overrides = scenario.effort_overrides
    candidates: list[Candidate] = []
    excluded: list[Exclusion] = []
    defaulted: list[str] = []
    for activity in context.inventory.activities:
        pairs = activity_pairs(activity, context.pairings)
        exclusion = _exclusion(activity, scenario, context, pairs)
        if exclusion is not None:
            excluded.append(exclusion)
            continue
        effort, reason = resolve_effort(
            activity, overrides, context.estimates, context.default_effort
        )
        if reason == context.default_effort.reason:
            defaulted.append(activity.id)
        candidates.append(
            Candidate(
                activity,
                context.rules.activity_points_for(activity, scenario),
                effort,
                reason,
                tuple(sorted(pairs & scenario.quality)),
            )
        )
    return Eligibility(tuple(candidates), tuple(excluded), _messages(scenario, context, defaulted))


def _messages(scenario: Scenario, context: YearContext, defaulted: list[str]) -> tuple[str, ...]:
    messages = []
    if defaulted:
        messages.append(
            f"No effort estimate for {', '.join(defaulted)}: "
            f"{context.default_effort.hours:g} h assumed; set your own effort for a better plan"
        )
    ids = set(context.inventory.ids)
    unknown = sorted(set(scenario.effort_overrides) - ids)
    if unknown:
        messages.append(
            f"Efforts given for activities not in the {scenario.year} inventory were ignored: "
            f"{_listed(unknown)}"
        )
    unknown = sorted({a for c in scenario.roster for a in c.cannot} - ids)
    if unknown:
        messages.append(
            f"The roster's 'cannot do' lists name activities not in the {scenario.year} "
            f"inventory, which were ignored: {_listed(unknown)}"
        )
    return tuple(messages)
