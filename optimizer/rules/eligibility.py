"""Which activities of the year a scenario may choose, what each earns and costs,
and, for the rest, the rule that keeps it out, in words.

This is the part of planning that needs no solver: the solvers work only on the
candidates found here, and the app shows the exclusions as its "why not" table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypeVar

from optimizer.model import (
    MVP_PLAN_ID,
    PCMH_ID,
    Activity,
    EffortEstimate,
    Exclusion,
    ExclusionCode,
    Mvp,
    Pairings,
    Scenario,
    Selection,
    SpecialStatus,
)
from optimizer.rules.context import YearContext
from optimizer.rules.group_rule import participants, staffing_exclusion
from optimizer.rules.year_rules import YearRules

MAX_LISTED = 10
"""Activity IDs named in one message before '...'."""
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
class Candidate:
    """An activity the plan may choose, with its points and effort for this scenario:
    the practice's part plus each of the ``participants`` clinicians' part."""

    activity: Activity
    points: int
    hours: Effort
    participants: int
    paired_measures: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.activity.id

    @property
    def effort(self) -> float:
        """Total staff hours when ``participants`` clinicians take part."""
        return self.hours.total(self.participants)


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The candidates, the exclusions and anything worth telling the user."""

    candidates: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]
    messages: tuple[str, ...]

    def exclusion_of(self, activity_id: str) -> Exclusion | None:
        return next((e for e in self.excluded if e.id == activity_id), None)


def activity_pairs(
    activity: Activity, pairings: Pairings, mvp: Mvp | None = None
) -> frozenset[str]:
    """Every quality measure an activity pairs with: the table's plus the inventory's own.
    IA_MVP, a quality-improvement plan on the measures of the MVP reported, pairs with
    that MVP's quality measures (the pairings table, made from MVP lists, leaves it out
    because it is in every MVP)."""
    listed = frozenset(pairings.get(activity.id, ()))  # no copy of a frozenset
    # Assessed for every activity of every plan: no new set when the inventory has none.
    own = listed | frozenset(activity.quality_ids) if activity.quality_ids else listed
    if activity.id == MVP_PLAN_ID and mvp is not None:
        return own | mvp.quality_ids
    return own


@dataclass(frozen=True, slots=True)
class _Given:
    """What the scenario says of each activity, looked up once per assessment."""

    efforts: Mapping[str, float]
    clinician_efforts: Mapping[str, float]
    running: Mapping[str, date | None]

    @classmethod
    def of(cls, scenario: Scenario) -> _Given:
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
    return _effort(activity, _Given.of(scenario), estimates, default)


def _effort(
    activity: Activity,
    given: _Given,
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


def _fixed_exclusion(activity: Activity, context: YearContext, mvp: str | None) -> Exclusion | None:
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


def _exclusion(
    row: _Row,
    pairs: frozenset[str],
    scenario: Scenario,
    context: YearContext,
    as_of: date | None,
    start: date | None,
    running: Mapping[str, date | None],
) -> Exclusion | None:
    """What keeps an activity out for this scenario, once ``row.fixed`` does not."""
    activity = row.activity
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
    if row.selection is not None and not chosen:
        return Exclusion(
            activity_id,
            ExclusionCode.NEEDS_SELECTION,
            f"only for a practice that {row.selection.selected_by} selects or admits "
            f"({row.selection.basis}); include it if the practice qualifies",
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


def _listed(ids: list[str]) -> str:
    return ", ".join(ids[:MAX_LISTED]) + (" ..." if len(ids) > MAX_LISTED else "")


def first_day(scenario: Scenario, as_of: date | None) -> date | None:
    """The first day a new activity of the year may start: the later of the
    practice's start date and the day the plan is made (None: neither is set)."""
    days = [d for d in (scenario.start_date, as_of) if d is not None]
    return max(days) if days else None


def assessment_key(scenario: Scenario) -> Scenario:
    """``scenario`` with only what ``assess`` reads of its credits and statuses: no
    credit (APM, APP, medical home) or reweighting (nothing here reads them) and whether it has a
    special status at all (the points of ``YearRules.activity_points_for``).
    Scenarios with one key have one assessment; variants planned together share it
    (``tests/planning/test_one_problem.py`` checks every toggle against ``plan``)."""
    statuses = frozenset({SpecialStatus.SMALL_PRACTICE}) if scenario.statuses else frozenset()
    return replace(
        scenario,
        apm=False,
        app=False,
        pcmh=False,
        statuses=statuses,
        pi_reweighted=None,
        cost_reweighted=False,
    )


@dataclass(frozen=True, slots=True)
class _Row:
    """What one activity of a year is before any scenario but the MVP it names."""

    activity: Activity
    fixed: Exclusion | None
    """The exclusion no other part of the scenario changes (None: none)."""
    selection: Selection | None
    checked: bool
    """Suspended or needing a selection: checked whatever the scenario."""
    short: bool
    """Its period is no longer than the year's default."""
    effort: Effort
    """The effort when the scenario gives none and does not run the activity."""
    defaulted: bool
    """``effort`` is the default one assumed for an activity with no estimate."""
    points: tuple[int, int]
    """The points with no special status, and with one."""


_T = TypeVar("_T")
_MAX_KEPT = 64
"""Years (contexts and MVPs) whose rows are kept; more clear them all."""
_ROWS: dict[tuple[object, ...], tuple[tuple[object, ...], tuple[_Row, ...]]] = {}
_PAIRS: dict[tuple[object, ...], tuple[tuple[object, ...], tuple[frozenset[str], ...]]] = {}


def _kept(
    kept: dict[tuple[object, ...], tuple[tuple[object, ...], _T]],
    parts: tuple[object, ...],
    value: object,
    make: Callable[[], _T],
) -> _T:
    """``make()`` once per ``parts`` (by identity) and ``value`` (by equality). The parts
    are kept with what was made, so no id is reused while its entry lives."""
    key = (*map(id, parts), value)
    found = kept.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], parts, strict=True)):
        return found[1]
    made = make()
    if len(kept) >= _MAX_KEPT:
        kept.clear()
    kept[key] = (parts, made)
    return made


