"""The integer program: cheapest plans, every constraint of PRODUCT.md, and
infeasibility explained in words."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_inventory, said
from optimizer import (
    Attestation,
    ExclusionCode,
    Inventory,
    PlannerError,
    PlanStatus,
    Reporting,
    Scenario,
    ScenarioError,
    SpecialStatus,
    bundled_inventory,
    mvp_catalog,
    plan,
)

SMALL = frozenset({SpecialStatus.SMALL_PRACTICE})


def weighted_inventory(year: int = 2024):
    """Five activities whose cheapest 40-point set is hand-checkable: C + A + B, 23 h."""
    return make_inventory(
        year,
        ("IA_PM_1", "medium", 5),  # A
        ("IA_PM_2", "medium", 6),  # B
        ("IA_EPA_1", "high", 12),  # C
        ("IA_PM_7", "medium", 7),
        ("IA_PM_5", "medium", 8),
    )


class TestCheapestPlan:
    """Lowest effort that reaches the target (PRODUCT.md 'Effort')."""

    def test_hand_checked_optimum(self):
        """One high and two cheap mediums (23 h) beat four mediums (26 h)."""
        result = plan(Scenario(year=2024), weighted_inventory())

        assert PlanStatus.OPTIMAL == result.status
        assert ("IA_EPA_1", "IA_PM_1", "IA_PM_2") == result.activity_ids
        assert (40, 23.0) == (result.points, result.total_effort)

    def test_special_status_doubles_mediums(self):
        """With a special status two mediums earn 20 each: 11 h beats the 12 h high one."""
        result = plan(Scenario(year=2024, statuses=SMALL), weighted_inventory())

        assert (("IA_PM_1", "IA_PM_2"), 11.0) == (result.activity_ids, result.total_effort)

    def test_special_status_needs_one_high(self):
        """With a special status one high activity (40 points) is enough."""
        scenario = Scenario(year=2024, statuses=SMALL, exclude={"IA_PM_1"})

        assert ("IA_EPA_1",) == plan(scenario, weighted_inventory()).activity_ids

    def test_ties_go_to_fewer_activities(self):
        """Equal effort: one high activity is preferred to two mediums."""
        inventory = make_inventory(
            2024, ("IA_PM_1", "medium", 5), ("IA_PM_2", "medium", 5), ("IA_EPA_1", "high", 10)
        )

        result = plan(Scenario(year=2024, statuses=SMALL), inventory)

        assert ("IA_EPA_1",) == result.activity_ids

    @pytest.mark.parametrize(("special", "count"), [(False, 2), (True, 1)], ids=["std", "special"])
    def test_2025_counts_activities(self, special, count):
        """From 2025 the plan is the 2 cheapest activities, or 1 with a special status."""
        inventory = make_inventory(
            2025, ("IA_PM_1", None, 9), ("IA_PM_2", None, 3), ("IA_PM_7", None, 4)
        )

        result = plan(Scenario(year=2025, statuses=SMALL if special else set()), inventory)

        assert ("IA_PM_2", "IA_PM_7")[:count] == tuple(sorted(result.activity_ids))

    def test_points_above_40_are_not_bought(self):
        """The plan never pays for points beyond the 40-point cap."""
        result = plan(Scenario(year=2024), weighted_inventory())

        assert 40 == sum(a.points for a in result.activities)

    def test_lower_target(self):
        """--target 20 asks for half credit only."""
        result = plan(Scenario(year=2024, target=20), weighted_inventory())

        assert (("IA_PM_1", "IA_PM_2"), 20) == (tuple(sorted(result.activity_ids)), result.points)

    def test_solvers_agree(self):
        """CBC and HiGHS find the same plan."""
        results = {
            name: plan(Scenario(year=2024), weighted_inventory(), solver=name)
            for name in ("cbc", "highs")
        }

        assert results["cbc"].activity_ids == results["highs"].activity_ids

    def test_default_plan_on_bundled_data(self):
        """The latest bundled year plans to full credit out of the box."""
        result = plan(Scenario(year=2026))

        assert (PlanStatus.OPTIMAL, 40, 15.0) == (
            result.status,
            result.points,
            result.final_score_points,
        )


class TestCredits:
    """APM, APP and medical-home credit (PRODUCT.md rules table)."""

    @pytest.mark.parametrize(
        "scenario",
        [Scenario(year=2024, pcmh=True), Scenario(year=2024, app=True)],
        ids=["pcmh", "app"],
    )
    def test_full_credit_with_nothing_to_do(self, scenario):
        """A medical home or the APP gets full credit and no activities."""
        result = plan(scenario, weighted_inventory())

        assert (PlanStatus.FULL_CREDIT, (), 40, 0.0) == (
            result.status,
            result.activity_ids,
            result.points,
            result.total_effort,
        )

    def test_app_final_score_weight(self):
        """Under the APP the full category is 20 final-score points."""
        assert 20.0 == plan(Scenario(year=2024, app=True)).final_score_points

    def test_apm_needs_only_20_points(self):
        """An APM participant has 20 automatic points and buys only 20 more."""
        result = plan(Scenario(year=2024, apm=True), weighted_inventory())

        assert (20, 20, ("IA_PM_1", "IA_PM_2")) == (
            result.automatic_points,
            result.needed_points,
            tuple(sorted(result.activity_ids)),
        )

    def test_app_before_2021_is_refused(self):
        """The APP starts in 2021."""
        with pytest.raises(ScenarioError) as info:
            plan(Scenario(year=2020, app=True))

        assert "The APM Performance Pathway (APP) starts in 2021; there is none in 2020" == str(
            info.value
        )

    def test_medical_home_item_is_not_a_points_item(self):
        """IA_PCMH is ruled out of the program with the reason to use the credit."""
        result = plan(Scenario(year=2024))
        exclusion = {e.id: e for e in result.excluded}["IA_PCMH"]

        assert ExclusionCode.MEDICAL_HOME_CREDIT == exclusion.code


class TestFrequencyLimit:
    """IA_PSPA_4/22/23 may be chosen once every 4 years (RULES-RESEARCH.md section 7)."""

    INVENTORY = make_inventory(
        2026,
        ("IA_PSPA_22", None, 1),
        ("IA_PM_1", None, 50),
        ("IA_PM_2", None, 60),
        IA_PSPA_22={"frequency_years": 4},
    )

    @pytest.mark.parametrize(
        ("attested", "allowed"),
        [(2022, True), (2023, False), (2024, False), (2025, False), (2021, True)],
        ids=["4-years-ago-allowed", "3-years-ago", "2-years-ago", "last-year", "5-years-ago"],
    )
    def test_both_sides_of_the_4_year_line(self, attested, allowed):
        """Attested in Y, the activity is allowed again from Y + 4 on."""
        scenario = Scenario(year=2026, history=(Attestation("IA_PSPA_22", attested),))

        result = plan(scenario, self.INVENTORY)

        assert allowed == ("IA_PSPA_22" in result.activity_ids)

    def test_reason_names_the_years(self):
        """The exclusion says when it was attested and when it may come back."""
        scenario = Scenario(year=2026, history=(Attestation("IA_PSPA_22", 2024),))

        result = plan(scenario, self.INVENTORY)

        assert ("may be chosen once every 4 years: attested in 2024, so not again before 2028") == {
            e.id: e.reason for e in result.excluded
        }["IA_PSPA_22"]

    def test_unlimited_activities_ignore_history(self):
        """Activities without a limit may be attested every year."""
        scenario = Scenario(year=2026, history=(Attestation("IA_PM_1", 2025),))

        assert "IA_PM_1" in plan(scenario, self.INVENTORY).activity_ids

    def test_bundled_limits(self):
        """The bundled inventories carry the 4-year limits read from CMS's text."""
        limited = {a.id for a in bundled_inventory(2026).activities if a.frequency_years == 4}

        assert {"IA_PSPA_4", "IA_PSPA_22", "IA_PSPA_23"} == limited


