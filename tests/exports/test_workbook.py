"""The Excel workbook: what a person sees, and export then import giving back the same."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer import plan, what_if_table
from optimizer.cli.mips_ia import main
from optimizer.errors import InputFileError, TableFormatError
from optimizer.exports.workbook_layout import (
    ACTIVITY_HEADERS,
    DATA_SHEET,
    PLAN_HEADERS,
    SHEETS,
    WHAT_IF_HEADERS,
    PlanNote,
)
from optimizer.exports.workbook_read import read_workbook
from optimizer.exports.workbook_write import write_workbook
from optimizer.model import Activity, Attestation, Inventory, Reporting, Scenario, SpecialStatus
from optimizer.sources.bundled import bundled_inventory
from tests.conftest import make_inventory


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _header(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [c.value for c in ws[1]]


def _column(ws: openpyxl.worksheet.worksheet.Worksheet, header: str) -> int:
    return _header(ws).index(header) + 1


def _export(scenario: Scenario, inventory: Inventory | None = None, **kw: object) -> bytes:
    what_if = kw.pop("what_if", None)
    if what_if is None:
        what_if = what_if_table(scenario, inventory)
    return write_workbook(plan(scenario, inventory), scenario, inventory, what_if=what_if, **kw)  # type: ignore[arg-type]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Random valid scenarios over the bundled years and their activity IDs."""
    year = draw(st.integers(2017, 2026))
    ids = sorted(bundled_inventory(year).ids)
    some = st.frozensets(st.sampled_from(ids), max_size=2)
    include = draw(some)
    reporting = draw(
        st.sampled_from([r for r in Reporting if year >= 2018 or r is not Reporting.VIRTUAL_GROUP])
    )
    return Scenario(
        year=year,
        statuses=draw(st.frozensets(st.sampled_from(list(SpecialStatus)))),
        apm=draw(st.booleans()),
        app=year >= 2021 and draw(st.booleans()),
        pcmh=draw(st.booleans()),
        reporting=reporting,
        clinicians=draw(st.none() | st.integers(1, 200)),
        history=tuple(
            draw(
                st.lists(
                    st.builds(Attestation, st.sampled_from(ids), st.integers(2017, year)),
                    max_size=3,
                )
            )
        ),
        efforts=draw(
            st.dictionaries(
                st.sampled_from(ids),
                st.floats(0, 200, allow_nan=False).map(lambda h: round(h, 2)),
                max_size=4,
            )
        ),
        quality=draw(st.frozensets(st.sampled_from(["001", "112", "236", "134"]), max_size=2)),
        require_pairing=draw(st.booleans()),
        min_paired=draw(st.integers(0, 1)),
        include=include,
        exclude=draw(some) - include,
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_round_trip_gives_back_the_scenario_and_the_plan(scenario: Scenario) -> None:
    """scenario -> workbook -> scenario is the identity, and the plan is the same."""
    original = plan(scenario)
    restored = read_workbook(write_workbook(original, scenario, what_if=()))

    assert scenario == restored.scenario
    assert original == plan(restored.scenario, restored.inventory, pairings=restored.pairings)
    assert original.activity_ids == restored.plan_ids


def test_custom_inventory_and_pairings_travel_in_the_workbook() -> None:
    """An inventory that is not bundled, and custom pairings, are stored and restored."""
    inventory = make_inventory(
        2021,
        ("IA_PM_4", "high", 3.0),
        ("IA_EPA_1", "medium", 1.0),
        ("IA_BE_6", "medium", 1.5),
        IA_EPA_1={"description": "A long text, with\nlines", "frequency_years": 4},
    )
    pairings = {"IA_PM_4": frozenset({"001"}), "IA_BE_6": frozenset({"001", "236"})}
    scenario = Scenario(year=2021, quality=frozenset({"001"}), require_pairing=True)
    original = plan(scenario, inventory, pairings=pairings)
    data = write_workbook(original, scenario, inventory, pairings=pairings, what_if=())
    restored = read_workbook(data)

    assert inventory == restored.inventory
    assert pairings == restored.pairings
    assert original == plan(restored.scenario, restored.inventory, pairings=restored.pairings)


def test_sheets_and_headers_a_person_sees() -> None:
    """Five visible sheets with their header rows; the data sheet is hidden."""
    book = _open(_export(Scenario(year=2025)))

    assert list(SHEETS) == book.sheetnames
    assert list(PLAN_HEADERS) == _header(book["Plan"])
    assert ["Item", "Value"] == _header(book["Summary"])
    assert list(WHAT_IF_HEADERS) == _header(book["What-if"])
    assert list(ACTIVITY_HEADERS) == _header(book["Activities"])
    assert ["Activity ID", "Performance year", "Source"] == _header(book["History"])
    assert ["Owner", "Evidence kept"] == _header(book["Plan"])[-2:]
    assert [s for s in SHEETS if s != DATA_SHEET] == [
        ws.title for ws in book.worksheets if ws.sheet_state == "visible"
    ]


def test_sheets_look_made_by_a_person() -> None:
    """Bold frozen headers, an Excel table with filters, widths set, long text wrapped."""
    book = _open(_export(Scenario(year=2024, statuses=frozenset({SpecialStatus.RURAL}))))
    for ws in book.worksheets:
        (table,) = ws.tables.values()

        assert "A2" == ws.freeze_panes
        assert all(c.font.b for c in ws[1])
        assert table.ref.startswith("A1:")
        assert table.autoFilter is not None
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1])
    activities = book["Activities"]
    reason = _column(activities, "Reason not eligible")
    assert activities.cell(row=2, column=reason).alignment.wrap_text


