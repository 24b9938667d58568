"""Why each planned activity is in the plan, in words (issue 14): points, effort and
its source, pairing, and what the cheapest plan without it would take."""

from __future__ import annotations

from datetime import date

from optimizer import Scenario, plan
from optimizer.planning.alternatives.next_plans import alternatives
from optimizer.ui.why_in import why_in

YEAR = 2026
PAIRED = Scenario(
    year=YEAR,
    running=(("IA_PSPA_23", date(YEAR, 1, 2)),),
    quality=frozenset({"052"}),
    min_paired=1,
)


def reasons_by_id(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    found = alternatives(scenario, count=1)
    return {w.activity.id: w.reasons for w in why_in(found.plan, found.replacements)}


def test_points_effort_split_and_estimate_are_named() -> None:
    """An estimated activity says its points, its hours split between practice and
    clinicians, and the estimate's own reason."""
    reasons = reasons_by_id(PAIRED)["IA_BE_26"]

    assert "20 points toward the 40 needed" == reasons[0]
    assert reasons[1].startswith("30 h of effort: 26 h for the practice and 4 h of clinicians'")
    assert ". Estimate: " in reasons[1]


def test_pairing_and_the_rule_that_asked_for_it() -> None:
    reasons = reasons_by_id(PAIRED)["IA_BE_26"]

    assert "Pairs with your quality measure 052, as your pairing rule asks" == reasons[2]


def test_an_activity_already_running_says_so() -> None:
    reasons = reasons_by_id(PAIRED)["IA_PSPA_23"]

    assert "0.5 h of effort (the practice already runs it)" == reasons[1]


def test_the_cheapest_plan_without_it_names_the_replacement_and_the_extra_hours() -> None:
    """IA_BE_26 is the cheapest paired activity; without it IA_EPA_2 (also paired with
    052) takes its place at 2.4 h more."""
    reasons = reasons_by_id(PAIRED)["IA_BE_26"]

    assert "Without it, the cheapest plan takes IA_EPA_2 instead: 2.4 h more" == reasons[-1]


def test_a_figure_typed_by_the_user_is_called_theirs() -> None:
    scenario = Scenario(year=YEAR, efforts=(("IA_BE_27", 3.0),))

    reasons = reasons_by_id(scenario)["IA_BE_27"]

    assert "3 h of effort (your own figure)" == reasons[1]


def test_a_must_include_activity_offers_no_swap() -> None:
    """The user required IA_BE_4: the reason says so and no swap is offered."""
    scenario = Scenario(year=YEAR, include=frozenset({"IA_BE_4"}))
    result = plan(scenario)

    items = {w.activity.id: w for w in why_in(result, (), scenario.include)}

    assert "You marked it Must include" == items["IA_BE_4"].reasons[-1]
    assert items["IA_BE_4"].swap is None