class TestIncludeExclude:
    """The user's 'must do' and 'can't do'."""

    def test_include_forces(self):
        """An included activity is in the plan even when it is not the cheapest."""
        result = plan(Scenario(year=2024, include={"IA_PM_5"}), weighted_inventory())

        assert "IA_PM_5" in result.activity_ids
        assert 40 <= result.points

    def test_exclude_removes(self):
        """An excluded activity is never chosen and is listed with the reason."""
        result = plan(Scenario(year=2024, exclude={"IA_EPA_1"}), weighted_inventory())

        assert "IA_EPA_1" not in result.activity_ids
        assert ("IA_EPA_1", "excluded by you") in {(e.id, e.reason) for e in result.excluded}

    def test_unknown_id_is_refused(self):
        """An ID that is not in the year's inventory is a clear error."""
        with pytest.raises(ScenarioError) as info:
            plan(Scenario(year=2024, include={"IA_XX_9"}), weighted_inventory())

        assert (
            "Unknown activity ID IA_XX_9 in the must include list: not in the 2024 inventory (test)"
        ) == str(info.value)

    def test_include_and_exclude_together_is_refused(self):
        """One activity cannot be both required and excluded."""
        with pytest.raises(ScenarioError) as info:
            Scenario(year=2024, include={"IA_PM_1"}, exclude={"IA_PM_1"})

        assert "IA_PM_1 cannot be both included and excluded" == str(info.value)


