"""A group's or virtual group's special statuses from its roster: a group is non-patient
facing when more than 75% of its clinicians are (42 CFR 414.1305), rural or in an HPSA
when more than 75% are (2018 on; in 2017 one practice site sufficed). The shares are
the rules table's ``npf_group_share``, ``rural_group_share`` and ``hpsa_group_share``;
0 means at least one clinician."""

from __future__ import annotations

import math

from optimizer.model import Scenario, SpecialStatus
from optimizer.rules.year_rules import YearRules

STATUS_WORDS = {
    SpecialStatus.NON_PATIENT_FACING: "non-patient facing",
    SpecialStatus.RURAL: "rural",
    SpecialStatus.HPSA: "in an HPSA",
}


def share_for(rules: YearRules, status: SpecialStatus) -> float:
    """The share of a group's clinicians that gives the group ``status``."""
    return {
        SpecialStatus.NON_PATIENT_FACING: rules.npf_group_share,
        SpecialStatus.RURAL: rules.rural_group_share,
        SpecialStatus.HPSA: rules.hpsa_group_share,
    }[status]


def fewest_for(rules: YearRules, status: SpecialStatus, size: int) -> int:
    """The fewest clinicians of ``size`` that give the group ``status``: more than the
    share, or one when the share is 0."""
    share = share_for(rules, status)
    return 1 if share <= 0 else math.floor(share * size) + 1


def roster_statuses(
    scenario: Scenario, rules: YearRules
) -> tuple[frozenset[SpecialStatus], tuple[str, ...]]:
    """The statuses the roster gives the group, and each decision in words (nothing
    when the roster says nothing of its clinicians' statuses)."""
    size = scenario.group_size
    roster = scenario.roster
    if not scenario.is_group or size is None or not any(c.statuses for c in roster):
        return frozenset(), ()
    held: set[SpecialStatus] = set()
    notes = []
    for status, words in STATUS_WORDS.items():
        count = sum(status in c.statuses for c in roster)
        fewest = fewest_for(rules, status, size)
        share = share_for(rules, status)
        rule = "at least one" if share <= 0 else f"more than {share:.0%} ({fewest} or more)"
        if count >= fewest:
            held.add(status)
            notes.append(
                f"The group is {words}: {count} of its {size} clinicians are, and {rule} "
                f"are needed in {rules.year}"
            )
        elif status in scenario.statuses:
            notes.append(
                f"You marked the group {words}, but the roster has {count} of {size} "
                f"clinicians {words}, and {rule} are needed in {rules.year}: check the "
                "status on the QPP eligibility page"
            )
    return frozenset(held), tuple(notes)