def test_numbers_are_numbers_and_dates_are_dates() -> None:
    """Points and hours are numbers; the window and the deadlines are real dates."""
    scenario = Scenario(year=2021, statuses=frozenset({SpecialStatus.SMALL_PRACTICE}))
    book = _open(_export(scenario))
    ws = book["Plan"]
    row = {h: ws.cell(row=2, column=i).value for i, h in enumerate(PLAN_HEADERS, start=1)}
    summary = {r[0].value: r[1].value for r in book["Summary"].iter_rows(min_row=2)}

    assert isinstance(row["Points"], int)
    assert isinstance(row["Effort (h)"], float)
    assert date(2021, 10, 3) == row["Start by"].date()
    assert (row["End"] - row["Start"]).days == 89
    assert 15 == summary["Contribution to the final score (points)"]
    assert date(2022, 3, 31) == summary["Submission window closes"].date()
    assert summary["Documentation"].endswith(
        "may ask for it for 6 years after submitting and encourages keeping it for 10"
    )


def test_history_sheet_lists_past_attestations_and_this_plan() -> None:
    """Past attestations, then this plan's activities for its year."""
    scenario = Scenario(year=2024, history=(Attestation("IA_PSPA_4", 2021),))
    result = plan(scenario)
    book = _open(write_workbook(result, scenario, what_if=()))
    rows = [tuple(c.value for c in r) for r in book["History"].iter_rows(min_row=2)]

    assert [("IA_PSPA_4", 2021, "attested")] + [
        (i, 2024, "this plan") for i in result.activity_ids
    ] == rows


@pytest.mark.parametrize(
    "text", ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd"], ids=["eq", "plus", "minus", "at"]
)
def test_text_that_looks_like_a_formula_stays_text(text: str) -> None:
    """Titles and notes starting with = + - @ are stored as text, never as formulas."""
    inventory = make_inventory(2021, ("IA_PM_4", "high", 1.0), IA_PM_4={"title": text})
    scenario = Scenario(year=2021, statuses=frozenset({SpecialStatus.RURAL}))
    first = _open(_export(scenario, inventory, what_if=()))
    first["Plan"].cell(row=2, column=_column(first["Plan"], "Owner")).value = text
    edited = io.BytesIO()
    first.save(edited)
    book = _open(_export(scenario, inventory, what_if=(), previous=edited.getvalue()))
    ws = book["Plan"]
    title = ws.cell(row=2, column=_column(ws, "Title"))
    owner = ws.cell(row=2, column=_column(ws, "Owner"))

    assert (text, "s", True) == (title.value, title.data_type, title.quotePrefix)
    assert (text, "s") == (owner.value, owner.data_type)


