"""The Excel workbook for groups: the Roster sheet, who does what, the schedule's
dates, and export then import giving back the roster and the schedule limits."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer import plan
from optimizer.cli.mips_ia import main
from optimizer.errors import ScenarioError, TableFormatError
from optimizer.exports.workbook_layout import DATA_SHEET, PLAN_HEADERS, ROSTER_SHEET, SHEETS
from optimizer.exports.workbook_read import read_workbook
from optimizer.exports.workbook_write import write_workbook
from optimizer.model import Clinician, Plan, Reporting, Scenario
from optimizer.sources.bundled import bundled_inventory

LEE = Clinician(
    "1234567893",
    "Dr Lee",
    "physician",
    cannot=frozenset({"IA_PM_4", "IA_BE_6"}),
    efforts={"IA_EPA_1": 3.5},
    max_activities=2,
)
KIM = Clinician("Dr Kim", "Dr Kim", "nurse practitioner")
ORTIZ = Clinician("1245319599", "Dr Ortiz", "physician", max_activities=1)
ROE = Clinician("Sam Roe", "Sam Roe", "physician assistant", efforts={"IA_EPA_1": 1.0})
GROUP = Scenario(
    year=2024,
    reporting=Reporting.GROUP,
    roster=(LEE, KIM, ORTIZ, ROE),
    start_date=date(2024, 3, 1),
    max_concurrent=1,
)


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _save(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def _plan_sheet(book: openpyxl.Workbook) -> list[dict[str, object]]:
    header, *rows = _rows(book["Plan"])
    return [dict(zip(header, row, strict=True)) for row in rows]


def _day(value: object) -> date:
    """A date cell as read back (openpyxl gives datetimes)."""
    assert isinstance(value, datetime)
    return value.date()


def _summary(book: openpyxl.Workbook) -> dict[object, object]:
    return {row[0]: row[1] for row in _rows(book["Summary"])[1:]}


@pytest.fixture(scope="module")
def group_plan() -> tuple[Plan, bytes]:
    result = plan(GROUP)
    return result, write_workbook(result, GROUP, what_if=())


def test_roster_sheet_a_person_sees(group_plan: tuple[Plan, bytes]) -> None:
    """One row per clinician under the roster's columns, caps and hours as numbers."""
    book = _open(group_plan[1])

    assert [
        ("NPI", "Name", "Role", "Cannot do", "Max activities", "IA_EPA_1"),
        ("1234567893", "Dr Lee", "physician", "IA_BE_6, IA_PM_4", 2, 3.5),
        (None, "Dr Kim", "nurse practitioner", None, None, None),
        ("1245319599", "Dr Ortiz", "physician", None, 1, None),
        (None, "Sam Roe", "physician assistant", None, None, 1),
    ] == _rows(book[ROSTER_SHEET])


def test_roster_sheet_is_a_filtered_table_before_the_hidden_data(
    group_plan: tuple[Plan, bytes],
) -> None:
    """The Roster sheet comes last of the visible sheets, as an Excel table with filters."""
    book = _open(group_plan[1])
    ws = book[ROSTER_SHEET]
    (table,) = ws.tables.values()

    assert [*SHEETS[:-1], ROSTER_SHEET, DATA_SHEET] == book.sheetnames
    assert ("A1:F5", "A2", True) == (table.ref, ws.freeze_panes, table.autoFilter is not None)
    assert all(c.font.b for c in ws[1])


def test_no_roster_no_roster_sheet() -> None:
    """A group without a roster gets the usual sheets only."""
    scenario = Scenario(year=2024, reporting=Reporting.GROUP, clinicians=4)

    assert list(SHEETS) == _open(write_workbook(plan(scenario), scenario, what_if=())).sheetnames


def test_plan_sheet_dates_are_the_plan_schedule(group_plan: tuple[Plan, bytes]) -> None:
    """Start and End of each activity are the plan's scheduled window, real dates."""
    result, data = group_plan
    rows = _plan_sheet(_open(data))
    windows = {w.activity: (w.start, w.end) for w in result.schedule}

    assert 2 == len(windows)
    assert windows == {r["Activity ID"]: (_day(r["Start"]), _day(r["End"])) for r in rows}
    assert {date(2024, 10, 3)} == {_day(r["Start by"]) for r in rows}


def test_plan_sheet_says_who_does_each_activity(group_plan: tuple[Plan, bytes]) -> None:
    """The Clinicians column gives the count and the labels of the assigned clinicians."""
    result, data = group_plan
    labels = {c.id: c.label for c in GROUP.roster}
    expected = {
        a.activity: f"{len(a.clinicians)}: " + "; ".join(labels[c] for c in a.clinicians)
        for a in result.assignments
    }

    assert "Clinicians" == PLAN_HEADERS[PLAN_HEADERS.index("Clinicians needed") + 1]
    assert expected == {r["Activity ID"]: r["Clinicians"] for r in _plan_sheet(_open(data))}
    assert all(text.startswith("2: ") for text in expected.values())


