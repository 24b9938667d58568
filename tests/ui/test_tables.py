"""The frames the app renders and the way back from its edited tables."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from conftest import said
from optimizer import (
    Assignment,
    Attestation,
    Clinician,
    PlannerError,
    Scenario,
    SpecialStatus,
    plan,
    what_if_table,
)
from optimizer.rules.year_rules import rules_for
from optimizer.ui.activity_table import (
    ActivityEdit,
    activity_frame,
    apply_edits,
    edits_from_frame,
    edits_from_scenario,
    filter_activities,
    merge_edits,
)
from optimizer.ui.labels import (
    ALREADY,
    EFFORT,
    END,
    EXCLUDE,
    HISTORY_ID,
    HISTORY_YEAR,
    ID,
    INCLUDE,
    POINTS,
    START,
)
from optimizer.ui.plan_tables import (
    headline,
    plan_frame,
    points_by_subcategory,
    small_practice_hint,
    timeline_frame,
    what_if_chart,
    what_if_frame,
    who_does_what_frame,
    why_not_frame,
)
from optimizer.ui.practice_tables import (
    history_frame,
    history_from_frame,
    roster_frame,
    roster_from_frame,
)
from tests.conftest import make_inventory

INVENTORY = make_inventory(
    2021,
    ("IA_EPA_1", "medium", 5.0),
    ("IA_BE_4", "high", 30.0),
    ("IA_PSPA_4", "high", 8.0),
    IA_PSPA_4={"frequency_years": 4, "title": "Antibiotic stewardship"},
)


def test_activity_frame_shows_points_for_the_scenario() -> None:
    """Points in the table follow the scenario's statuses (doubled for a small practice)."""
    small = Scenario(year=2021, statuses={SpecialStatus.SMALL_PRACTICE})

    actual = activity_frame(INVENTORY, small, {})[[ID, POINTS]].to_dict("records")

    expected = [
        {ID: "IA_EPA_1", POINTS: 20},
        {ID: "IA_BE_4", POINTS: 40},
        {ID: "IA_PSPA_4", POINTS: 40},
    ]
    assert expected == actual


def test_activity_frame_shows_saved_edits() -> None:
    """A saved edit appears in its row: the effort and the three check boxes."""
    edits = {"IA_BE_4": ActivityEdit(effort=2.0, already_doing=True, cant_do=True)}

    row = activity_frame(INVENTORY, Scenario(year=2021), edits).iloc[1]

    assert (2.0, True, False, True) == (row[EFFORT], row[ALREADY], row[INCLUDE], row[EXCLUDE])


@pytest.mark.parametrize(
    ("subcategories", "text", "expected"),
    [
        ((), "", ["IA_EPA_1", "IA_BE_4", "IA_PSPA_4"]),
        ((), "antibiotic", ["IA_PSPA_4"]),
        ((), "ia_be", ["IA_BE_4"]),
        (("Population Management",), "epa", ["IA_EPA_1"]),
        (("Care Coordination",), "", []),
    ],
    ids=["no-filter", "title-text", "id-text-any-case", "subcategory-and-text", "no-match"],
)
def test_filter_activities(subcategories: tuple[str, ...], text: str, expected: list[str]) -> None:
    """Filtering keeps rows of the chosen subcategories whose ID or title has the text."""
    frame = activity_frame(INVENTORY, Scenario(year=2021), {})

    actual = filter_activities(frame, subcategories, text)

    assert expected == actual[ID].tolist()
    assert list(range(len(expected))) == actual.index.tolist()


def test_edits_from_frame_keeps_only_changed_rows() -> None:
    """Unchanged rows give no edit; an effort equal to the default is no edit either."""
    frame = activity_frame(INVENTORY, Scenario(year=2021), {})
    frame.loc[0, EFFORT] = 5.0
    frame.loc[1, INCLUDE] = True
    frame.loc[2, EFFORT] = 1.5

    actual = edits_from_frame(frame, INVENTORY, Scenario(year=2021))

    expected = {
        "IA_BE_4": ActivityEdit(must_include=True),
        "IA_PSPA_4": ActivityEdit(effort=1.5),
    }
    assert expected == actual


