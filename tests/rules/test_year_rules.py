"""The rules of each performance year (PRODUCT.md 'The rules'; RULES-RESEARCH.md
sections 1-6), and the four CMS scoring scenarios of the 2020/2021 IA guides."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_inventory
from optimizer import (
    Attestation,
    Reporting,
    Scenario,
    ScenarioError,
    SpecialStatus,
    UnknownYearError,
    plan,
    rule_years,
    rules_for,
    score_activities,
)
from optimizer.model import Activity, Weight
from optimizer.rules.group_rule import clinicians_needed

WEIGHTED_YEARS = range(2017, 2025)
UNWEIGHTED_YEARS = (2025, 2026)
MEDIUM = Activity("IA_PM_4", "medium one", weight=Weight.MEDIUM)
HIGH = Activity("IA_EPA_1", "high one", weight=Weight.HIGH)
UNWEIGHTED = Activity("IA_BE_6", "any one")


class TestCmsGuideScenarios:
    """PRODUCT.md: four scoring scenarios from CMS's 2020 and 2021 IA guides (PY2021)."""

    INVENTORY = make_inventory(2021, ("IA_PM_4", "medium", 1), ("IA_EPA_1", "high", 1))

    @pytest.mark.parametrize(
        ("scenario", "ids", "points", "final"),
        [
            (Scenario(year=2021, clinicians=50), ["IA_PM_4"], 10, 3.75),
            (
                Scenario(year=2021, statuses={SpecialStatus.SMALL_PRACTICE}),
                ["IA_PM_4"],
                20,
                7.5,
            ),
            (
                Scenario(year=2021, statuses={SpecialStatus.SMALL_PRACTICE}),
                ["IA_PM_4", "IA_EPA_1"],
                40,
                15,
            ),
            (
                Scenario(year=2021, statuses={SpecialStatus.RURAL}, apm=True),
                ["IA_PM_4"],
                40,
                15,
            ),
        ],
        ids=[
            "1-large-practice-one-medium-10",
            "2-small-practice-one-medium-20",
            "3-small-high-plus-medium-60-capped-40",
            "4-rural-apm-medium-20-plus-20-automatic",
        ],
    )
    def test_scenario_scores(self, scenario, ids, points, final):
        """Each guide scenario earns exactly the points and final-score points CMS states."""
        score = score_activities(scenario, ids, self.INVENTORY)

        assert points == score.points
        assert final == score.final_score_points

    def test_small_practice_high_plus_medium_is_60_before_the_cap(self):
        """Scenario 3 adds up to 60 activity points; the category caps them at 40."""
        scenario = Scenario(year=2021, statuses={SpecialStatus.SMALL_PRACTICE})

        score = score_activities(scenario, ["IA_PM_4", "IA_EPA_1"], self.INVENTORY)

        assert (60, 40, 100.0) == (score.activity_points, score.points, score.category_score)

    def test_rural_apm_is_100_percent_and_15_final_points(self):
        """Scenario 4 is 100% of the category and 15 points of the final score."""
        scenario = Scenario(year=2021, statuses={SpecialStatus.RURAL}, apm=True)

        score = score_activities(scenario, ["IA_PM_4"], self.INVENTORY)

        assert (20, 100.0, 15.0) == (
            score.automatic_points,
            score.category_score,
            score.final_score_points,
        )


