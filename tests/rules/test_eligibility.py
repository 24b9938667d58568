"""Which activities a practice may choose (rules/eligibility.py): activities only a
selected practice can do, running activities, and effort parts."""

from __future__ import annotations

from datetime import date

import pytest

from optimizer import ExclusionCode, PlanStatus, Scenario, bundled_inventory, plan, selections

CONDITIONAL = {
    ("IA_EPA_5", 2025): "CMS",
    ("IA_PM_3", 2026): "CMS/HRSA (RHC or FQHC status) or Indian Health Service",
    ("IA_CC_4", 2018): "CMS (TCPI practice transformation network)",
    ("IA_PM_8", 2017): "CMS Innovation Center",
}


@pytest.mark.parametrize(("key", "selected_by"), CONDITIONAL.items(), ids=lambda v: str(v))
def test_activities_someone_must_select_are_data_with_who_selects(key, selected_by):
    """RULES-RESEARCH.md section 11 (conditional activities): read by hand from every
    year's CMS descriptions, e.g. IA_EPA_5 is user testing of the QPP website for the
    practices CMS recruits."""
    activity_id, year = key

    assert selected_by == selections(year)[activity_id].selected_by


def test_a_conditional_activity_is_left_out_and_says_why():
    """The cheapest 2025 pick used to be IA_EPA_5; now it is out unless included."""
    result = plan(Scenario(year=2025))
    exclusion = next(e for e in result.excluded if e.id == "IA_EPA_5")

    assert "IA_EPA_5" not in result.activity_ids
    assert (
        ExclusionCode.NEEDS_SELECTION,
        "only for a practice that CMS selects or admits (only clinicians CMS recruits for "
        "QPP website user testing); include it if the practice qualifies",
    ) == (exclusion.code, exclusion.reason)


def test_a_practice_that_qualifies_includes_it():
    """--include IA_EPA_5 says the practice was selected: it may be planned."""
    result = plan(Scenario(year=2025, include={"IA_EPA_5"}))

    assert "IA_EPA_5" in result.activity_ids


def test_a_conditional_activity_outside_its_years_is_an_ordinary_one():
    """IA_PM_8 needed a CMMI model only in 2017: in 2018 nothing holds it back."""
    assert "IA_PM_8" not in selections(2018)


def test_a_suspended_activity_already_running_still_counts():
    """RULES-RESEARCH.md section 7: the eight activities suspended on 2025-05-06 count
    when already begun; marking one running keeps it in."""
    scenario = Scenario(year=2025, running=(("IA_PM_26", date(2025, 2, 3)),), target=20)

    result = plan(scenario, bundled_inventory(2025))

    assert (PlanStatus.OPTIMAL, ("IA_PM_26",)) == (result.status, result.activity_ids)