def test_owner_and_evidence_edits_carry_over() -> None:
    """Owner and Evidence kept typed in an earlier export survive the next one."""
    scenario = Scenario(year=2025)
    first = _open(_export(scenario, what_if=()))
    ws = first["Plan"]
    ws.cell(row=2, column=_column(ws, "Owner")).value = "Dr Lee"
    ws.cell(row=2, column=_column(ws, "Evidence kept")).value = "binder 3, shelf B"
    activity_id = ws.cell(row=2, column=1).value
    edited = io.BytesIO()
    first.save(edited)
    book = _open(_export(scenario, what_if=(), previous=edited.getvalue()))
    row = [c.value for c in book["Plan"][2]]

    assert [activity_id, "Dr Lee", "binder 3, shelf B"] == [row[0], row[-2], row[-1]]
    assert "Dr Lee" == read_workbook(edited.getvalue()).note_for(activity_id).owner


def test_effort_edited_in_the_activities_sheet_becomes_yours() -> None:
    """A changed effort in the Activities sheet comes back as the practice's own."""
    scenario = Scenario(year=2025)
    book = _open(_export(scenario, what_if=()))
    ws = book["Activities"]
    ws.cell(row=3, column=_column(ws, "Effort (h)")).value = 0.5
    activity_id = ws.cell(row=3, column=1).value
    edited = io.BytesIO()
    book.save(edited)

    assert {activity_id: 0.5} == read_workbook(edited.getvalue()).scenario.effort_overrides


def test_missing_data_sheet_is_a_clear_error() -> None:
    """A workbook without its data sheet names the sheet and what to do."""
    book = _open(_export(Scenario(year=2025), what_if=()))
    del book[DATA_SHEET]
    broken = io.BytesIO()
    book.save(broken)
    with pytest.raises(InputFileError) as caught:
        read_workbook(broken.getvalue(), "plan.xlsx")

    assert (
        "plan.xlsx has no 'IA Planner data' sheet, so its scenario cannot be restored: "
        "use a workbook exported by IA Planner (mips-ia plan --excel)"
    ) == str(caught.value)


@pytest.mark.parametrize(
    ("sheet", "key", "value", "message"),
    [
        (
            "Activities",
            "Effort (h)",
            "lots",
            "plan.xlsx, sheet 'Activities', row 2, column 'Effort (h)': "
            "must be a number of hours >= 0, got 'lots'",
        ),
        (
            DATA_SHEET,
            "year",
            "twenty",
            "plan.xlsx, sheet 'IA Planner data', row 4, column 'Value': "
            "'year' must be a whole number, got 'twenty'",
        ),
        (
            DATA_SHEET,
            "statuses",
            '["urban"]',
            "plan.xlsx, sheet 'IA Planner data', row 5, column 'Value': 'statuses[0]' must "
            "be one of small-practice, rural, hpsa, non-patient-facing, got 'urban'",
        ),
    ],
    ids=["effort", "year", "status"],
)
def test_hand_broken_cell_is_a_clear_error(sheet: str, key: str, value: str, message: str) -> None:
    """A cell broken by hand is refused with the sheet, row, column and value."""
    book = _open(_export(Scenario(year=2025), what_if=()))
    ws = book[sheet]
    if sheet == DATA_SHEET:
        row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == key)
        ws.cell(row=row, column=3).value = value
    else:
        ws.cell(row=2, column=_column(ws, key)).value = value
    broken = io.BytesIO()
    book.save(broken)
    with pytest.raises(TableFormatError) as caught:
        read_workbook(broken.getvalue(), "plan.xlsx")

    assert message == str(caught.value)


def test_not_a_workbook_is_a_clear_error() -> None:
    """Bytes that are no .xlsx file are refused by name."""
    with pytest.raises(InputFileError) as caught:
        read_workbook(b"Activity ID,Effort\n", "plan.csv")

    assert "plan.csv cannot be opened as an Excel workbook (.xlsx)" == str(caught.value)


def test_activity_from_inventory_needs_no_description_in_the_plan_sheets() -> None:
    """The data sheet keeps every Activity field, descriptions included."""
    activity = Activity("IA_PM_4", "Glycemic", weight=None, description="x" * 5000)
    inventory = Inventory(2025, (activity,), source="mine.csv")
    scenario = Scenario(year=2025, statuses=frozenset({SpecialStatus.RURAL}))

    assert inventory == read_workbook(_export(scenario, inventory, what_if=())).inventory