def test_clinicians_column_is_empty_without_a_roster() -> None:
    """An individual plan has no assignments, so no one is named."""
    scenario = Scenario(year=2024)
    rows = _plan_sheet(_open(write_workbook(plan(scenario), scenario, what_if=())))

    assert {None} == {r["Clinicians"] for r in rows}


def test_summary_gives_the_group_rule_and_the_limits(group_plan: tuple[Plan, bytes]) -> None:
    """The group rule with the count, the roster size, the start date and the at-once limit."""
    summary = _summary(_open(group_plan[1]))

    assert (
        "at least 50% of the group's clinicians must carry out each activity: 2 of 4",
        4,
        date(2024, 3, 1),
        1,
    ) == (
        summary["Group rule"],
        summary["Clinicians on the roster"],
        _day(summary["Activities start on or after"]),
        summary["Most activities at once"],
    )
    assert "Most activities per clinician" not in summary


def test_summary_of_a_group_without_roster_and_with_a_cap() -> None:
    """Without a roster the rule counts the clinicians given; the cap is listed."""
    scenario = Scenario(year=2019, reporting=Reporting.GROUP, clinicians=5, max_per_clinician=2)
    summary = _summary(_open(write_workbook(plan(scenario), scenario, what_if=())))

    assert (
        "at least one clinician of the group must carry out each activity: 1 of 5",
        2,
    ) == (summary["Group rule"], summary["Most activities per clinician"])
    assert "Clinicians on the roster" not in summary
    assert "Activities start on or after" not in summary


def test_individual_summary_has_no_group_lines() -> None:
    """Nothing about groups or schedules where none applies."""
    scenario = Scenario(year=2024)
    summary = _summary(_open(write_workbook(plan(scenario), scenario, what_if=())))

    assert not {"Group rule", "Most activities at once"} & set(summary)


def test_round_trip_gives_back_the_roster_and_limits(group_plan: tuple[Plan, bytes]) -> None:
    """Export then import gives back the same scenario, roster and limits included."""
    assert GROUP == read_workbook(group_plan[1]).scenario


def test_roster_edited_by_hand_becomes_the_roster(group_plan: tuple[Plan, bytes]) -> None:
    """A 'cannot do' typed into the Roster sheet comes back in the scenario."""
    book = _open(group_plan[1])
    book[ROSTER_SHEET].cell(row=3, column=4).value = "IA_EPA_5"
    restored = read_workbook(_save(book)).scenario

    assert frozenset({"IA_EPA_5"}) == restored.roster[1].cannot
    assert GROUP.roster[0] == restored.roster[0]


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (
            3,
            1,
            "12345",
            "plan.xlsx, sheet 'Roster', row 3, column 'NPI': an NPI has 10 digits, got '12345'",
        ),
        (
            4,
            5,
            "two",
            "plan.xlsx, sheet 'Roster', row 4, column 'Max activities': "
            "must be a whole number of activities >= 0, got 'two'",
        ),
        (
            2,
            6,
            "lots",
            "plan.xlsx, sheet 'Roster', row 2, column 'IA_EPA_1': "
            "must be a number of hours >= 0, got 'lots'",
        ),
        (
            5,
            4,
            "EPA 1",
            "plan.xlsx, sheet 'Roster', row 5, column 'Cannot do': "
            "'EPA 1' is not an activity ID (IDs look like IA_EPA_1)",
        ),
        (
            3,
            2,
            "Sam Roe",
            "plan.xlsx, sheet 'Roster', row 5, column 'Name': Sam Roe is already on row 3",
        ),
    ],
    ids=["npi", "cap", "hours", "cannot", "twice"],
)
def test_hand_broken_roster_cell_is_a_clear_error(
    group_plan: tuple[Plan, bytes], row: int, column: int, value: str, message: str
) -> None:
    """A roster cell broken by hand is refused with the sheet, row, column and value."""
    book = _open(group_plan[1])
    book[ROSTER_SHEET].cell(row=row, column=column).value = value
    with pytest.raises(TableFormatError) as caught:
        read_workbook(_save(book), "plan.xlsx")

    assert message == str(caught.value)


def test_roster_sheet_without_its_key_columns_is_a_clear_error(
    group_plan: tuple[Plan, bytes],
) -> None:
    """Renaming both the NPI and the Name column is refused by name."""
    book = _open(group_plan[1])
    book[ROSTER_SHEET].cell(row=1, column=1).value = "Number"
    book[ROSTER_SHEET].cell(row=1, column=2).value = "Person"
    with pytest.raises(TableFormatError) as caught:
        read_workbook(_save(book), "plan.xlsx")

    assert "plan.xlsx, sheet 'Roster': the 'NPI' or 'Name' column is missing" == str(caught.value)


def test_roster_grown_past_the_clinician_count_is_a_clear_error() -> None:
    """A clinician added by hand beyond the group's stated size names the sheet."""
    scenario = Scenario(year=2024, reporting=Reporting.GROUP, clinicians=2, roster=(KIM, ROE))
    book = _open(write_workbook(plan(scenario), scenario, what_if=()))
    book[ROSTER_SHEET].cell(row=4, column=2).value = "Dr New"
    with pytest.raises(ScenarioError) as caught:
        read_workbook(_save(book), "plan.xlsx")

    assert (
        "plan.xlsx, sheet 'Roster': 'clinicians' (2) is smaller than the roster (3 clinicians)"
        == str(caught.value)
    )


