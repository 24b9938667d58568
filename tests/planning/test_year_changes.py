"""What CMS changed between two years: re-IDs, new subcategories, suspensions,
removals and additions, each with a proposed replacement for what is gone."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_inventory
from optimizer import Attestation, Scenario, ScenarioError, bundled_inventory, plan
from optimizer.sources.re_ids import documented_re_ids
from optimizer.sources.year_changes import (
    TITLE_MATCH,
    ChangeKind,
    compare_inventories,
    latest_id,
    moved_activities,
    year_changes,
)

SUSPENDED_2025 = [
    "IA_AHE_11",
    "IA_AHE_12",
    "IA_AHE_5",
    "IA_AHE_8",
    "IA_AHE_9",
    "IA_ERP_3",
    "IA_PM_26",
    "IA_PM_6",
]


def of_kind(changes, kind):
    return [c.activity_id for c in changes if c.kind is kind]


class TestBundledYears:
    """The bundled inventories against RULES-RESEARCH.md section 7."""

    def test_2026_re_ids(self):
        """Six activities keep their text under new IDs in 2026, e.g. IA_AHE_1 -> IA_EPA_7 [R4]."""
        changes = year_changes(2025, 2026)

        assert {
            "IA_AHE_1": "IA_EPA_7",
            "IA_AHE_3": "IA_BE_26",
            "IA_AHE_6": "IA_EPA_8",
            "IA_AHE_7": "IA_BE_27",
            "IA_AHE_10": "IA_PSPA_35",
            "IA_PM_13": "IA_AHW_1",
        } == {c.activity_id: c.new_id for c in changes if c.kind is ChangeKind.NEW_ID}

    def test_re_id_in_words(self):
        """The report names the new ID and the subcategory it moves to [R4]."""
        change = next(c for c in year_changes(2025, 2026) if c.activity_id == "IA_AHE_1")

        assert (
            "IA_AHE_1 is IA_EPA_7 from 2026: the same activity under a new ID, from Achieving "
            "Health Equity to Expanded Practice Access"
        ) == change.text
        assert change.source.startswith("CMS PY2026 final rule updates")

    def test_2025_suspensions(self):
        """CMS suspended 8 activities on 2025-05-06; they count only if begun before [R3; W9]."""
        changes = year_changes(2024, 2025)
        change = next(c for c in changes if c.activity_id == "IA_PM_6")

        assert SUSPENDED_2025 == of_kind(changes, ChangeKind.SUSPENDED)
        assert change.text.startswith(
            "IA_PM_6 was suspended by CMS on 2025-05-06, during 2025: it counts only if the "
            "practice began it before then; proposed replacement: "
        )

    def test_2026_removals(self):
        """Gone in 2026: the 8 suspended activities plus IA_BMH_8, IA_CC_1, IA_CC_2 and
        IA_PM_12 (RULES-RESEARCH.md section 7 [R4])."""
        changes = year_changes(2025, 2026)
        removed = of_kind(changes, ChangeKind.REMOVED)

        assert sorted([*SUSPENDED_2025, "IA_BMH_8", "IA_CC_1", "IA_CC_2", "IA_PM_12"]) == sorted(
            removed
        )
        assert ["2025-05-06"] * 8 == [
            c.suspended_on for c in changes if c.activity_id in SUSPENDED_2025
        ]

    def test_a_removal_proposes_a_replacement_of_its_subcategory(self):
        """IA_CC_1 (Care Coordination) is replaced by a Care Coordination activity of 2026."""
        change = next(c for c in year_changes(2025, 2026) if c.activity_id == "IA_CC_1")
        replacement = bundled_inventory(2026).get(change.replacement or "")

        assert "Care Coordination" == (replacement.subcategory if replacement else None)
        assert change.text == (
            f"IA_CC_1 is not in the 2026 inventory; proposed replacement: "
            f"{change.replacement} ({change.replacement_title})"
        )

    def test_2026_additions(self):
        """Three activities are genuinely new in 2026: PM_27, PM_28 and PSPA_34 [R4]."""
        assert ["IA_PM_27", "IA_PM_28", "IA_PSPA_34"] == of_kind(
            year_changes(2025, 2026), ChangeKind.ADDED
        )

    def test_one_name_across_the_years(self):
        """IA_PM_13 of 2017-2025 and IA_AHW_1 of 2026 are one activity."""
        assert ("IA_AHW_1", "IA_AHW_1", "IA_EPA_5") == (
            latest_id("IA_PM_13"),
            latest_id("IA_AHW_1"),
            latest_id("IA_EPA_5"),
        )

    def test_every_documented_re_id_is_found_in_the_inventories(self):
        """The hand-made table agrees with the bundled inventories' titles."""
        found = {
            (c.activity_id, c.new_id)
            for c in year_changes(2025, 2026)
            if c.kind is ChangeKind.NEW_ID
        }

        assert {(r.old_id, r.new_id) for r in documented_re_ids()} == found