def test_cli_writes_and_reads_back_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock
) -> None:
    """mips-ia plan --excel, then --from-workbook with an override, then --qpp-json."""
    clock(date(2021, 1, 4))  # plans of 2021 on are not late yet
    first, second, submission = tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "q.json"
    assert 0 == main(["plan", "--year", "2021", "--status", "rural", "--excel", str(first)])
    restored = read_workbook(first.read_bytes())
    assert Scenario(year=2021, statuses=frozenset({SpecialStatus.RURAL})) == restored.scenario

    argv = ["plan", "--from-workbook", str(first), "--status", "hpsa", "--excel", str(second)]
    argv += ["--qpp-json", str(submission), "--tin", "000123456", "--npi", "1234567893"]
    assert 0 == main(argv)
    overridden = read_workbook(second.read_bytes()).scenario
    assert Scenario(year=2021, statuses=frozenset({SpecialStatus.HPSA})) == overridden
    assert b'"performanceYear": 2021' in submission.read_bytes()


def test_cli_refuses_a_bad_tin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A TIN that is not 9 digits is a bad-input exit with the message."""

    code = main(["plan", "--year", "2025", "--qpp-json", str(tmp_path / "q.json"), "--tin", "12"])

    assert 2 == code
    assert (
        "mips-ia: error: The TIN (taxpayer identification number) must be 9 digits, got '12'\n"
        == capsys.readouterr().err
    )


# ---------------------------------------------------------------- notes never lost (issue 4)

RURAL_2025 = Scenario(year=2025, statuses=frozenset({SpecialStatus.RURAL}))
"""A scenario where one activity gives full credit, so the plan is the cheapest one."""
THREE = make_inventory(2025, ("IA_A_1", None, 1.0), ("IA_B_1", None, 2.0), ("IA_C_1", None, 3.0))


def _noted(data: bytes, notes: dict[str, tuple[str, str]]) -> bytes:
    """The workbook with Owner and Evidence kept typed into the Plan rows of ``notes``."""
    book = _open(data)
    ws = book["Plan"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in notes:
            owner, evidence = notes[row[0].value]
            ws.cell(row=row[0].row, column=_column(ws, "Owner")).value = owner
            ws.cell(row=row[0].row, column=_column(ws, "Evidence kept")).value = evidence
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(data: bytes, sheet: str) -> list[tuple[object, ...]]:
    book = _open(data)
    if sheet not in book.sheetnames:
        return []
    return [tuple(c.value for c in r) for r in book[sheet].iter_rows(min_row=2)]


def _again(scenario: Scenario, previous: bytes) -> bytes:
    return _export(scenario, THREE, what_if=(), previous=previous)


def test_notes_of_an_activity_dropped_from_the_plan_go_to_earlier_notes() -> None:
    """Excluding a noted activity moves its notes to the Earlier notes sheet, said in Summary."""
    first = _noted(_export(RURAL_2025, THREE, what_if=()), {"IA_A_1": ("Dr Lee", "binder 3")})
    second = _again(replace(RURAL_2025, exclude=frozenset({"IA_A_1"})), first)
    summary = {r[0]: r[1] for r in _rows(second, "Summary")}

    assert [("IA_A_1", 2025, "Dr Lee", "binder 3", "Not in this plan")] == _rows(
        second, "Earlier notes"
    )
    assert ["IA_B_1"] == [r[0] for r in _rows(second, "Plan")]
    assert (
        "Owner and Evidence kept of activities not in this plan: 1 row on that sheet"
        == summary["Earlier notes"]
    )
    assert ["Plan", "Summary", "What-if", "Activities", "History", "Earlier notes"] == [
        ws.title for ws in _open(second).worksheets if ws.sheet_state == "visible"
    ]


def test_earlier_notes_survive_further_round_trips_and_come_back_when_planned() -> None:
    """Earlier notes are read back, kept by the next export, and rejoin their Plan row."""
    first = _noted(_export(RURAL_2025, THREE, what_if=()), {"IA_A_1": ("Dr Lee", "binder 3")})
    without_a = replace(RURAL_2025, exclude=frozenset({"IA_A_1"}))
    second = _noted(_again(without_a, first), {"IA_B_1": ("Sam", "")})
    third = _again(replace(without_a, exclude=frozenset({"IA_A_1", "IA_B_1"})), second)
    back = _again(RURAL_2025, third)

    assert (PlanNote("IA_A_1", "Dr Lee", "binder 3", 2025),) == read_workbook(second).notes[1:]
    assert [
        ("IA_A_1", 2025, "Dr Lee", "binder 3", "Not in this plan"),
        ("IA_B_1", 2025, "Sam", None, "Not in this plan"),
    ] == _rows(third, "Earlier notes")
    assert [("IA_A_1", "Dr Lee", "binder 3")] == [(r[0], r[-2], r[-1]) for r in _rows(back, "Plan")]
    assert [("IA_B_1", 2025, "Sam", None, "Not in this plan")] == _rows(back, "Earlier notes")


def test_notes_of_another_year_are_kept_but_not_attached() -> None:
    """A 2024 workbook's notes stay in Earlier notes of a 2025 plan, even for the same ID."""
    rural_2024 = replace(RURAL_2025, year=2024)
    old = make_inventory(2024, ("IA_A_1", "high", 1.0))
    first = _noted(_export(rural_2024, old, what_if=()), {"IA_A_1": ("Dr Lee", "binder 3")})
    second = _again(RURAL_2025, first)

    assert [("IA_A_1", None, None)] == [(r[0], r[-2], r[-1]) for r in _rows(second, "Plan")]
    assert [("IA_A_1", 2024, "Dr Lee", "binder 3", "Written for the 2024 plan")] == _rows(
        second, "Earlier notes"
    )
    assert read_workbook(second).note_for("IA_A_1") is None


