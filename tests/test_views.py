"""The frames the app renders and the way back from its edited tables."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from optimizer import (
    Attestation,
    PlannerError,
    Scenario,
    SpecialStatus,
    plan,
    what_if_table,
)
from optimizer.views import (
    ALREADY,
    ALREADY_DOING_HOURS,
    EFFORT,
    EXCLUDE,
    HISTORY_ID,
    HISTORY_YEAR,
    ID,
    INCLUDE,
    POINTS,
    ActivityEdit,
    activity_frame,
    apply_edits,
    edits_from_frame,
    filter_activities,
    headline,
    history_frame,
    history_from_frame,
    infeasible_reasons,
    merge_edits,
    plan_frame,
    small_practice_hint,
    what_if_chart,
    what_if_frame,
    why_not_frame,
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

    actual = edits_from_frame(frame, INVENTORY)

    expected = {
        "IA_BE_4": ActivityEdit(must_include=True),
        "IA_PSPA_4": ActivityEdit(effort=1.5),
    }
    assert expected == actual


def test_edits_from_frame_empty_effort_goes_back_to_default() -> None:
    """Clearing an effort cell drops the user's effort."""
    frame = activity_frame(INVENTORY, Scenario(year=2021), {"IA_BE_4": ActivityEdit(effort=1.0)})
    frame.loc[1, EFFORT] = math.nan

    assert {} == edits_from_frame(frame, INVENTORY)


def test_edits_from_frame_refuses_negative_effort() -> None:
    """A negative effort is refused with the row, the ID and the column."""
    frame = activity_frame(INVENTORY, Scenario(year=2021), {})
    frame.loc[1, EFFORT] = -3.0

    with pytest.raises(PlannerError) as raised:
        edits_from_frame(frame, INVENTORY)

    expected = (
        "Activity table, row 2 (IA_BE_4), column 'Effort (h)': must be a number >= 0, got -3.0"
    )
    assert expected == str(raised.value)


def test_merge_edits_replaces_only_rows_on_screen() -> None:
    """Rows hidden by a filter keep their edit; shown rows take what the table shows."""
    saved = {"IA_EPA_1": ActivityEdit(cant_do=True), "IA_BE_4": ActivityEdit(effort=1.0)}

    actual = merge_edits(saved, ["IA_BE_4", "IA_PSPA_4"], {"IA_PSPA_4": ActivityEdit(effort=2.0)})

    expected = {"IA_EPA_1": ActivityEdit(cant_do=True), "IA_PSPA_4": ActivityEdit(effort=2.0)}
    assert expected == actual


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (ActivityEdit(effort=7.0), ((("IA_BE_4", 7.0),), frozenset(), frozenset())),
        (
            ActivityEdit(already_doing=True),
            ((("IA_BE_4", ALREADY_DOING_HOURS),), frozenset(), frozenset()),
        ),
        (
            ActivityEdit(effort=9.0, already_doing=True),
            ((("IA_BE_4", 0.5),), frozenset(), frozenset()),
        ),
        (
            ActivityEdit(effort=0.0, already_doing=True),
            ((("IA_BE_4", 0.0),), frozenset(), frozenset()),
        ),
        (ActivityEdit(must_include=True), ((), frozenset({"IA_BE_4"}), frozenset())),
        (ActivityEdit(cant_do=True), ((), frozenset(), frozenset({"IA_BE_4"}))),
    ],
    ids=[
        "effort",
        "already-doing",
        "already-doing-caps-effort",
        "already-doing-keeps-lower",
        "must-include",
        "cant-do",
    ],
)
def test_apply_edits_sets_scenario_fields(
    edit: ActivityEdit, expected: tuple[object, frozenset[str], frozenset[str]]
) -> None:
    """Each edit becomes the matching Scenario field."""
    scenario = apply_edits(Scenario(year=2021), {"IA_BE_4": edit}, INVENTORY)

    assert expected == (scenario.efforts, scenario.include, scenario.exclude)


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
            "(like IA_EPA_1)",
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
    assert expected == (row[ID], row[POINTS], row[EFFORT], row["Start 90 days by"])


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


def test_infeasible_reasons_strip_the_prefix() -> None:
    """The reasons of an infeasible plan read without the 'No plan:' prefix."""
    scenario = Scenario(year=2021, exclude={"IA_EPA_1", "IA_BE_4", "IA_PSPA_4"})

    actual = infeasible_reasons(plan(scenario, INVENTORY))

    expected = (
        "reach_40_points: all 0 activities still allowed earn 0 points, 40 are needed; "
        "allow more activities (fewer exclusions, no pairing requirement) or lower the target",
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
    assert expected == small_practice_hint(clinicians, small_on)