class TestPairing:
    """Pairing with reported quality measures (PRODUCT.md 'Pairings')."""

    INVENTORY = make_inventory(
        2025, ("IA_PM_1", None, 1), ("IA_PM_2", None, 2), ("IA_PM_4", None, 30)
    )
    PAIRINGS = {"IA_PM_4": frozenset({"001", "119", "236"}), "IA_PM_2": frozenset({"236"})}

    def test_require_pairing(self):
        """With --require-pairing every chosen activity pairs with a reported measure."""
        scenario = Scenario(year=2025, quality={"236"}, require_pairing=True)

        result = plan(scenario, self.INVENTORY, pairings=self.PAIRINGS)

        assert ("IA_PM_2", "IA_PM_4") == tuple(sorted(result.activity_ids))
        assert all(a.paired_measures == ("236",) for a in result.activities)

    def test_min_paired(self):
        """With --min-paired 1 one paired activity suffices; the rest is cheapest."""
        scenario = Scenario(year=2025, quality={"001"}, min_paired=1)

        result = plan(scenario, self.INVENTORY, pairings=self.PAIRINGS)

        assert ("IA_PM_1", "IA_PM_4") == tuple(sorted(result.activity_ids))

    def test_guide_example_is_bundled(self):
        """IA_PM_4 and IA_PM_13 pair with 001, 119 and 236 (CMS IA guide example, 2020 and
        2021 guides)."""
        from optimizer import bundled_pairings

        pairs = bundled_pairings(2021)

        assert {"001", "119", "236"} <= pairs["IA_PM_4"]
        assert {"001", "119", "236"} <= pairs["IA_PM_13"]

    def test_pairings_hold_only_in_their_years(self):
        """Issue 11: measure 119 left the quality list in 2023, so no pairing with it holds
        then; an MVP pairing holds only in the years the MVP lists both (RULES-RESEARCH.md
        section 9: co-membership per year)."""
        from optimizer import bundled_pairings, mvp_catalog

        pairs_2025 = bundled_pairings(2025)
        g0053 = mvp_catalog(2023)["G0053"]
        activity = sorted(g0053.activity_ids - {"IA_PCMH", "IA_MVP"})[0]
        measure = sorted(g0053.quality_ids)[0]

        assert "119" not in pairs_2025["IA_PM_4"]
        assert measure in bundled_pairings(2023)[activity]
        assert measure not in bundled_pairings(2022).get(activity, frozenset())

    def test_infeasible_pairing_is_explained(self):
        """Too few paired activities gives an infeasible plan that says which rule binds."""
        scenario = Scenario(year=2025, quality={"001"}, require_pairing=True)

        result = plan(scenario, self.INVENTORY, pairings=self.PAIRINGS)

        assert PlanStatus.INFEASIBLE == result.status
        assert (
            (
                "reach_40_points",
                "The one activity still allowed earns 20 points, and 40 points are needed",
                "report more quality measures or drop the all-paired rule",
            ),
        ) == said(result.reasons)

    def test_min_paired_infeasible_is_explained(self):
        """Asking for more paired activities than exist names that constraint."""
        scenario = Scenario(year=2025, quality={"001"}, min_paired=2)

        result = plan(scenario, self.INVENTORY, pairings=self.PAIRINGS)

        assert (
            (
                "at_least_2_paired",
                "Only 1 allowed activity pairs with your quality measures (001); you asked "
                "for at least 2",
                "report more quality measures or ask for fewer paired activities",
            ),
        ) == said(result.reasons)