def test_edits_from_frame_empty_effort_goes_back_to_default() -> None:
    """Clearing an effort cell drops the user's effort."""
    frame = activity_frame(INVENTORY, Scenario(year=2021), {"IA_BE_4": ActivityEdit(effort=1.0)})
    frame.loc[1, EFFORT] = math.nan

    assert {} == edits_from_frame(frame, INVENTORY, Scenario(year=2021))


def test_edits_from_frame_refuses_negative_effort() -> None:
    """A negative effort is refused with the row, the ID and the column."""
    frame = activity_frame(INVENTORY, Scenario(year=2021), {})
    frame.loc[1, EFFORT] = -3.0

    with pytest.raises(PlannerError) as raised:
        edits_from_frame(frame, INVENTORY, Scenario(year=2021))

    expected = (
        "Activity table, row 2 (IA_BE_4), column 'Effort (h)': must be a number of hours "
        ">= 0, got -3.0"
    )
    assert expected == str(raised.value)


def test_merge_edits_replaces_only_rows_on_screen() -> None:
    """Rows hidden by a filter keep their edit; shown rows take what the table shows."""
    saved = {"IA_EPA_1": ActivityEdit(cant_do=True), "IA_BE_4": ActivityEdit(effort=1.0)}

    actual = merge_edits(saved, ["IA_BE_4", "IA_PSPA_4"], {"IA_PSPA_4": ActivityEdit(effort=2.0)})

    expected = {"IA_EPA_1": ActivityEdit(cant_do=True), "IA_PSPA_4": ActivityEdit(effort=2.0)}
    assert expected == actual


RUNNING = (("IA_BE_4", None),)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (ActivityEdit(effort=7.0), ((("IA_BE_4", 7.0),), (), frozenset(), frozenset())),
        (ActivityEdit(already_doing=True), ((), RUNNING, frozenset(), frozenset())),
        (
            ActivityEdit(effort=9.0, already_doing=True),
            ((("IA_BE_4", 9.0),), RUNNING, frozenset(), frozenset()),
        ),
        (ActivityEdit(must_include=True), ((), (), frozenset({"IA_BE_4"}), frozenset())),
        (ActivityEdit(cant_do=True), ((), (), frozenset(), frozenset({"IA_BE_4"}))),
    ],
    ids=["effort", "already-doing", "already-doing-with-effort", "must-include", "cant-do"],
)
def test_apply_edits_sets_scenario_fields(edit: ActivityEdit, expected: tuple[object, ...]) -> None:
    """Each edit becomes the matching Scenario field: 'Already doing' marks the activity
    running since the start of the year (nearly free unless an effort is typed)."""
    scenario = apply_edits(Scenario(year=2021), {"IA_BE_4": edit}, INVENTORY)

    assert expected == (scenario.efforts, scenario.running, scenario.include, scenario.exclude)


def test_apply_edits_ignores_activities_not_in_inventory() -> None:
    """Edits for IDs another inventory had do not reach the scenario."""
    scenario = apply_edits(
        Scenario(year=2021), {"IA_AHE_1": ActivityEdit(must_include=True)}, INVENTORY
    )

    assert frozenset() == scenario.include


def test_already_doing_makes_the_plan_pick_it() -> None:
    """An activity marked 'already doing' is nearly free, so the plan prefers it."""
    scenario = apply_edits(
        Scenario(year=2021, statuses={SpecialStatus.SMALL_PRACTICE}),
        {"IA_BE_4": ActivityEdit(already_doing=True)},
        INVENTORY,
    )

    assert ("IA_BE_4",) == plan(scenario, INVENTORY).activity_ids


def test_history_round_trip() -> None:
    """The history table read back gives the same attestations."""
    history = (Attestation("IA_PSPA_4", 2019), Attestation("IA_EPA_1", 2020))

    assert tuple(sorted(history)) == history_from_frame(history_frame(history))


