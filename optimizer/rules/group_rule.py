"""The group rule: a group or virtual group may attest to an activity only if
enough of its clinicians carry it out (the share is the rules table's
``group_clinician_share``: at least one clinician before 2020, at least half
from 2020 on). With a roster, an activity fewer clinicians can do than the rule
needs is ruled out here; who does what is chosen by ``planning/solve/roster.py``.
"""

from __future__ import annotations

import math

from optimizer.model import Clinician, Exclusion, ExclusionCode, Scenario
from optimizer.rules.year_rules import YearRules


def clinicians_needed(rules: YearRules, clinicians: int) -> int:
    """How many clinicians of a group must do an activity for the group to attest."""
    return max(1, math.ceil(rules.group_clinician_share * clinicians))


def needed_for(rules: YearRules, scenario: Scenario) -> int | None:
    """The clinicians each activity needs for this scenario (None: not a group of known size)."""
    size = scenario.group_size
    return None if size is None else clinicians_needed(rules, size)


def participants(rules: YearRules, scenario: Scenario) -> int:
    """The clinicians who take part in each activity: the group rule's count, else one."""
    return needed_for(rules, scenario) or 1


def group_rule_text(rules: YearRules) -> str:
    """'at least 50% of the group's clinicians', or 'at least one clinician of the group'."""
    if rules.group_clinician_share <= 0:
        return "at least one clinician of the group"
    return f"at least {rules.group_clinician_share:.0%} of the group's clinicians"


def cap_of(clinician: Clinician, scenario: Scenario) -> int | None:
    """How many activities a clinician may take on: the roster's own cap, else the group's."""
    if clinician.max_activities is not None:
        return clinician.max_activities
    return scenario.max_per_clinician


def able(activity_id: str, scenario: Scenario) -> tuple[Clinician, ...]:
    """The roster clinicians who can do an activity and may take anything on."""
    return tuple(c for c in scenario.roster if c.can_do(activity_id) and cap_of(c, scenario) != 0)


def staffing_exclusion(activity_id: str, scenario: Scenario, rules: YearRules) -> Exclusion | None:
    """The exclusion of an activity too few roster clinicians can do (None: staffable,
    or no roster to check against)."""
    needed = needed_for(rules, scenario)
    if not scenario.roster or needed is None:
        return None
    count = len(able(activity_id, scenario))
    if count >= needed:
        return None
    size = scenario.group_size or 0
    who = "clinician" if size == 1 else "clinicians"
    reason = f"only {count} of {size} {who} can do {activity_id}; {needed} are needed"
    return Exclusion(activity_id, ExclusionCode.TOO_FEW_CLINICIANS, reason)