class TestMvp:
    """MVP reporting: only the MVP's activities (RULES-RESEARCH.md section 6)."""

    def test_only_mvp_activities(self):
        """Every chosen activity is on the MVP's list, and one is enough from 2025."""
        mvp = mvp_catalog(2025)["G0053"]

        result = plan(Scenario(year=2025, mvp="G0053"))

        assert 1 == len(result.activities)
        assert set(result.activity_ids) <= mvp.activity_ids

    def test_ia_mvp_only_in_mvp_reporting(self):
        """IA_MVP is ruled out of traditional MIPS and allowed in an MVP."""
        codes = {e.id: e.code for e in plan(Scenario(year=2024)).excluded}
        mvp_codes = {e.id: e.code for e in plan(Scenario(year=2024, mvp="G0053")).excluded}

        assert ExclusionCode.MVP_ONLY == codes["IA_MVP"]
        assert "IA_MVP" not in mvp_codes

    def test_unknown_mvp(self):
        """An MVP ID the year does not have is refused with the list of valid ones."""
        with pytest.raises(ScenarioError) as info:
            plan(Scenario(year=2023, mvp="M9999"))

        assert str(info.value).startswith("Unknown MVP 'M9999' for 2023; that year's MVPs: G0053")

    def test_mvp_before_2023(self):
        """MVPs start in 2023."""
        with pytest.raises(ScenarioError) as info:
            plan(Scenario(year=2022, mvp="G0053"))

        assert "MVP reporting starts in 2023; there are no MVPs in 2022" == str(info.value)


class TestSuspended:
    """Eight activities were suspended on 2025-05-06 (RULES-RESEARCH.md section 7)."""

    def test_suspended_are_excluded(self):
        """A suspended activity is not planned, and the reason says why."""
        result = plan(Scenario(year=2025))
        codes = {e.id: e.code for e in result.excluded}

        assert ExclusionCode.SUSPENDED == codes["IA_PM_26"]

    def test_included_suspended_counts(self):
        """A practice that began it before the suspension can keep it by including it."""
        result = plan(Scenario(year=2025, include={"IA_PM_26"}))

        assert "IA_PM_26" in result.activity_ids


class TestGroups:
    """The group rule reported with each activity (PRODUCT.md; E3 (a)(2))."""

    @pytest.mark.parametrize(("year", "needed"), [(2019, 1), (2020, 3)])
    def test_clinicians_needed_on_each_activity(self, year, needed):
        """A 6-clinician group needs 1 clinician per activity before 2020, 3 after."""
        scenario = Scenario(year=year, reporting=Reporting.GROUP, clinicians=6)

        result = plan(scenario)

        assert {needed} == {a.clinicians_needed for a in result.activities}

    def test_virtual_group_before_2018(self):
        """Virtual groups start in 2018."""
        with pytest.raises(ScenarioError) as info:
            plan(Scenario(year=2017, reporting=Reporting.VIRTUAL_GROUP, clinicians=4))

        assert "Virtual groups start in 2018; there are none in 2017" == str(info.value)

    def test_small_practice_with_many_clinicians_warns(self):
        """Small practice with more than 15 clinicians is planned but flagged."""
        scenario = Scenario(year=2024, statuses=SMALL, clinicians=20)

        result = plan(scenario, weighted_inventory())

        assert (
            "The small-practice status needs 15 or fewer clinicians; you gave 20" in result.messages
        )


class TestLateInTheYear:
    """The last 90-day start is October 3 (RULES-RESEARCH.md section 4)."""

    @pytest.mark.parametrize(
        ("today", "warned"),
        [(date(2024, 10, 3), False), (date(2024, 10, 4), True), (date(2025, 1, 5), False)],
        ids=["on-the-last-start", "day-after", "next-year"],
    )
    def test_warning_after_the_last_start(self, today, warned):
        """Planning the current year after October 3 warns that only running activities count."""
        message = (
            "Today (2024-10-04) is past 2024's last 90-day start (2024-10-03): only activities "
            "the practice already runs can still count; submit them 2025-01-02 to 2025-04-14"
        )

        result = plan(Scenario(year=2024), weighted_inventory(), as_of=today)

        assert warned == (message in result.messages)