def test_owner_notes_carry_over_in_a_group_workbook(group_plan: tuple[Plan, bytes]) -> None:
    """Owner and Evidence kept still come back beside the new Clinicians column."""
    result, data = group_plan
    book = _open(data)
    ws = book["Plan"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("Owner") + 1).value = "Dr Kim"
    activity_id = ws.cell(row=2, column=1).value
    again = _open(write_workbook(result, GROUP, what_if=(), previous=_save(book)))

    assert ("Dr Kim", None) == next(
        (r["Owner"], r["Evidence kept"])
        for r in _plan_sheet(again)
        if r["Activity ID"] == activity_id
    )


NAMES = ("Dr Lee", "Dr Kim", "Dr Ortiz", "Sam Roe", "A. Patel", "Jo")
NPIS = ("1234567893", "1245319599", "1003000126", "1144221847", "1669475711", "1932102084")


@st.composite
def group_scenarios(draw: st.DrawFn) -> Scenario:
    """Group scenarios with a small roster, caps, own efforts, a start date and a limit."""
    year = draw(st.integers(2018, 2026))
    ids = sorted(bundled_inventory(year).ids)
    size = draw(st.integers(2, 6))
    clinicians = []
    for index in range(size):
        by_npi = draw(st.booleans())
        name = NAMES[index]
        clinicians.append(
            Clinician(
                id=NPIS[index] if by_npi else name,
                name=draw(st.sampled_from([name, ""])) if by_npi else name,
                role=draw(st.sampled_from(["", "physician", "nurse practitioner"])),
                cannot=draw(st.frozensets(st.sampled_from(ids), max_size=3)),
                efforts=draw(
                    st.dictionaries(
                        st.sampled_from(ids),
                        st.floats(0, 40, allow_nan=False).map(lambda h: round(h, 2)),
                        max_size=2,
                    )
                ),
                max_activities=draw(st.none() | st.integers(0, 3)),
            )
        )
    start = draw(st.none() | st.integers(0, 364).map(lambda d: date(year, 1, 1) + timedelta(d)))
    return Scenario(
        year=year,
        reporting=draw(st.sampled_from([Reporting.GROUP, Reporting.VIRTUAL_GROUP])),
        clinicians=draw(st.none() | st.integers(size, 12)),
        roster=tuple(clinicians),
        max_per_clinician=draw(st.none() | st.integers(1, 4)),
        start_date=start,
        max_concurrent=draw(st.none() | st.integers(1, 4)),
        efforts=draw(
            st.dictionaries(st.sampled_from(ids), st.sampled_from([0.5, 2.0, 12.0]), max_size=2)
        ),
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group_scenarios())
def test_group_round_trip_gives_back_the_scenario_and_the_plan(scenario: Scenario) -> None:
    """scenario with a roster -> workbook -> scenario is the identity, the plan the same."""
    original = plan(scenario)
    restored = read_workbook(write_workbook(original, scenario, what_if=()))

    assert scenario == restored.scenario
    assert original == plan(restored.scenario, restored.inventory, pairings=restored.pairings)


def test_cli_writes_the_roster_into_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    """mips-ia plan --reporting group --roster R.csv --excel keeps the roster and the dates."""
    clock(date(2021, 1, 4))  # plans of 2021 on are not late yet
    roster = tmp_path / "R.csv"
    roster.write_text(
        "NPI,Name,Role,Cannot do,Max activities,IA_EPA_1\n"
        '1234567893,Dr Lee,physician,"IA_PM_4, IA_BE_6",2,3.5\n'
        ",Dr Kim,nurse practitioner,,,\n"
        "1245319599,Dr Ortiz,physician,,1,\n"
        ",Sam Roe,physician assistant,,,1\n"
    )
    out = tmp_path / "out.xlsx"
    argv = ["plan", "--year", "2024", "--reporting", "group", "--roster", str(roster)]
    argv += ["--start-date", "2024-03-01", "--max-concurrent", "1", "--excel", str(out)]

    assert 0 == main(argv)
    assert GROUP == read_workbook(out.read_bytes()).scenario
    result = plan(GROUP)
    rows = _plan_sheet(_open(out.read_bytes()))
    assert [(w.activity, w.start, w.end) for w in result.schedule] == sorted(
        (r["Activity ID"], _day(r["Start"]), _day(r["End"])) for r in rows
    )


def test_restored_group_workbook_plans_again_from_the_cli(
    tmp_path: Path, group_plan: tuple[Plan, bytes], capsys: pytest.CaptureFixture[str], clock
) -> None:
    """--from-workbook brings the roster back, so the new export has it too."""
    clock(date(2021, 1, 4))  # plans of 2021 on are not late yet

    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(group_plan[1])

    assert 0 == main(["plan", "--from-workbook", str(first), "--excel", str(second)])
    assert GROUP == read_workbook(second.read_bytes()).scenario