def test_history_from_frame_skips_empty_rows_and_normalises_ids() -> None:
    """Blank rows (a new row not yet filled) are skipped; IDs are upper-cased."""
    frame = pd.DataFrame({HISTORY_ID: [" ia_pspa_4 ", None], HISTORY_YEAR: [2019, None]})

    assert (Attestation("IA_PSPA_4", 2019),) == history_from_frame(frame)


@pytest.mark.parametrize(
    ("activity_id", "year", "expected"),
    [
        (
            "PSPA 4",
            2019,
            "History table, row 1, column 'Activity ID': 'PSPA 4' is not an activity ID "
            "(IDs look like IA_EPA_1)",
        ),
        (
            "IA_PSPA_4",
            None,
            "History table, row 1, column 'Performance year': must be a performance year "
            "such as 2024, got ''",
        ),
        (
            "IA_PSPA_4",
            1999,
            "History table, row 1, column 'Performance year': must be a performance year "
            "such as 2024, got '1999'",
        ),
    ],
    ids=["bad-id", "missing-year", "year-too-early"],
)
def test_history_from_frame_refuses_bad_rows(
    activity_id: str, year: int | None, expected: str
) -> None:
    """A bad history row is refused with its row, column and value."""
    frame = pd.DataFrame({HISTORY_ID: [activity_id], HISTORY_YEAR: [year]}).astype(
        {HISTORY_YEAR: "Int64"}
    )

    with pytest.raises(PlannerError) as raised:
        history_from_frame(frame)

    assert expected == str(raised.value)


def test_plan_frame_has_deadline_and_pairing() -> None:
    """Each planned activity shows its points, effort, pairing and the last start date."""
    scenario = Scenario(year=2021, include={"IA_PSPA_4"}, statuses={SpecialStatus.RURAL})
    result = plan(scenario, INVENTORY)

    row = plan_frame(result).iloc[0].to_dict()

    expected = ("IA_PSPA_4", 40, 8.0, date(2021, 10, 3))
    assert expected == (row[ID], row[POINTS], row[EFFORT], row["Start by"])


def test_headline_of_full_credit() -> None:
    """Medical-home credit: 40 of 40, 100%, 15 final-score points, no effort."""
    expected = (
        ("Category points", "40 of 40"),
        ("IA category score", "100%"),
        ("Final-score points", "15 of 15"),
        ("Total effort", "0 h"),
        ("Activities", "0"),
    )

    assert expected == headline(plan(Scenario(year=2021, pcmh=True), INVENTORY))


def test_why_not_frame_names_rule_and_reason() -> None:
    """A frequency-limited activity attested last year is listed with the rule and reason."""
    scenario = Scenario(year=2021, history=(Attestation("IA_PSPA_4", 2020),))

    actual = why_not_frame(plan(scenario, INVENTORY), INVENTORY).to_dict("records")

    expected = [
        {
            ID: "IA_PSPA_4",
            "Title": "Antibiotic stewardship",
            "Rule": "frequency limit",
            "Reason": (
                "may be chosen once every 4 years: attested in 2020, so not again before 2024"
            ),
        }
    ]
    assert expected == actual


def test_infeasible_plan_carries_its_reasons_as_fields() -> None:
    """An infeasible plan's reasons are fields: the constraint's code, words and a fix."""
    scenario = Scenario(year=2021, exclude={"IA_EPA_1", "IA_BE_4", "IA_PSPA_4"})

    actual = said(plan(scenario, INVENTORY).reasons)

    expected = (
        (
            "reach_40_points",
            "No activity is still allowed, and 40 points are needed",
            "mark fewer activities as can't do",
        ),
    )
    assert expected == actual


