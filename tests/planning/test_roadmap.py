"""The roadmap: several performance years planned together, with frequency limits
across the span, a cheaper repeat year, each year's own rules and statuses, and
bad input refused in words."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_inventory
from optimizer import Attestation, ExclusionCode, PlanStatus, Scenario, ScenarioError, SpecialStatus
from optimizer.planning.roadmap.build import DEFAULT_REPEAT_EFFORT, roadmap
from optimizer.planning.roadmap.years import MAX_YEARS, first_open_year

SMALL = frozenset({SpecialStatus.SMALL_PRACTICE})


def same_each_year(first: int, last: int, *specs, **extra):
    """The same tiny inventory (id, weight, effort) in every year of the span."""
    return {y: make_inventory(y, *specs, **extra) for y in range(first, last + 1)}


def ids_by_year(result) -> dict[int, tuple[str, ...]]:
    return {y.year: tuple(sorted(y.plan.activity_ids)) for y in result.years}


class TestFrequencyLimits:
    """IA_PSPA_4/22/23 may be chosen once every 4 years (RULES-RESEARCH.md section 7,
    from the activity descriptions in CMSgov/qpp-measures-data [R1])."""

    def test_a_four_year_activity_is_used_once_in_four_years(self):
        """The cheapest activity, limited to once every 4 years, appears in one year of four."""
        inventories = same_each_year(
            2025,
            2028,
            ("IA_PSPA_4", None, 1),
            ("IA_T_1", None, 5),
            ("IA_T_2", None, 6),
            IA_PSPA_4={"frequency_years": 4},
        )

        result = roadmap(
            Scenario(year=2025, statuses=SMALL), 2028, inventories=inventories, repeat_effort=1
        )

        years_with_it = [y.year for y in result.years if "IA_PSPA_4" in y.plan.activity_ids]
        assert 1 == len(years_with_it)
        assert PlanStatus.OPTIMAL == result.status

    def test_allowed_again_after_n_years(self):
        """Used in Y, a once-every-2-years activity is allowed again in Y + 2."""
        inventories = same_each_year(
            2025,
            2027,
            ("IA_PSPA_4", None, 1),
            ("IA_T_1", None, 5),
            IA_PSPA_4={"frequency_years": 2},
        )

        result = roadmap(
            Scenario(year=2025, statuses=SMALL), 2027, inventories=inventories, repeat_effort=1
        )

        assert {2025: ("IA_PSPA_4",), 2026: ("IA_T_1",), 2027: ("IA_PSPA_4",)} == ids_by_year(
            result
        )

    def test_history_blocks_the_first_years(self):
        """Attested in 2023, a once-every-4-years activity waits until 2027."""
        scenario = Scenario(year=2025, statuses=SMALL, history=(Attestation("IA_PSPA_4", 2023),))
        inventories = same_each_year(
            2025,
            2027,
            ("IA_PSPA_4", None, 1),
            ("IA_T_1", None, 5),
            IA_PSPA_4={"frequency_years": 4},
        )

        result = roadmap(scenario, 2027, inventories=inventories, repeat_effort=1)

        assert {2025: ("IA_T_1",), 2026: ("IA_T_1",), 2027: ("IA_PSPA_4",)} == ids_by_year(result)

    def test_must_include_every_year_clashes_with_the_limit(self):
        """A frequency-limited activity required in every year leaves no roadmap, in words."""
        inventories = same_each_year(
            2025,
            2026,
            ("IA_PSPA_4", None, 1),
            ("IA_T_1", None, 5),
            IA_PSPA_4={"frequency_years": 4},
        )
        scenario = Scenario(year=2025, statuses=SMALL, include={"IA_PSPA_4"})

        result = roadmap(scenario, 2026, inventories=inventories)

        assert PlanStatus.INFEASIBLE == result.status
        assert ("once_every_N_years",) == tuple(r.code for r in result.reasons)
        assert (
            "Each year has a plan of its own, but no roadmap meets every year's must-include "
            "list and the once-every-N-years limits together"
        ) == result.reasons[0].text


class TestRepeatEffort:
    """A year that continues an activity costs the repeat share of its effort."""

    def test_the_saving_changes_the_first_years_choice(self):
        """Without a saving 2025 takes A+B and 2026 B+C (46 h); at half effort for a repeat,
        B+C in both years is cheapest (26 + 13 = 39 h)."""
        inventories = {
            2025: make_inventory(
                2025, ("IA_T_1", None, 10), ("IA_T_2", None, 10), ("IA_T_3", None, 16)
            ),
            2026: make_inventory(
                2026, ("IA_T_1", None, 30), ("IA_T_2", None, 10), ("IA_T_3", None, 16)
            ),
        }

        full = roadmap(Scenario(year=2025), 2026, inventories=inventories, repeat_effort=1)
        half = roadmap(Scenario(year=2025), 2026, inventories=inventories, repeat_effort=0.5)

        assert 46.0 == full.total_effort
        assert {2025: ("IA_T_2", "IA_T_3"), 2026: ("IA_T_2", "IA_T_3")} == ids_by_year(half)
        assert (39.0, ("IA_T_2", "IA_T_3")) == (half.total_effort, half.years[1].continued)

    def test_continued_activity_shows_both_efforts(self):
        """A continued activity carries the repeat effort and its full effort."""
        inventories = same_each_year(2025, 2026, ("IA_T_1", None, 10), ("IA_T_2", None, 12))

        second = roadmap(Scenario(year=2025), 2026, inventories=inventories).years[1]
        activity = second.to_dict()["activities"][0]

        assert (5.0, 10.0, True) == (
            activity["effort"],
            activity["full_effort"],
            activity["continued"],
        )
        assert (11.0, 22.0) == (second.plan.total_effort, second.full_effort)

    def test_last_years_attestation_makes_the_first_year_a_repeat(self):
        """An activity attested the year before the roadmap continues into its first year."""
        scenario = Scenario(year=2025, history=(Attestation("IA_T_3", 2024),))
        inventories = same_each_year(
            2025, 2025, ("IA_T_1", None, 10), ("IA_T_2", None, 10), ("IA_T_3", None, 16)
        )

        result = roadmap(scenario, 2025, inventories=inventories)

        assert (("IA_T_1", "IA_T_3"), 18.0) == (ids_by_year(result)[2025], result.total_effort)

    def test_default_is_half(self):
        """By default a repeat year costs half the effort, and the roadmap says why."""
        result = roadmap(
            Scenario(year=2025),
            2025,
            inventories=same_each_year(2025, 2025, ("IA_T_1", None, 1), ("IA_T_2", None, 1)),
        )

        assert 0.5 == DEFAULT_REPEAT_EFFORT == result.repeat_effort
        assert (
            "A year that continues an activity from the year before costs 50% of its effort: "
            "set-up and training are done once, the running and the evidence every year"
        ) == result.assumptions[0]

    def test_a_re_filed_activity_continues(self):
        """IA_AHE_7 in 2025 is IA_BE_27 in 2026 (CMS PY2026 re-IDs, RULES-RESEARCH.md
        section 7 [R4]): doing it in both years is a repeat."""
        scenario = Scenario(year=2025, include={"IA_AHE_7"})

        result = roadmap(scenario, 2026)

        assert "IA_BE_27" in result.years[1].continued
        assert (
            "IA_AHE_7 (2025) and IA_BE_27 (2026) are one activity under two IDs: 2026 continues it"
        ) in result.assumptions
        assert "IA_AHE_7 / IA_BE_27" in [row.label for row in result.grid()]

    def test_history_under_the_old_id_continues(self):
        """IA_AHE_7 attested in 2025 continues as IA_BE_27 in 2026 [R4]; a must-include
        under its old ID holds under the new one."""
        scenario = Scenario(
            year=2026,
            statuses=SMALL,
            include={"IA_AHE_7"},
            history=(Attestation("IA_AHE_7", 2025),),
        )

        result = roadmap(scenario, 2026)

        assert ("IA_BE_27",) == result.years[0].continued
        assert (
            "IA_AHE_7 (2025) and IA_BE_27 (2026) are one activity under two IDs: 2026 continues it"
        ) in result.assumptions


class TestEachYearsRules:
    """Each year plans with its own inventory, rules and statuses."""

    def test_each_year_uses_its_own_rules(self):
        """2024 counts weights (a high activity earns 20 points), 2025 counts activities
        (20 each): PRODUCT.md rules table; RULES-RESEARCH.md section 1 [R2]."""
        result = roadmap(Scenario(year=2024), 2025)

        points = {y.year: sorted(a.points for a in y.plan.activities) for y in result.years}
        assert [20, 20] == points[2025]
        assert 40 == sum(points[2024])

    def test_statuses_per_year(self):
        """A practice small in 2026 only needs one activity that year, two in the others
        (2025 on: RULES-RESEARCH.md section 1 [W4])."""
        result = roadmap(Scenario(year=2025), 2027, statuses_by_year={2026: SMALL})

        assert {2025: 2, 2026: 1, 2027: 2} == {y.year: len(y.plan.activities) for y in result.years}

    def test_a_year_past_the_data_borrows_the_latest(self):
        """2027 is not bundled: the 2026 inventory and rules stand in, with 2027's dates."""
        result = roadmap(Scenario(year=2026), 2027)
        later = result.year(2027)

        assert (
            "2027 has no bundled inventory or rules: the 2026 ones stand in for it, with the "
            "deadlines moved to 2027"
        ) in result.assumptions
        assert (2026, date(2027, 10, 3), PlanStatus.OPTIMAL) == (
            later.stand_in,
            later.plan.last_start,
            later.status,
        )

    def test_a_borrowed_year_keeps_the_conditions(self):
        """In 2027, on the 2026 data, IA_EPA_5 still needs CMS to recruit the practice
        (RULES-RESEARCH.md section 11), and it is not chosen without it."""
        result = roadmap(Scenario(year=2026), 2027, as_of=date(2026, 1, 2))
        later = result.year(2027).plan

        assert ExclusionCode.NEEDS_SELECTION == next(
            e.code for e in later.excluded if e.id == "IA_EPA_5"
        )
        assert "IA_EPA_5" not in later.activity_ids

    def test_full_credit_every_year(self):
        """A medical home has full credit each year and nothing to do."""
        result = roadmap(Scenario(year=2025, pcmh=True), 2026)

        assert (PlanStatus.FULL_CREDIT, 0.0) == (result.status, result.total_effort)

    def test_a_year_without_a_plan_says_why(self):
        """A must-include the history rules out in one year is named with its year."""
        scenario = Scenario(
            year=2025,
            statuses=SMALL,
            include={"IA_PSPA_4"},
            history=(Attestation("IA_PSPA_4", 2022),),
        )
        inventories = same_each_year(
            2025,
            2026,
            ("IA_PSPA_4", None, 1),
            ("IA_T_1", None, 5),
            IA_PSPA_4={"frequency_years": 4},
        )

        result = roadmap(scenario, 2026, inventories=inventories)

        assert ["must_include:IA_PSPA_4:2025"] == [r.code for r in result.reasons]
        assert result.reasons[0].text.startswith("2025: You require IA_PSPA_4, but")

    def test_changes_between_the_years_come_along(self):
        """A 2025-2026 roadmap reports that IA_AHE_1 is IA_EPA_7 from 2026 [R4]."""
        result = roadmap(Scenario(year=2026), 2026)

        texts = [c.text for c in result.changes]
        assert (
            "IA_AHE_1 is IA_EPA_7 from 2026: the same activity under a new ID, from Achieving "
            "Health Equity to Expanded Practice Access"
        ) in texts


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 10, 3), 2026), (date(2026, 10, 4), 2027), (date(2015, 5, 1), 2017)],
    ids=["last-start", "day-after", "before-mips"],
)
def test_first_open_year(day, year):
    """A roadmap begins in the first year whose activities can still start: the last
    90-day start is October 3 (RULES-RESEARCH.md section 4); MIPS begins in 2017."""
    assert year == first_open_year(day)


