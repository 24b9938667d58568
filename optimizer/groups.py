"""The group rule: a group or virtual group may attest to an activity only if
enough of its clinicians carry it out (at least one before 2020, at least half
from 2020 on). With a roster the integer program also picks who does what.

On top of ``solve.py``'s model (x[a] = 1 when activity a is chosen):

    y[a,c] in {0, 1}, only where clinician c can do a and may take anything on
    sum_c y[a,c] = needed * x[a]         "group_50_percent:ID"  (more adds only effort)
    sum_a y[a,c] <= cap_c                "clinician_cap:NPI"
    minimise ... + sum(own effort[a,c] * y[a,c])

An activity fewer than ``needed`` roster clinicians can do never becomes a
variable: it is excluded with the count in words. Without a roster the group's
N clinicians are interchangeable, so the caps reduce to a count: at most
``N * cap // needed`` activities ("clinician_cap").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pulp

from optimizer.eligibility import Candidate, Eligibility
from optimizer.knapsack import EFFORT_UNIT
from optimizer.model import (
    Assignment,
    Clinician,
    Exclusion,
    ExclusionCode,
    Scenario,
)
from optimizer.rules import YearRules

MAX_LISTED = 5
GENERAL_FALLBACK = "the constraints together leave no plan"
"""``solve.explain_infeasible``'s answer when it finds no cause of its own."""


@dataclass(frozen=True, slots=True)
class CountLimit:
    """At most ``most`` activities in the plan, why (in words) and what relaxes it."""

    name: str
    most: int
    why: str
    fix: str


def plural(count: int, word: str) -> str:
    """'1 activity', '3 activities', '2 clinicians'."""
    if count == 1:
        return f"1 {word}"
    return f"{count} {word[:-1]}ies" if word.endswith("y") else f"{count} {word}s"


def cap_of(clinician: Clinician, scenario: Scenario) -> int | None:
    """How many activities a clinician may take on: the roster's own cap, else the group's."""
    if clinician.max_activities is not None:
        return clinician.max_activities
    return scenario.max_per_clinician


def able(activity_id: str, scenario: Scenario) -> tuple[Clinician, ...]:
    """The roster clinicians who can do an activity and may take anything on."""
    return tuple(c for c in scenario.roster if c.can_do(activity_id) and cap_of(c, scenario) != 0)


def staffing_text(activity_id: str, count: int, size: int, needed: int) -> str:
    """'only 41 of 120 clinicians can do IA_BMH_7; 60 are needed'."""
    who = "clinician" if size == 1 else "clinicians"
    return f"only {count} of {size} {who} can do {activity_id}; {needed} are needed"


def staffable(eligibility: Eligibility, scenario: Scenario, rules: YearRules) -> Eligibility:
    """The candidates the roster can staff; the rest move to the exclusions, with counts."""
    size = scenario.group_size
    if not scenario.roster or size is None:
        return eligibility
    needed = rules.clinicians_needed(size)
    kept: list[Candidate] = []
    excluded: list[Exclusion] = []
    for candidate in eligibility.candidates:
        count = len(able(candidate.id, scenario))
        if count >= needed:
            kept.append(candidate)
        else:
            reason = staffing_text(candidate.id, count, size, needed)
            excluded.append(Exclusion(candidate.id, ExclusionCode.TOO_FEW_CLINICIANS, reason))
    messages = list(eligibility.messages)
    known = {c.id for c in eligibility.candidates} | {e.id for e in eligibility.excluded}
    unknown = sorted({a for c in scenario.roster for a in c.cannot} - known)
    if unknown:
        messages.append(
            f"The roster's 'cannot do' lists name activities not in the {scenario.year} "
            f"inventory, which were ignored: {', '.join(unknown[:10])}"
            f"{' ...' if len(unknown) > 10 else ''}"
        )
    return Eligibility(tuple(kept), (*eligibility.excluded, *excluded), tuple(messages))


def cap_limit(scenario: Scenario, rules: YearRules) -> CountLimit | None:
    """Without a roster: N interchangeable clinicians, each on at most ``cap`` activities."""
    size, cap = scenario.group_size, scenario.max_per_clinician
    if scenario.roster or size is None or cap is None:
        return None
    needed = rules.clinicians_needed(size)
    most = size * cap // needed
    why = (
        f"{size} clinicians taking on at most {plural(cap, 'activity')} each fill "
        f"{size * cap} places, and each activity needs {needed}: room for "
        f"{plural(most, 'activity')}"
    )
    return CountLimit("clinician_cap", most, why, "allow more activities per clinician")


