"""The year ahead: the year after the loaded CMS lists is planned provisionally on the
latest list's activities and rules carried forward; a year further out is refused."""

from __future__ import annotations

from datetime import date

import pytest

from optimizer.errors import UnknownYearError
from optimizer.model import PlanStatus, Scenario
from optimizer.planning.pipeline import plan
from optimizer.planning.resolve import default_inventory
from optimizer.planning.year_ahead import carried_year, listed_years, plannable_years
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import bundled_inventory


def test_the_year_after_the_loaded_lists_is_plannable():
    """2017-2026 are loaded; 2027 is plannable too, after them."""
    assert (2026, 2027) == (listed_years()[-1], carried_year())
    assert (*range(2017, 2028),) == plannable_years()


def test_carried_rules_are_the_latest_with_the_dates_moved():
    """PY2027's rules are PY2026's, marked carried, with its own deadlines."""
    rules = rules_for(2027)

    assert (2026, date(2027, 10, 3), date(2028, 1, 4), date(2028, 3, 31)) == (
        rules.carried_from,
        rules.last_start,
        rules.submission_open,
        rules.submission_close,
    )
    assert rules.category_max == rules_for(2026).category_max


def test_carried_inventory_is_the_latest_list_under_the_new_year():
    """PY2027's inventory is PY2026's activities, marked as carried from 2026."""
    inventory = default_inventory(2027)

    assert (2027, 2026) == (inventory.year, inventory.carried_from)
    assert bundled_inventory(2026).ids == inventory.ids


def test_a_provisional_plan_in_december():
    """As of 2026-12-02, a PY2027 plan reaches full credit and says what it rests on."""
    result = plan(Scenario(year=2027), as_of=date(2026, 12, 2))

    assert (PlanStatus.OPTIMAL, 40, True, 2026) == (
        result.status,
        result.points,
        result.provisional,
        result.borrowed_from,
    )
    assert result.activities
    assert (
        "Provisional: CMS's PY2027 list is not loaded, so this plan uses PY2026's activities "
        "and rules carried forward to 2027 (assumed: last start 2027-10-03, submission "
        "2028-01-04 to 2028-03-31); plan again once PY2027's list is loaded"
    ) == result.provisional_note


def test_a_loaded_year_is_not_provisional():
    """A PY2026 plan on 2026-09-01 is the year's own and has activities."""
    result = plan(Scenario(year=2026), as_of=date(2026, 9, 1))

    assert (PlanStatus.OPTIMAL, False, None, "") == (
        result.status,
        result.provisional,
        result.borrowed_from,
        result.provisional_note,
    )
    assert result.activities


@pytest.mark.parametrize("year", [2028, 2016], ids=["two-years-out", "before-mips"])
def test_a_year_with_no_data_stays_refused(year):
    """Only one year is carried forward; a year further out, or before MIPS, is refused."""
    with pytest.raises(UnknownYearError) as info:
        plan(Scenario(year=year))

    assert (
        f"No improvement-activity rules for performance year {year}: the planner knows "
        "2017-2026, and 2027 provisionally on the 2026 rules carried forward"
    ) == str(info.value)