def _rows(context: YearContext, mvp: str | None) -> tuple[_Row, ...]:
    """The rows of the context's activities for scenarios naming ``mvp``, made once
    per context and MVP: many plans share one year (a batch, the what-if table), and
    most of an activity's assessment depends on the year alone."""

    def make() -> tuple[_Row, ...]:
        rules = context.rules
        # activity_points_for reads of a scenario its MVP and whether it has a status.
        plain = Scenario(year=rules.year, mvp=mvp)
        special = Scenario(
            year=rules.year, mvp=mvp, statuses=frozenset({SpecialStatus.SMALL_PRACTICE})
        )
        none = _Given({}, {}, {})
        rows = []
        for activity in context.inventory.activities:
            effort = _effort(activity, none, context.estimates, context.default_effort)
            selection = context.selections.get(activity.id)
            rows.append(
                _Row(
                    activity,
                    _fixed_exclusion(activity, context, mvp),
                    selection,
                    bool(activity.suspended_on) or selection is not None,
                    (activity.period_days or rules.period_days) <= rules.period_days,
                    effort,
                    effort.reason == context.default_effort.reason,
                    (
                        rules.activity_points_for(activity, plain),
                        rules.activity_points_for(activity, special),
                    ),
                )
            )
        return tuple(rows)

    parts = (
        context.inventory,
        context.mvp,
        context.rules,
        context.estimates,
        context.default_effort,
        context.selections,
    )
    return _kept(_ROWS, parts, mvp, make)


def _pairs(context: YearContext) -> tuple[frozenset[str], ...]:
    """Each activity's quality measures (``activity_pairs``), once per context."""

    def make() -> tuple[frozenset[str], ...]:
        return tuple(
            activity_pairs(a, context.pairings, context.mvp) for a in context.inventory.activities
        )

    return _kept(_PAIRS, (context.inventory, context.pairings, context.mvp), None, make)


def assess(scenario: Scenario, context: YearContext, as_of: date | None = None) -> Eligibility:
    """Split the year's inventory into candidates and exclusions for ``scenario``, on
    the day ``as_of`` (None: no day, so nothing is too late); a new activity must
    also fit its period from the practice's start date."""
    start = first_day(scenario, as_of)
    taking_part = participants(context.rules, scenario)
    given = _Given.of(scenario)
    # Activities whose effort the scenario sets or runs; the others take the row's.
    own = given.efforts.keys() | given.clinician_efforts.keys() | given.running.keys()
    special = 1 if scenario.has_special_status else 0
    quality = scenario.quality
    # What can keep an activity out besides its row, so that most are not checked.
    exclude, running = scenario.exclude, given.running
    attested = {a.activity_id for a in scenario.history}
    every = scenario.require_pairing or bool(scenario.roster)
    # A new activity is late only if it starts after the last start or runs longer.
    dated, in_time = start is not None, start is not None and start <= context.rules.last_start
    candidates: list[Candidate] = []
    excluded: list[Exclusion] = []
    defaulted: list[str] = []
    for row, pairs in zip(_rows(context, scenario.mvp), _pairs(context), strict=True):
        if row.fixed is not None:
            excluded.append(row.fixed)
            continue
        activity = row.activity
        activity_id = activity.id
        if (
            every
            or row.checked
            or activity_id in exclude
            or activity_id in running
            or (activity.frequency_years is not None and activity_id in attested)
            or (dated and not (in_time and row.short))
        ):
            exclusion = _exclusion(row, pairs, scenario, context, as_of, start, running)
            if exclusion is not None:
                excluded.append(exclusion)
                continue
        if activity_id in own:
            effort = _effort(activity, given, context.estimates, context.default_effort)
            if effort.reason == context.default_effort.reason:
                defaulted.append(activity_id)
        else:
            effort = row.effort
            if row.defaulted:
                defaulted.append(activity_id)
        candidates.append(
            Candidate(
                activity,
                row.points[special],
                effort,
                taking_part,
                tuple(sorted(pairs & quality)) if pairs and quality else (),
            )
        )
    messages = _messages(scenario, context, given, defaulted)
    return Eligibility(tuple(candidates), tuple(excluded), messages)


def _messages(
    scenario: Scenario, context: YearContext, given: _Given, defaulted: list[str]
) -> tuple[str, ...]:
    messages = []
    if defaulted:
        messages.append(
            f"No effort estimate for {', '.join(defaulted)}: "
            f"{context.default_effort.hours:g} h assumed; set your own effort for a better plan"
        )
    cannot = {a for c in scenario.roster for a in c.cannot}
    if not (given.efforts or cannot):
        return tuple(messages)
    ids = set(context.inventory.ids)
    unknown = sorted(given.efforts.keys() - ids)
    if unknown:
        messages.append(
            f"Efforts given for activities not in the {scenario.year} inventory were ignored: "
            f"{_listed(unknown)}"
        )
    unknown = sorted(cannot - ids)
    if unknown:
        messages.append(
            f"The roster's 'cannot do' lists name activities not in the {scenario.year} "
            f"inventory, which were ignored: {_listed(unknown)}"
        )
    return tuple(messages)