class TestInputWarnings:
    """Suspicious but usable input is planned and flagged."""

    def test_inventory_from_a_later_year(self):
        """Activities first offered after the plan's year suggest the wrong inventory."""
        later = bundled_inventory(2024)
        inventory = Inventory(2019, later.activities, source="2024.csv")

        result = plan(Scenario(year=2019), inventory)

        assert (
            "19 activities of the inventory start after 2019 (e.g. IA_AHE_10): is 2024.csv the "
            "2019 inventory?"
        ) in result.messages

    def test_history_from_the_plan_year_or_later(self):
        """History from the planned year or later does not limit the plan, and says so."""
        scenario = Scenario(year=2024, history=(Attestation("IA_PSPA_23", 2030),))

        result = plan(scenario, weighted_inventory())

        assert (
            "History from 2030 is not used: only attestations before 2024 limit the 2024 plan"
        ) in result.messages

    def test_mvp_ids_ignore_case(self):
        """'m0005' is MVP M0005."""
        assert "M0005" == Scenario(year=2025, mvp="m0005").mvp


class TestSolverFailure:
    """A MILP solver that fails to start is retried once, then reported in words."""

    def test_one_failure_is_retried(self, monkeypatch):
        """A single failed run of the solver does not change the plan."""
        import pulp

        calls = []
        real_solve = pulp.LpProblem.solve

        def flaky(self, solver=None, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                raise pulp.PulpSolverError("cbc could not start")
            return real_solve(self, solver, **kwargs)

        monkeypatch.setattr(pulp.LpProblem, "solve", flaky)

        result = plan(Scenario(year=2024), weighted_inventory(), solver="cbc")

        assert (2, ("IA_EPA_1", "IA_PM_1", "IA_PM_2")) == (len(calls), result.activity_ids)

    def test_repeated_failure_is_a_planner_error(self, monkeypatch):
        """A solver that keeps failing gives a message that names it and a way out."""
        import pulp

        def broken(self, solver=None, **kwargs):
            raise pulp.PulpSolverError("cbc could not start")

        monkeypatch.setattr(pulp.LpProblem, "solve", broken)

        with pytest.raises(PlannerError) as info:
            plan(Scenario(year=2024), weighted_inventory(), solver="cbc")

        assert (
            "The COIN_CMD solver failed to run (cbc could not start); try again, or plan with "
            "another solver"
        ) == str(info.value)


@pytest.mark.parametrize("solver", ["auto", "highs", "cbc"])
def test_nothing_allowed_and_nothing_needed_is_an_empty_plan_on_every_solver(solver):
    """APM credit meets a 20-point target and pairing rules out every activity: the
    empty plan is optimal (CBC used to fail to run on a model without variables)."""
    inventory = make_inventory(2017, ("IA_PM_1", "medium", 1.0))
    scenario = Scenario(year=2017, apm=True, target=20, require_pairing=True)

    result = plan(scenario, inventory, pairings={}, solver=solver)

    assert (PlanStatus.OPTIMAL, ()) == (result.status, result.activity_ids)


def test_full_credit_keeps_the_activities_you_insist_on_and_says_they_earn_nothing():
    """Issue 11: a medical home with IA_BE_4 required keeps IA_BE_4 in the plan, at its
    effort and with its window, and says it adds nothing to a full category."""
    result = plan(Scenario(year=2024, pcmh=True, include={"IA_BE_4"}), as_of=date(2024, 1, 2))

    assert (PlanStatus.FULL_CREDIT, ("IA_BE_4",), 40) == (
        result.status,
        result.activity_ids,
        result.points,
    )
    assert ["IA_BE_4"] == [w.activity for w in result.schedule]
    assert (
        "IA_BE_4 earns nothing more: the category is full already; kept in the plan because "
        "you require it"
    ) in result.warnings