@pytest.mark.parametrize(
    ("deleted", "expected"),
    [
        (("Owner",), (PlanNote("IA_A_1", "", "binder 3", 2025),)),
        (("Evidence kept",), (PlanNote("IA_A_1", "Dr Lee", "", 2025),)),
        (("Owner", "Evidence kept"), ()),
    ],
    ids=["owner", "evidence", "both"],
)
def test_deleted_note_columns_still_restore(
    deleted: tuple[str, ...], expected: tuple[PlanNote, ...]
) -> None:
    """Deleting the Owner or Evidence kept column by hand leaves a workbook that restores."""
    book = _open(_noted(_export(RURAL_2025, THREE, what_if=()), {"IA_A_1": ("Dr Lee", "binder 3")}))
    ws = book["Plan"]
    for header in deleted:
        ws.delete_cols(_column(ws, header))
    edited = io.BytesIO()
    book.save(edited)
    restored = read_workbook(edited.getvalue())

    assert (RURAL_2025, expected) == (restored.scenario, restored.notes)


def test_plan_sheet_notes_without_their_ids_are_a_clear_error() -> None:
    """Owner entries left without the Activity ID column cannot be placed, so are refused."""
    book = _open(_noted(_export(RURAL_2025, THREE, what_if=()), {"IA_A_1": ("Dr Lee", "")}))
    book["Plan"].delete_cols(1)
    broken = io.BytesIO()
    book.save(broken)
    with pytest.raises(TableFormatError) as caught:
        read_workbook(broken.getvalue(), "plan.xlsx")

    assert "plan.xlsx, sheet 'Plan': the 'Activity ID' column is missing" == str(caught.value)


def test_earlier_note_with_a_bad_year_is_a_clear_error() -> None:
    """A performance year typed over in Earlier notes is refused with row, column and value."""
    first = _noted(_export(RURAL_2025, THREE, what_if=()), {"IA_A_1": ("Dr Lee", "binder 3")})
    book = _open(_again(replace(RURAL_2025, exclude=frozenset({"IA_A_1"})), first))
    ws = book["Earlier notes"]
    ws.cell(row=2, column=_column(ws, "Performance year")).value = "last year"
    broken = io.BytesIO()
    book.save(broken)
    with pytest.raises(TableFormatError) as caught:
        read_workbook(broken.getvalue(), "plan.xlsx")

    assert (
        "plan.xlsx, sheet 'Earlier notes', row 2, column 'Performance year': "
        "must be a performance year such as 2025, got 'last year'"
    ) == str(caught.value)