class TestBadInput:
    """Every bad request is refused in words."""

    def test_more_than_ten_years(self):
        with pytest.raises(ScenarioError) as error:
            roadmap(Scenario(year=2020), 2030)

        assert "A roadmap covers at most 10 years, and 2020-2030 is 11" == str(error.value)
        assert 10 == MAX_YEARS

    def test_last_year_before_first(self):
        with pytest.raises(ScenarioError) as error:
            roadmap(Scenario(year=2026), 2025)

        assert "The last year (2025) comes before the first (2026)" == str(error.value)

    @pytest.mark.parametrize("share", [-0.1, 1.5], ids=["negative", "above-1"])
    def test_repeat_effort_outside_0_to_1(self, share):
        with pytest.raises(ScenarioError) as error:
            roadmap(Scenario(year=2026), 2026, repeat_effort=share)

        expected = (
            f"'repeat_effort' must be a share of an activity's effort from 0 to 1, got {share!r}"
        )
        assert expected == str(error.value)

    def test_statuses_outside_the_span(self):
        with pytest.raises(ScenarioError) as error:
            roadmap(Scenario(year=2025), 2026, statuses_by_year={2028: SMALL})

        assert "Statuses are given for 2028, outside the roadmap's 2025-2026" == str(error.value)

    def test_unknown_must_include(self):
        with pytest.raises(ScenarioError) as error:
            roadmap(Scenario(year=2025, include={"IA_XX_9"}), 2026)

        assert (
            "Unknown activity ID IA_XX_9 in the must include list: not in any inventory of "
            "2025-2026"
        ) == str(error.value)

    def test_roster_is_refused(self):
        from optimizer import Clinician, Reporting

        scenario = Scenario(year=2025, reporting=Reporting.GROUP, roster=(Clinician("1"),))

        with pytest.raises(ScenarioError) as error:
            roadmap(scenario, 2026)

        assert (
            "A roadmap plans the practice's activities year by year without a roster: plan "
            "who does what in each year on its own"
        ) == str(error.value)


def test_json_has_the_documented_fields():
    """to_dict gives total_effort, years (year, status, points, total_effort, activities,
    schedule) and assumptions."""
    data = roadmap(Scenario(year=2025), 2026).to_dict()

    assert {"status", "total_effort", "years", "assumptions", "changes"} <= set(data)
    assert {"year", "status", "points", "total_effort", "activities", "schedule"} <= set(
        data["years"][0]
    )
    assert [2025, 2026] == [y["year"] for y in data["years"]]