def test_what_if_frame_and_chart() -> None:
    """The what-if frame has a row per variant; the chart has each variant's effort."""
    rows = what_if_table(Scenario(year=2021), INVENTORY)

    frame, chart = what_if_frame(rows), what_if_chart(rows)

    assert [r.label for r in rows] == frame["What if"].tolist()
    assert [r.plan.total_effort for r in rows] == chart[EFFORT].tolist()
    assert "as entered" == chart.index[0]


@pytest.mark.parametrize(
    ("clinicians", "small_on", "expected"),
    [
        (None, False, None),
        (16, False, None),
        (6, True, None),
        (
            6,
            False,
            "6 clinicians: 15 or fewer usually means the small-practice status; turn it on "
            "if CMS lists the practice as small",
        ),
    ],
    ids=["unknown", "too-many", "already-on", "suggested"],
)
def test_small_practice_hint(clinicians: int | None, small_on: bool, expected: str | None) -> None:
    """15 or fewer clinicians suggests the small-practice status, unless it is on."""
    assert expected == small_practice_hint(clinicians, small_on, rules_for(2024))


SUBCATEGORIES = make_inventory(
    2021,
    ("IA_EPA_1", "medium", 1.0),
    ("IA_BE_4", "medium", 1.0),
    ("IA_PM_2", "medium", 1.0),
    ("IA_PM_7", "medium", 50.0),
    IA_EPA_1={"subcategory": "Expanded Practice Access"},
    IA_BE_4={"subcategory": "Beneficiary Engagement"},
)


def test_plan_frame_shows_each_activitys_window() -> None:
    """With one activity at a time from March 1, the plan table lists back-to-back windows."""
    scenario = Scenario(
        year=2021,
        include={"IA_EPA_1", "IA_BE_4"},
        target=20,
        start_date=date(2021, 3, 1),
        max_concurrent=1,
    )
    result = plan(scenario, SUBCATEGORIES)

    actual = sorted(plan_frame(result)[[START, END]].itertuples(index=False, name=None))

    expected = [
        (date(2021, 3, 1), date(2021, 5, 29)),
        (date(2021, 5, 30), date(2021, 8, 27)),
    ]
    assert expected == actual


def test_points_by_subcategory_sums_before_the_cap() -> None:
    """Four medium activities of a large practice: 20 points in Population Management,
    10 in each of the other two, largest first."""
    result = plan(Scenario(year=2021), SUBCATEGORIES)
    frame = points_by_subcategory(result)

    expected = [
        ("Population Management", 20),
        ("Beneficiary Engagement", 10),
        ("Expanded Practice Access", 10),
    ]
    assert expected == list(frame[POINTS].items())


def test_points_by_subcategory_is_empty_without_activities() -> None:
    """A medical home plans nothing, so the chart has no bars."""
    result = plan(Scenario(year=2021, pcmh=True), SUBCATEGORIES)

    assert points_by_subcategory(result).empty


def test_timeline_frame_has_one_bar_per_window() -> None:
    """Each scheduled window becomes a row with its first and last day and its length."""
    scenario = Scenario(year=2021, include={"IA_EPA_1"}, target=10, start_date=date(2021, 2, 1))
    result = plan(scenario, SUBCATEGORIES)

    actual = timeline_frame(result).to_dict("records")

    expected = [
        {
            ID: "IA_EPA_1",
            START: pd.Timestamp("2021-02-01"),
            END: pd.Timestamp("2021-05-01"),
            "Days": 90,
        }
    ]
    assert expected == actual


def test_who_does_what_frame_lists_each_clinicians_activities() -> None:
    """Assignments turn into one row per clinician with their activities and a count."""
    result = plan(Scenario(year=2021, pcmh=True), SUBCATEGORIES)
    assigned = replace(
        result, assignments=(Assignment("IA_EPA_1", ("A", "B")), Assignment("IA_BE_4", ("B",)))
    )

    actual = who_does_what_frame(assigned).to_dict("records")

    expected = [
        {"Clinician": "A", "Activities": "IA_EPA_1", "Count": 1, "NPI": "A"},
        {"Clinician": "B", "Activities": "IA_EPA_1, IA_BE_4", "Count": 2, "NPI": "B"},
    ]
    assert expected == actual