class TestPointsTable:
    """Points per activity by year: medium 10 / high 20 to 2024, 20 each from 2025;
    doubled with a special status (RULES-RESEARCH.md section 1, E1 (b)(3))."""

    @pytest.mark.parametrize("year", WEIGHTED_YEARS)
    @pytest.mark.parametrize(
        ("special", "medium", "high"),
        [(False, 10, 20), (True, 20, 40)],
        ids=["standard", "special"],
    )
    def test_weighted_years(self, year, special, medium, high):
        """Up to 2024 a medium activity earns 10 and a high 20, doubled with a status."""
        rules = rules_for(year)
        statuses = {SpecialStatus.HPSA} if special else set()
        scenario = Scenario(year=year, statuses=statuses)

        assert (medium, high) == (
            rules.activity_points_for(MEDIUM, scenario),
            rules.activity_points_for(HIGH, scenario),
        )

    @pytest.mark.parametrize("year", UNWEIGHTED_YEARS)
    @pytest.mark.parametrize(
        ("special", "points"), [(False, 20), (True, 40)], ids=["std", "special"]
    )
    def test_unweighted_years(self, year, special, points):
        """From 2025 every activity earns 20, or 40 with a special status (2 or 1 needed)."""
        statuses = {SpecialStatus.NON_PATIENT_FACING} if special else set()

        assert points == rules_for(year).activity_points_for(
            UNWEIGHTED, Scenario(year=year, statuses=statuses)
        )

    @pytest.mark.parametrize("status", list(SpecialStatus))
    def test_every_special_status_doubles(self, status):
        """Small practice, rural, HPSA and non-patient facing each double the points."""
        assert 20 == rules_for(2024).activity_points_for(
            MEDIUM, Scenario(year=2024, statuses={status})
        )

    @pytest.mark.parametrize("year", rule_years())
    def test_category_maximum_is_40(self, year):
        """Full credit is 40 points in every year; more adds nothing."""
        assert 40 == rules_for(year).category_max

    def test_medical_home_item_earns_no_points(self):
        """IA_PCMH has no weight: it is a full-credit attestation, not a points item."""
        pcmh = Activity("IA_PCMH", "medical home")

        assert 0 == rules_for(2024).activity_points_for(pcmh, Scenario(year=2024))


class TestMvpPoints:
    """MVP reporting: 2023-2024 medium 20 / high 40 for everyone; 2025+ one activity
    gives 40 (RULES-RESEARCH.md section 6, E4 (d)(3)(iii); W4, W5)."""

    @pytest.mark.parametrize(("year", "medium", "high"), [(2023, 20, 40), (2024, 20, 40)])
    def test_weighted_mvp_years(self, year, medium, high):
        """In an MVP every clinician gets the doubled points, status or not."""
        rules = rules_for(year)
        scenario = Scenario(year=year, mvp="G0053")

        assert (medium, high) == (
            rules.activity_points_for(MEDIUM, scenario),
            rules.activity_points_for(HIGH, scenario),
        )

    @pytest.mark.parametrize("year", UNWEIGHTED_YEARS)
    def test_one_activity_in_an_mvp_from_2025(self, year):
        """From 2025 one activity from the MVP's list is full credit."""
        assert 40 == rules_for(year).activity_points_for(
            UNWEIGHTED, Scenario(year=year, mvp="G0053")
        )


class TestCredits:
    """Automatic credit: APM 50%, APP 100% (2021+), medical home 100% (section 2)."""

    @pytest.mark.parametrize("year", rule_years())
    def test_apm_participant_gets_half(self, year):
        """An APM participant in traditional MIPS starts with 20 of 40 points."""
        assert 20 == rules_for(year).automatic_points(Scenario(year=year, apm=True))

    @pytest.mark.parametrize("year", rule_years())
    def test_medical_home_gets_full_credit(self, year):
        """A recognized medical home gets all 40 points."""
        assert 40 == rules_for(year).automatic_points(Scenario(year=year, pcmh=True))

    @pytest.mark.parametrize("year", range(2021, 2027))
    def test_app_gets_full_credit_and_weighs_20(self, year):
        """Under the APP the category is full automatically and weighs 20% (E5)."""
        rules = rules_for(year)
        scenario = Scenario(year=year, app=True)

        assert (40, 20) == (rules.automatic_points(scenario), rules.weight_for(scenario))

    def test_apm_entity_reporting_counts_as_apm(self):
        """Reporting as an APM Entity means APM participation: 20 automatic points."""
        scenario = Scenario(year=2022, reporting=Reporting.APM_ENTITY)

        assert 20 == rules_for(2022).automatic_points(scenario)

    @pytest.mark.parametrize("year", rule_years())
    def test_category_weight_is_15(self, year):
        """Traditional MIPS weighs the IA category at 15% (E2 (b)(1))."""
        assert 15 == rules_for(year).weight_for(Scenario(year=year))