class RosterModel:
    """The assignment part of the integer program, for a group with a roster."""

    def __init__(
        self, scenario: Scenario, rules: YearRules, candidates: Sequence[Candidate]
    ) -> None:
        size = scenario.group_size or len(scenario.roster)
        self.needed = rules.clinicians_needed(size)
        self.scenario = scenario
        self.candidates = tuple(candidates)
        self._assign: dict[tuple[str, str], Any] = {}

    def add_to(self, prob: pulp.LpProblem, choose: Mapping[str, Any], scale: int) -> Any:
        """Add the assignment variables and constraints; return their objective terms."""
        roster = self.scenario.roster
        doers: dict[str, list[Any]] = {c.id: [] for c in self.candidates}
        takes: dict[str, list[Any]] = {c.id: [] for c in roster}
        for i, candidate in enumerate(self.candidates):
            for j, clinician in enumerate(roster):
                if clinician.can_do(candidate.id) and cap_of(clinician, self.scenario) != 0:
                    variable = prob.add_variable(f"assign_{i}_{j}", cat=pulp.LpBinary)
                    self._assign[candidate.id, clinician.id] = variable
                    doers[candidate.id].append(variable)
                    takes[clinician.id].append(variable)
        for candidate in self.candidates:
            prob += (
                pulp.lpSum(doers[candidate.id]) == self.needed * choose[candidate.id],
                f"group_50_percent:{candidate.id}",
            )
        used: set[str] = set()
        for j, clinician in enumerate(roster):
            cap = cap_of(clinician, self.scenario)
            if cap is None or not takes[clinician.id]:
                continue
            # PuLP turns spaces and dashes into '_': keep names that would clash distinct.
            name = f"clinician_cap:{clinician.id}"
            cleaned = name.translate(str.maketrans("-+[] ->/", "________"))
            if cleaned in used:
                name = f"{name}#{j}"
            used.add(name.translate(str.maketrans("-+[] ->/", "________")))
            prob += (pulp.lpSum(takes[clinician.id]) <= cap, name)
        efforts = {c.id: c for c in roster}
        return pulp.lpSum(
            round(efforts[c].effort_for(a) * EFFORT_UNIT) * scale * v
            for (a, c), v in self._assign.items()
        )

    def assignments(self, chosen: Iterable[str]) -> tuple[Assignment, ...]:
        """Who does each chosen activity, in roster order, once the model is solved."""
        picked: dict[str, list[str]] = {a: [] for a in chosen}
        for (a, c), variable in self._assign.items():
            if a in picked and (variable.value() or 0) > 0.5:
                picked[a].append(c)
        return tuple(Assignment(a, tuple(cs)) for a, cs in picked.items())

    def own_effort(self, assignment: Assignment) -> float:
        """The assigned clinicians' own hours on one activity."""
        by_id = {c.id: c for c in self.scenario.roster}
        return sum(by_id[c].effort_for(assignment.activity) for c in assignment.clinicians)


def fewest_activities(
    candidates: Sequence[Candidate], include: Collection[str], needed_points: int
) -> int | None:
    """The fewest activities, the required ones among them, that reach ``needed_points``
    (None when even all of them fall short)."""
    required = [c for c in candidates if c.id in include]
    points = sum(c.points for c in required)
    count = len(required)
    for candidate in sorted(
        (c for c in candidates if c.id not in include), key=lambda c: -c.points
    ):
        if points >= needed_points:
            break
        points += candidate.points
        count += 1
    return count if points >= needed_points else None


def explain_limits(
    limits: Iterable[CountLimit],
    candidates: Sequence[Candidate],
    include: Collection[str],
    needed_points: int,
) -> tuple[str, ...]:
    """Which count limits rule out every plan, in words."""
    fewest = fewest_activities(candidates, include, needed_points)
    if fewest is None:
        return ()
    return tuple(
        f"{limit.name}: {limit.why}; {plural(fewest, 'activity')} are needed for "
        f"{needed_points} points: {limit.fix}"
        for limit in limits
        if fewest > limit.most
    )