ROSTER = (
    Clinician("1234567893", name="Dr Lee", role="physician", cannot=frozenset({"IA_EPA_1"})),
    Clinician("Nurse Kim", name="Nurse Kim", efforts=(("IA_BE_4", 2.5),), max_activities=1),
)


def test_roster_table_round_trips() -> None:
    """The roster shown in the editor reads back to the same clinicians."""
    frame = roster_frame(ROSTER, ["IA_PM_2"])

    assert ROSTER == roster_from_frame(frame)


def test_roster_table_has_a_column_per_activity() -> None:
    """Fixed columns first, the clinician's own statuses, then the planned activities and
    any the roster has hours for."""
    expected = ["NPI", "Name", "Role", "Cannot do", "Max activities"]
    expected += ["Non-patient facing", "Rural", "HPSA", "IA_BE_4", "IA_PM_2"]

    assert expected == list(roster_frame(ROSTER, ["IA_PM_2"]).columns)


@pytest.mark.parametrize(
    "rows",
    [[], [{"NPI": None, "Name": None}], [{"NPI": float("nan"), "Name": ""}]],
    ids=["no-rows", "none-cells", "nan-and-empty"],
)
def test_blank_roster_table_is_no_roster(rows: list[dict[str, object]]) -> None:
    """A table with no filled cell (as the editor returns it) means no roster, not an error."""
    frame = pd.DataFrame(rows, columns=["NPI", "Name"])

    assert () == roster_from_frame(frame)


def test_bad_npi_in_roster_table_names_row_and_column() -> None:
    """A 9-digit NPI is refused with the row and the column."""
    frame = roster_frame(ROSTER)
    frame.loc[1, "NPI"] = "123456789"

    with pytest.raises(PlannerError) as caught:
        roster_from_frame(frame)

    assert "roster table, row 2, column 'NPI': an NPI has 10 digits, got '123456789'" == str(
        caught.value
    )


def test_edits_from_scenario_give_back_the_scenario() -> None:
    """Efforts, must-include and can't-do of a scenario come back through the table edits."""
    scenario = Scenario(
        year=2021,
        efforts=(("IA_EPA_1", 2.0), ("IA_PM_2", 1.0)),
        include={"IA_BE_4"},
        exclude={"IA_PM_7"},
    )
    edits = edits_from_scenario(scenario, SUBCATEGORIES)

    expected = {
        "IA_BE_4": ActivityEdit(must_include=True),
        "IA_EPA_1": ActivityEdit(effort=2.0),
        "IA_PM_7": ActivityEdit(cant_do=True),
    }
    assert expected == edits
    assert scenario.include == apply_edits(Scenario(year=2021), edits, SUBCATEGORIES).include


def test_every_exclusion_code_has_a_label():
    """The why-not table can name every rule that rules an activity out."""
    from optimizer.model import ExclusionCode
    from optimizer.ui.labels import EXCLUSION_LABELS

    assert set(ExclusionCode) == set(EXCLUSION_LABELS)


def test_restore_limits_reports_what_the_app_cannot_show():
    """A restored target or paired count beyond the app's controls is reported, not applied."""
    from optimizer import Scenario
    from optimizer.ui.restore import restore_limits

    scenario = Scenario(year=2025, target=30, min_paired=12)

    assert [
        "at least 12 paired (the app allows up to 10)",
        "a target of 30 points (the app plans for full credit)",
    ] == restore_limits(scenario, max_min_paired=10)


def test_restore_limits_refuses_an_unknown_mvp():
    """A workbook whose MVP the year does not have cannot be restored."""
    from optimizer import Scenario, ScenarioError
    from optimizer.ui.restore import restore_limits

    with pytest.raises(ScenarioError) as info:
        restore_limits(Scenario(year=2023, mvp="M1503"), max_min_paired=10)

    assert "the workbook's MVP M1503 is not in the 2023 MVP list" == str(info.value)