class TestTinyInventories:
    """Hand-made inventories for each kind of change."""

    def test_same_title_under_a_new_id_is_a_re_id(self):
        before = make_inventory(2024, ("IA_PM_1", "medium", 5))
        after = make_inventory(2025, ("IA_BE_9", None, 5), IA_BE_9={"title": "Activity IA_PM_1."})

        (change,) = compare_inventories(before, after)

        assert (ChangeKind.NEW_ID, "IA_BE_9", TITLE_MATCH) == (
            change.kind,
            change.new_id,
            change.source,
        )

    def test_two_activities_of_one_title_are_not_matched(self):
        """A title shared by two new activities is no evidence of a re-ID."""
        before = make_inventory(2024, ("IA_PM_1", "medium", 5))
        after = make_inventory(
            2025,
            ("IA_BE_8", None, 5),
            ("IA_BE_9", None, 5),
            IA_BE_8={"title": "Activity IA_PM_1"},
            IA_BE_9={"title": "Activity IA_PM_1"},
        )

        kinds = [c.kind for c in compare_inventories(before, after)]

        assert [ChangeKind.REMOVED, ChangeKind.ADDED, ChangeKind.ADDED] == kinds

    def test_new_subcategory(self):
        before = make_inventory(2024, ("IA_PM_1", "medium", 5))
        after = make_inventory(
            2025, ("IA_PM_1", None, 5), IA_PM_1={"subcategory": "Care Coordination"}
        )

        (change,) = compare_inventories(before, after)

        assert (
            "IA_PM_1 moves subcategory in 2025, from Population Management to Care Coordination"
        ) == change.text

    def test_replacement_is_the_cheapest_of_the_subcategory(self):
        before = make_inventory(2024, ("IA_PM_1", "medium", 5), ("IA_PM_2", "medium", 5))
        after = make_inventory(
            2025,
            ("IA_PM_2", None, 5),
            ("IA_PM_3", None, 9),
            ("IA_CC_1", None, 1),
            IA_CC_1={"subcategory": "Care Coordination"},
        )

        removed = next(c for c in compare_inventories(before, after) if c.activity_id == "IA_PM_1")

        assert "IA_PM_2" == removed.replacement

    def test_later_year_first_is_refused(self):
        with pytest.raises(ScenarioError) as error:
            compare_inventories(make_inventory(2025), make_inventory(2024))

        assert "Compare an earlier year with a later one, not 2025 with 2024" == str(error.value)


class TestMovedActivities:
    """What CMS changed, by the plan's year, about activities the practice did before
    (RULES-RESEARCH.md section 7 [R4])."""

    def test_re_id_suspension_and_removal(self):
        done = [("IA_AHE_1", 2025), ("IA_AHE_11", 2024), ("IA_CC_1", 2025), ("IA_EPA_1", 2025)]
        changes = moved_activities(done, 2026)

        assert {
            "IA_AHE_1": (ChangeKind.NEW_ID, "IA_EPA_7"),
            "IA_AHE_11": (ChangeKind.REMOVED, None),
            "IA_CC_1": (ChangeKind.REMOVED, None),
        } == {c.activity_id: (c.kind, c.new_id) for c in changes}

    def test_the_latest_year_done_is_compared(self):
        """Done in 2024 and 2025: the 2025-to-2026 change is the one told."""
        (change,) = moved_activities([("IA_AHE_1", 2024), ("IA_AHE_1", 2025)], 2026)

        assert (2025, "IA_EPA_7") == (change.from_year, change.new_id)

    @pytest.mark.parametrize(
        "done",
        [[("IA_AHE_1", 2026)], [("IA_AHE_1", 2027)], [("IA_AHE_1", 2016)], []],
        ids=["same-year", "later-year", "year-not-bundled", "nothing-done"],
    )
    def test_nothing_to_tell(self, done):
        assert () == moved_activities(done, 2026)

    def test_a_year_past_the_data_tells_nothing(self):
        assert () == moved_activities([("IA_AHE_1", 2025)], 2030)

    def test_the_plan_warns_of_its_history(self):
        """A plan for 2026 says that last year's IA_AHE_1 is now IA_EPA_7."""
        result = plan(
            Scenario(year=2026, history=(Attestation("IA_AHE_1", 2025),)),
            as_of=date(2026, 1, 2),
        )

        assert [
            "From your history: IA_AHE_1 is IA_EPA_7 from 2026: the same activity under a new "
            "ID, from Achieving Health Equity to Expanded Practice Access"
        ] == [w for w in result.warnings if w.startswith("From your history")]