class TestGroupAndDates:
    """Group rule, last start and submission window (sections 3 and 4)."""

    @pytest.mark.parametrize(
        ("year", "clinicians", "needed"),
        [(2019, 10, 1), (2019, 1, 1), (2020, 10, 5), (2020, 7, 4), (2026, 120, 60), (2026, 1, 1)],
        ids=["2019-one", "2019-solo", "2020-even-half", "2020-odd-rounds-up", "2026-120", "solo"],
    )
    def test_clinicians_needed(self, year, clinicians, needed):
        """One clinician before 2020; from 2020 at least half, rounded up (E3 (a)(2))."""
        assert needed == clinicians_needed(rules_for(year), clinicians)

    @pytest.mark.parametrize("year", range(2018, 2027))
    def test_last_start_is_october_3(self, year):
        """A 90-day period ending December 31 starts by October 3."""
        rules = rules_for(year)

        assert date(year, 10, 3) == rules.last_start
        assert 89 == (date(year, 12, 31) - rules.last_start).days

    def test_2017_last_start_follows_cms_guidance(self):
        """CMS's 2017 guidance gave October 2 (a conservative count)."""
        assert date(2017, 10, 2) == rules_for(2017).last_start

    @pytest.mark.parametrize("year", rule_years())
    def test_submission_window_is_in_the_next_year(self, year):
        """Attestation opens in January of the next year and closes by spring."""
        rules = rules_for(year)

        assert (year + 1, 1) == (rules.submission_open.year, rules.submission_open.month)
        assert rules.submission_open < rules.submission_close <= date(year + 1, 4, 30)

    def test_group_pcmh_sites(self):
        """A group's medical-home credit needs one site in 2017, half from 2018 (E1)."""
        assert (0.0, 0.5) == (
            rules_for(2017).pcmh_group_site_share,
            rules_for(2018).pcmh_group_site_share,
        )


class TestUnknownYear:
    """A year with no rules is a clear error, not a traceback."""

    @pytest.mark.parametrize("year", [2016, 2030])
    def test_message(self, year):
        """The message names the year and the years the planner knows."""
        with pytest.raises(UnknownYearError) as info:
            rules_for(year)

        assert (
            f"No improvement-activity rules for performance year {year}: "
            "the planner knows 2017-2026, and 2027 provisionally on the 2026 rules carried forward"
        ) == str(info.value)

    def test_plan_of_unknown_year(self):
        """Planning a year outside the table fails the same way."""
        with pytest.raises(UnknownYearError):
            plan(Scenario(year=2016))


class TestScoringAGivenSet:
    """Scoring what a practice attested applies the same rules as planning."""

    @pytest.mark.parametrize(
        ("scenario", "ids", "message"),
        [
            (
                Scenario(year=2024),
                ["IA_MVP"],
                "IA_MVP earns no points here: counts only when reporting through an MVP",
            ),
            (
                Scenario(year=2024, mvp="M0005"),
                ["IA_EPA_5"],
                "IA_EPA_5 earns no points here: not in MVP M0005's activity list",
            ),
            (
                Scenario(year=2026, history=(Attestation("IA_PSPA_23", 2024),)),
                ["IA_PSPA_23"],
                "IA_PSPA_23 earns no points here: may be chosen once every 4 years: attested "
                "in 2024, so not again before 2028",
            ),
        ],
        ids=["mvp-only", "not-in-mvp", "frequency-limit"],
    )
    def test_activities_that_cannot_count_are_refused(self, scenario, ids, message):
        """An activity the rules keep from counting is refused with the reason."""
        with pytest.raises(ScenarioError) as info:
            score_activities(scenario, ids)

        assert message == str(info.value)

    def test_attesting_pcmh_is_full_credit(self):
        """IA_PCMH claims the medical-home credit: 40 points."""
        assert 40 == score_activities(Scenario(year=2024), ["IA_PCMH"]).points

    def test_suspended_activity_counts(self):
        """A suspended 2025 activity counts for a practice that began it before May 6."""
        assert 20 == score_activities(Scenario(year=2025), ["IA_PM_26"]).points
