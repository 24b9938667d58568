"""Which activities of the year a scenario may choose, what each earns and costs,
and, for the rest, the rule that keeps it out, in words.

This is the part of planning that needs no solver: the solvers work only on the
candidates found here, and the app shows the exclusions as its "why not" table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from optimizer.model import (
    MVP_PLAN_ID,
    Activity,
    Exclusion,
    Mvp,
    Pairings,
    Scenario,
    Selection,
    SpecialStatus,
)
from optimizer.rules.context import YearContext
from optimizer.rules.effort import (
    Effort,
    Given,
    effort_of,
)
from optimizer.rules.exclusions import ExclusionReach, fixed_exclusion, scenario_exclusion
from optimizer.rules.group_rule import participants

MAX_LISTED = 10
"""Activity IDs named in one message before '...'."""


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
        none = Given({}, {}, {})
        rows = []
        for activity in context.inventory.activities:
            effort = effort_of(activity, none, context.estimates, context.default_effort)
            selection = context.selections.get(activity.id)
            rows.append(
                _Row(
                    activity,
                    fixed_exclusion(activity, context, mvp),
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
    given = Given.of(scenario)
    # Activities whose effort the scenario sets or runs; the others take the row's.
    own = given.efforts.keys() | given.clinician_efforts.keys() | given.running.keys()
    special = 1 if scenario.has_special_status else 0
    quality = scenario.quality
    running = given.running
    reach = ExclusionReach.of(scenario, running, start, context.rules)
    candidates: list[Candidate] = []
    excluded: list[Exclusion] = []
    defaulted: list[str] = []
    for row, pairs in zip(_rows(context, scenario.mvp), _pairs(context), strict=True):
        if row.fixed is not None:
            excluded.append(row.fixed)
            continue
        activity = row.activity
        activity_id = activity.id
        if reach.reaches(activity, row.checked, row.short):
            exclusion = scenario_exclusion(
                activity, row.selection, pairs, scenario, context, as_of, start, running
            )
            if exclusion is not None:
                excluded.append(exclusion)
                continue
        if activity_id in own:
            effort = effort_of(activity, given, context.estimates, context.default_effort)
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
    scenario: Scenario, context: YearContext, given: Given, defaulted: list[str]
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
