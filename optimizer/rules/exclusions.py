"""The rules that keep an activity out of a year's plan, each with its code and
its reason in words: what the year and its MVP alone decide (``fixed_exclusion``),
and what the scenario adds (``scenario_exclusion``): excluded by the user, the
once-every-N-years limit, CMS's suspensions, selections, timing, pairing, staffing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from optimizer.model import PCMH_ID, Activity, Exclusion, ExclusionCode, Scenario, Selection
from optimizer.rules.context import YearContext
from optimizer.rules.group_rule import staffing_exclusion
from optimizer.rules.year_rules import YearRules


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


def _timing(
    activity: Activity,
    running: Mapping[str, date | None],
    rules: YearRules,
    as_of: date | None,
    start: date | None,
) -> str:
    """Why the activity cannot run its period this year ('' when it can): a running
    one must fit by December 31 from the day it began; a new one must start by its
    own last start, and it starts no earlier than ``start`` (the later of the day the
    plan is made and the practice's start date)."""
    days = activity.period_days or rules.period_days
    if activity.id in running:
        began = running[activity.id] or date(rules.year, 1, 1)
        if began + timedelta(days=days - 1) > date(rules.year, 12, 31):
            return (
                f"began on {began.isoformat()}: its {days} days would end after "
                f"December 31, {rules.year}"
            )
        return ""
    if start is None or (days <= rules.period_days and start <= rules.last_start):
        return ""  # no period this long or shorter starts too late before the last start
    last = rules.last_start_for(days)
    if start <= last:
        return ""
    if as_of is not None and as_of > last:
        return (
            f"can no longer run its {days} days in {rules.year}: the last start was "
            f"{last.isoformat()} and today is {as_of.isoformat()} (only activities the "
            "practice already runs still count)"
        )
    return (
        f"cannot run its {days} days in {rules.year} from the plan's start on "
        f"{start.isoformat()}: its last start is {last.isoformat()}"
    )


def _suspended(on: str, chosen: bool, running: bool, began: date | None) -> str:
    """Why a suspended activity does not count ('' when it does): it counts only if
    begun on or before the day CMS suspended it (CMS change file IA_PY25_CR_20250506).
    ``began``: the running window's first day, else the plan's first day (None: the
    year's start, or no day given)."""
    if not chosen:
        return (
            f"suspended by CMS on {on}; it still counts only if the practice began it "
            "by then (mark it running, or include it, to keep it)"
        )
    if began is None or began <= date.fromisoformat(on):
        return ""
    window = "its window began on" if running else "the plan's activities start no earlier than"
    return (
        f"suspended by CMS on {on}: it counts only if begun on or before that day, "
        f"and {window} {began.isoformat()}"
    )


def fixed_exclusion(activity: Activity, context: YearContext, mvp: str | None) -> Exclusion | None:
    """What keeps an activity out whatever else the scenario says: the year's context
    and the MVP the scenario names (``mvp``) alone."""
    if activity.id == PCMH_ID:
        return Exclusion(
            activity.id,
            ExclusionCode.MEDICAL_HOME_CREDIT,
            "gives full credit only to a recognized patient-centered medical home: "
            "turn on the medical-home credit if the practice is one",
        )
    if context.mvp is not None and activity.id not in context.mvp.activity_ids:
        return Exclusion(activity.id, ExclusionCode.NOT_IN_MVP, f"not in MVP {mvp}'s activity list")
    if context.mvp is None and activity.mvp_only:
        return Exclusion(
            activity.id, ExclusionCode.MVP_ONLY, "counts only when reporting through an MVP"
        )
    return None


@dataclass(frozen=True, slots=True)
class ExclusionReach:
    """What of a scenario can make ``scenario_exclusion`` keep an activity out, read
    once per scenario, so that ``assess`` asks it only of the activities one of its
    rules can reach: each rule below has its guard here (a new rule needs one too;
    ``tests/planning/test_one_problem.py`` checks ``assess`` against asking it of all)."""

    every: bool
    """Pairing required or a roster given: every activity is asked."""
    exclude: frozenset[str]
    running: Mapping[str, date | None]
    attested: frozenset[str]
    dated: bool
    """A first day is known, so an activity can be too late."""
    in_time: bool
    """That day is no later than the year's last start."""

    @classmethod
    def of(
        cls,
        scenario: Scenario,
        running: Mapping[str, date | None],
        start: date | None,
        rules: YearRules,
    ) -> ExclusionReach:
        return cls(
            every=scenario.require_pairing or bool(scenario.roster),
            exclude=scenario.exclude,
            running=running,
            attested=frozenset(a.activity_id for a in scenario.history),
            dated=start is not None,
            in_time=start is not None and start <= rules.last_start,
        )

    def reaches(self, activity: Activity, checked: bool, short: bool) -> bool:
        """Whether a rule of ``scenario_exclusion`` can apply to ``activity``
        (``checked``: suspended or needing a selection; ``short``: its period is no
        longer than the year's, so it is never late when started in time)."""
        activity_id = activity.id
        return (
            self.every
            or checked
            or activity_id in self.exclude
            or activity_id in self.running
            or (activity.frequency_years is not None and activity_id in self.attested)
            or (self.dated and not (self.in_time and short))
        )


def scenario_exclusion(
    activity: Activity,
    selection: Selection | None,
    pairs: frozenset[str],
    scenario: Scenario,
    context: YearContext,
    as_of: date | None,
    start: date | None,
    running: Mapping[str, date | None],
) -> Exclusion | None:
    """What keeps an activity out for this scenario, once ``fixed_exclusion`` does not
    (``selection``: the year's selection the activity needs, if any)."""
    activity_id = activity.id
    if activity_id in scenario.exclude:
        return Exclusion(activity_id, ExclusionCode.EXCLUDED_BY_USER, "excluded by you")
    if activity.frequency_years is not None and scenario.history:
        blocked_by = frequency_block(activity, scenario)
        if blocked_by is not None:
            again = blocked_by + activity.frequency_years
            return Exclusion(
                activity_id,
                ExclusionCode.FREQUENCY_LIMIT,
                f"may be chosen once every {activity.frequency_years} years: attested in "
                f"{blocked_by}, so not again before {again}",
            )
    runs = activity_id in running
    chosen = runs or activity_id in scenario.include
    if activity.suspended_on:
        began = running[activity_id] if runs else start
        late = _suspended(activity.suspended_on, chosen, runs, began)
        if late:
            return Exclusion(activity_id, ExclusionCode.SUSPENDED, late)
    if selection is not None and not chosen:
        return Exclusion(
            activity_id,
            ExclusionCode.NEEDS_SELECTION,
            f"only for a practice that {selection.selected_by} selects or admits "
            f"({selection.basis}); include it if the practice qualifies",
        )
    if runs or start is not None:  # a new activity with no first day is never late
        late = _timing(activity, running, context.rules, as_of, start)
        if late:
            return Exclusion(activity_id, ExclusionCode.TOO_LATE, late)
    if scenario.require_pairing and not (pairs & scenario.quality):
        reported = ", ".join(sorted(scenario.quality)) or "none given"
        return Exclusion(
            activity_id,
            ExclusionCode.NOT_PAIRED,
            f"pairs with none of the reported quality measures ({reported})",
        )
    return staffing_exclusion(activity_id, scenario, context.rules) if scenario.roster else None