def unstaffed_required(scenario: Scenario, staffed: Eligibility) -> frozenset[str]:
    """Required activities too few roster clinicians can do: no plan can hold them."""
    unstaffed = {e.id for e in staffed.excluded if e.code is ExclusionCode.TOO_FEW_CLINICIANS}
    return scenario.include & unstaffed


def without_unstaffed(scenario: Scenario, staffed: Eligibility) -> Scenario:
    """The scenario minus required activities the roster cannot staff, whose reason
    ``explain_group`` gives in its own words."""
    unstaffed = unstaffed_required(scenario, staffed)
    return replace(scenario, include=scenario.include - unstaffed) if unstaffed else scenario


def explain_roster(
    staffed: Eligibility, scenario: Scenario, rules: YearRules, needed_points: int
) -> tuple[str, ...]:
    """Why the roster cannot staff any plan: required activities too few can do,
    too few staffable activities, or caps too tight."""
    size = scenario.group_size
    if not scenario.roster or size is None:
        return ()
    needed = rules.clinicians_needed(size)
    unstaffed = [e for e in staffed.excluded if e.code is ExclusionCode.TOO_FEW_CLINICIANS]
    reasons = [
        f"You require {e.id}, but {e.reason}: remove it from 'must include' or change the roster"
        for e in unstaffed
        if e.id in scenario.include
    ]
    candidates = staffed.candidates
    if sum(c.points for c in candidates) < needed_points:
        by_count = sorted(unstaffed, key=lambda e: (-len(able(e.id, scenario)), e.id))
        reasons += [f"group_50_percent:{e.id}: {e.reason}" for e in by_count[:MAX_LISTED]]
        if len(by_count) > MAX_LISTED:
            reasons.append(
                f"group_50_percent: {len(by_count) - MAX_LISTED} more activities "
                "lack enough clinicians who can do them"
            )
        return tuple(reasons)
    fewest = fewest_activities(candidates, scenario.include, needed_points)
    places = 0
    for clinician in scenario.roster:
        doable = sum(1 for c in candidates if clinician.can_do(c.id))
        cap = cap_of(clinician, scenario)
        places += doable if cap is None else min(cap, doable)
    if fewest is not None and fewest * needed > places:
        caps = {cap_of(c, scenario) for c in scenario.roster}
        each = (
            f"at most {plural(next(iter(caps)) or 0, 'activity')} each"
            if len(caps) == 1 and None not in caps
            else "within their caps"
        )
        reasons.append(
            f"clinician_cap: the roster's {len(scenario.roster)} clinicians, {each}, fill "
            f"{places} places; the {plural(fewest, 'activity')} needed for {needed_points} "
            f"points take {fewest} x {needed} = {fewest * needed}: allow more activities per "
            "clinician or add clinicians"
        )
    return tuple(reasons)


def explain_group(
    staffed: Eligibility,
    scenario: Scenario,
    rules: YearRules,
    needed_points: int,
    limits: Sequence[CountLimit],
    general: Sequence[str],
) -> tuple[str, ...]:
    """Every reason a group (or schedule) limit leaves no plan, then the ``general``
    ones of ``solve.explain_infeasible``; when neither names a cause and a roster is
    in play, the roster's constraints together are the cause."""
    own = explain_roster(staffed, scenario, rules, needed_points) + explain_limits(
        limits, staffed.candidates, scenario.include, needed_points
    )
    rest = tuple(r for r in general if r != GENERAL_FALLBACK)
    if own or rest:
        return (*own, *rest)
    size = scenario.group_size
    if scenario.roster and size is not None:
        needed = rules.clinicians_needed(size)
        return (
            f"group_50_percent, clinician_cap: no set of activities worth {needed_points} "
            f"points can get {needed} clinicians each from the roster within their caps and "
            "what each can do: allow more activities per clinician or shorten the "
            "'cannot do' lists",
        )
    return tuple(general)


def who_does_what(assignments: Sequence[Assignment]) -> list[dict[str, str | int]]:
    """One record per clinician with the activities they carry out (for the app's table)."""
    duties: dict[str, list[str]] = {}
    for assignment in assignments:
        for clinician in assignment.clinicians:
            duties.setdefault(clinician, []).append(assignment.activity)
    return [
        {"clinician": c, "activities": ", ".join(a), "count": len(a)} for c, a in duties.items()
    ]
