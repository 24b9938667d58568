"""The CMS rules issue 11 added, each a row or column of the rules table, tested with
its source (RULES-RESEARCH.md sections cited per test)."""

from __future__ import annotations

import pytest

from optimizer import (
    Clinician,
    PlanStatus,
    Reporting,
    Scenario,
    ScenarioError,
    SpecialStatus,
    plan,
    rules_for,
)
from optimizer.rules.group_status import roster_statuses

APM_ENTITY = Reporting.APM_ENTITY


@pytest.mark.parametrize(
    ("year", "web_interface", "weight"),
    [(2017, False, 25), (2017, True, 20), (2018, False, 20), (2020, True, 20)],
    ids=["2017-other", "2017-web-interface", "2018", "2020"],
)
def test_apm_scoring_standard_gives_the_assigned_score_and_its_weight(year, web_interface, weight):
    """42 CFR 414.1370(g)(3), (h)(3) (RULES-RESEARCH.md section 5): 2017-2020 APM
    Entities of MIPS APMs get the IA score CMS assigned (full credit) and an IA weight of
    25% (2017) or 20%, 20% through the CMS Web Interface."""
    scenario = Scenario(year=year, reporting=APM_ENTITY, web_interface=web_interface)

    result = plan(scenario)

    assert (PlanStatus.FULL_CREDIT, 40, weight) == (
        result.status,
        result.points,
        result.category_weight,
    )
    assert "full_credit:apm_standard" == result.reasons[0].code


def test_after_2020_an_apm_entity_has_the_half_credit_of_an_apm():
    """The APM scoring standard ended with 2020 (42 CFR 414.1370): 2021 APM Entities
    start from the 50% APM credit of 414.1380(b)(3)(i)."""
    result = plan(Scenario(year=2021, reporting=APM_ENTITY))

    assert (PlanStatus.OPTIMAL, 20, 15) == (
        result.status,
        result.automatic_points,
        result.category_weight,
    )


@pytest.mark.parametrize("year", [2017, 2018, 2019])
def test_ia_study_gives_full_credit_2017_to_2019(year):
    """CMS's IA study (RULES-RESEARCH.md section 2; 2019 verified on CMS's page):
    participants get full credit."""
    result = plan(Scenario(year=year, ia_study=True))

    assert (PlanStatus.FULL_CREDIT, "full_credit:ia_study") == (
        result.status,
        result.reasons[0].code,
    )


def test_ia_study_is_refused_after_2019():
    """The study's credit is refused in words for years it did not run."""
    with pytest.raises(ScenarioError) as caught:
        plan(Scenario(year=2020, ia_study=True))

    expected = (
        "CMS's improvement-activity study gave full credit in 2017-2019 only; there is none in 2020"
    )
    assert expected == str(caught.value)


def _group(year: int, *flags: tuple[bool, bool, bool], size: int | None = None) -> Scenario:
    """A group whose roster has one clinician per (non-patient facing, rural, HPSA) row."""
    roster = tuple(
        Clinician(
            f"Clinician {n}",
            statuses={
                s
                for s, on in zip(
                    (SpecialStatus.NON_PATIENT_FACING, SpecialStatus.RURAL, SpecialStatus.HPSA),
                    row,
                    strict=True,
                )
                if on
            },
        )
        for n, row in enumerate(flags, 1)
    )
    return Scenario(year=year, reporting=Reporting.GROUP, roster=roster, clinicians=size)


def test_a_group_is_non_patient_facing_when_more_than_75_percent_are():
    """42 CFR 414.1305: 4 of 5 (80%) is more than 75%; 3 of 4 (75%) is not."""
    four_of_five = _group(2024, *[(True, False, False)] * 4, (False, False, False))
    three_of_four = _group(2024, *[(True, False, False)] * 3, (False, False, False))

    held, notes = roster_statuses(four_of_five, rules_for(2024))
    not_held, _ = roster_statuses(three_of_four, rules_for(2024))

    assert frozenset({SpecialStatus.NON_PATIENT_FACING}) == held
    assert frozenset() == not_held
    assert (
        "The group is non-patient facing: 4 of its 5 clinicians are, and more than 75% "
        "(4 or more) are needed in 2024",
    ) == notes


def test_in_2017_one_rural_clinician_makes_a_rural_group():
    """RULES-RESEARCH.md section 3 and the issue-11 research: in 2017 a group was rural or
    in an HPSA with at least one practice site there; later more than 75% of its NPIs."""
    one_rural = (*[(False, False, False)] * 9, (False, True, False))

    assert {SpecialStatus.RURAL} == set(
        roster_statuses(_group(2017, *one_rural), rules_for(2017))[0]
    )
    assert set() == set(roster_statuses(_group(2018, *one_rural), rules_for(2018))[0])


def test_roster_statuses_double_the_points_of_a_group():
    """A 2024 group whose roster is all rural plans with doubled points."""
    result = plan(_group(2024, *[(False, True, False)] * 4))

    assert [40] == [a.points for a in result.activities]


def test_a_status_the_roster_does_not_support_is_questioned():
    """Marked rural by hand while the roster has one rural clinician of four: a warning."""
    scenario = _group(2024, (False, True, False), *[(False, False, False)] * 3)
    marked = Scenario(
        year=2024,
        reporting=Reporting.GROUP,
        roster=scenario.roster,
        statuses={SpecialStatus.RURAL},
    )

    _, notes = roster_statuses(marked, rules_for(2024))

    assert (
        "You marked the group rural, but the roster has 1 of 4 clinicians rural, and more "
        "than 75% (4 or more) are needed in 2024: check the status on the QPP eligibility "
        "page",
    ) == notes


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        (
            Scenario(year=2025, target=100),
            "A target of 100 points is more than the category's maximum in 2025: 40 points "
            "(more adds nothing)",
        ),
        (
            Scenario(year=2025, quality={"119"}),
            "Quality measure 119 is not in the 2025 list of quality measures (retired, not yet "
            "in use, or mistyped): report that year's IDs",
        ),
        (
            Scenario(year=2024, include={"IA_EPA_11"}),
            "Unknown activity ID IA_EPA_11 in the must include list: not in the 2024 "
            "inventory (bundled data); did you mean IA_EPA_1 or IA_PM_11 or IA_ERP_1?",
        ),
    ],
    ids=["target-above-maximum", "retired-measure", "misspelled-activity"],
)
def test_strict_inputs_are_refused_naming_the_value(scenario, message):
    """Issue 11's loose inputs: each refused in words, naming the value."""
    with pytest.raises(ScenarioError) as caught:
        plan(scenario)

    assert message == str(caught.value)
