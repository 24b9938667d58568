"""Reading a group's roster from CSV, xlsx and the app's table, with errors that
name the row and column."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer import (
    Clinician,
    Reporting,
    Scenario,
    ScenarioError,
    SpecialStatus,
    TableFormatError,
    read_roster,
    roster_from_records,
    roster_records,
    write_roster_csv,
)
from optimizer.sources.field_values import npi_check_digit
from optimizer.sources.roster import interchangeable_roster

ROSTER_CSV = b"""NPI,Name,Role,Cannot do,Max activities,IA_BMH_7,IA_EPA_1
1234567893,Dr Lee,physician,"IA_EPA_1, ia_pm_2",2,3.5,
1245319599,Nurse Ray,nurse,,,,1
"""


def test_reads_every_column_of_a_csv_roster():
    """NPI, name, role, 'cannot do' list, cap and per-activity hours come through."""
    expected = (
        Clinician(
            id="1234567893",
            name="Dr Lee",
            role="physician",
            cannot=frozenset({"IA_EPA_1", "IA_PM_2"}),
            efforts=(("IA_BMH_7", 3.5),),
            max_activities=2,
        ),
        Clinician(id="1245319599", name="Nurse Ray", role="nurse", efforts=(("IA_EPA_1", 1.0),)),
    )

    actual = read_roster(ROSTER_CSV, "roster.csv")

    assert expected == actual


def test_reads_an_xlsx_roster_below_a_title():
    """An Excel roster with a title row above the header reads like the CSV."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Group roster 2021"])
    sheet.append(["Clinician", "Specialty", "Cannot"])
    sheet.append(["Dr Lee", "cardiology", "IA_BMH_7"])
    sheet.append([None, None, None])
    sheet.append(["Dr Kim", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    expected = (
        Clinician(id="Dr Lee", name="Dr Lee", role="cardiology", cannot=frozenset({"IA_BMH_7"})),
        Clinician(id="Dr Kim", name="Dr Kim"),
    )

    actual = read_roster(buffer.getvalue(), "roster.xlsx")

    assert expected == actual


def test_a_name_stands_in_for_a_missing_npi():
    """A row with an empty NPI is keyed by the clinician's name."""
    data = b"NPI,Name\n,Dr Lee\n1234567893,Dr Kim\n"

    actual = read_roster(data, "roster.csv")

    assert ("Dr Lee", "1234567893") == tuple(c.id for c in actual)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"NPI,Name\n12345,Dr Lee\n",
            "roster.csv, line 2, column 'NPI': an NPI has 10 digits, got '12345'",
        ),
        (
            b"Name,Cannot do\nDr Lee,IA_EPA_1; budgeting\n",
            "roster.csv, line 2, column 'Cannot do': 'budgeting' is not an activity ID "
            "(IDs look like IA_EPA_1)",
        ),
        (
            b"Name,Role\nDr Lee,a\n,b\n",
            "roster.csv, line 3, column 'Name': is empty; give the clinician's NPI or name",
        ),
        (
            b"Name\nDr Lee\nDr Kim\nDr Lee\n",
            "roster.csv, line 4, column 'Name': Dr Lee is already on line 2",
        ),
        (
            b"Name,Max activities\nDr Lee,two\n",
            "roster.csv, line 2, column 'Max activities': must be a whole number of "
            "activities >= 0, got 'two'",
        ),
        (
            b"Name,IA_EPA_1\nDr Lee,-1\n",
            "roster.csv, line 2, column 'IA_EPA_1': must be a number of hours >= 0, got '-1'",
        ),
        (
            b"Clinician ID,Role\nx,y\n",
            "roster.csv: no header row with an 'NPI' or a 'Name' column in the first 30 rows",
        ),
        (b"Name,Role\n", "roster.csv has no clinicians: add one row per clinician"),
    ],
    ids=[
        "short-npi",
        "bad-cannot-id",
        "no-key",
        "duplicate",
        "bad-cap",
        "negative-hours",
        "no-header",
        "no-rows",
    ],
)
def test_a_bad_roster_names_the_row_and_column(data, message):
    """Every bad cell is a TableFormatError naming the file, line and column."""
    with pytest.raises(TableFormatError) as raised:
        read_roster(data, "roster.csv")

    assert message == str(raised.value)


def test_the_app_table_skips_blank_rows_and_counts_rows_from_one():
    """The editable table's blank rows are skipped; errors count its rows from 1."""
    records = [
        {"Name": "Dr Lee", "Cannot do": None},
        {"Name": None, "Cannot do": None},
        {"Name": "Dr Kim", "Cannot do": "nothing"},
    ]

    with pytest.raises(TableFormatError) as raised:
        roster_from_records(records)

    assert (
        "roster table, row 3, column 'Cannot do': 'nothing' is not an activity ID "
        "(IDs look like IA_EPA_1)"
    ) == str(raised.value)


def test_the_app_table_needs_a_key_column():
    """A table with neither NPI nor Name says so."""
    with pytest.raises(TableFormatError) as raised:
        roster_from_records([{"Role": "nurse"}])

    assert "roster table needs an 'NPI' or a 'Name' column" == str(raised.value)


def test_records_list_fixed_columns_then_activity_hours():
    """The editor's rows: NPI, Name, Role, Cannot do, Max activities, then hours by ID."""
    roster = read_roster(ROSTER_CSV, "roster.csv")
    expected = {
        "NPI": "1234567893",
        "Name": "Dr Lee",
        "Role": "physician",
        "Cannot do": "IA_EPA_1, IA_PM_2",
        "Max activities": "2",
        "IA_BMH_7": "3.5",
        "IA_EPA_1": "",
    }

    actual = roster_records(roster)[0]

    assert expected == actual


def test_interchangeable_roster_names_clinicians_by_number():
    """A starting roster for N clinicians: 'Clinician 1' ... 'Clinician N'."""
    expected = ("Clinician 1", "Clinician 2", "Clinician 3")

    actual = tuple(c.id for c in interchangeable_roster(3))

    assert expected == actual


NPIS = st.integers(10**8, 10**9 - 1).map(lambda n: f"{n}{npi_check_digit(str(n))}")
"""Valid NPIs: nine digits and their check digit."""
NAMES = st.text("abcdefgh XYZ", min_size=1, max_size=8).map(lambda s: " ".join(s.split()))
IDS = st.sampled_from(["IA_EPA_1", "IA_PM_2", "IA_BMH_7", "IA_CC_14"])


@st.composite
def rosters(draw):
    clinicians = []
    for key in draw(st.lists(st.one_of(NPIS, NAMES.filter(bool)), unique=True, max_size=6)):
        is_npi = key.isdigit()
        clinicians.append(
            Clinician(
                id=key,
                name=draw(NAMES) if is_npi else key,
                role=draw(st.sampled_from(["", "nurse", "physician"])),
                cannot=frozenset(draw(st.sets(IDS, max_size=2))),
                efforts=tuple(
                    draw(st.dictionaries(IDS, st.integers(0, 4000).map(lambda h: h / 4))).items()
                ),
                max_activities=draw(st.one_of(st.none(), st.integers(0, 5))),
            )
        )
    return tuple(clinicians)


@settings(max_examples=60, deadline=None)
@given(rosters().filter(bool))
def test_writing_then_reading_a_roster_gives_it_back(roster):
    """write_roster_csv then read_roster returns the same clinicians."""
    actual = read_roster(write_roster_csv(roster), "roster.csv")

    assert roster == actual


@settings(max_examples=40, deadline=None)
@given(rosters().filter(bool))
def test_the_editor_records_read_back_to_the_roster(roster):
    """roster_records then roster_from_records returns the same clinicians."""
    actual = roster_from_records(roster_records(roster))

    assert roster == actual


def test_a_roster_belongs_to_group_reporting():
    """An individual scenario with a roster is refused, in words."""
    with pytest.raises(ScenarioError) as raised:
        Scenario(year=2021, roster=(Clinician("Dr Lee"),))

    assert (
        "A roster applies to group or virtual-group reporting, not to individual reporting"
        == str(raised.value)
    )


def test_a_clinician_may_appear_once():
    """Two roster entries with one NPI are refused."""
    with pytest.raises(ScenarioError) as raised:
        Scenario(
            year=2021,
            reporting=Reporting.GROUP,
            roster=(Clinician("1234567893"), Clinician("1234567893")),
        )

    assert "clinician 1234567893 appears twice in the roster" == str(raised.value)


def test_an_npi_failing_its_check_digit_is_refused():
    """Issue 11: an NPI is 10 digits whose last is the Luhn check digit over the 80840
    prefix and the first nine (CMS's NPI standard); 1234567893 passes, 1234567894 not."""
    data = b"NPI,Name\n1234567893,Dr Lee\n1234567894,Dr Kim\n"

    with pytest.raises(TableFormatError) as caught:
        read_roster(data, "roster.csv")

    expected = (
        "roster.csv, line 3, column 'NPI': 1234567894 fails the NPI check digit (Luhn with "
        "prefix 80840): look for a typo"
    )
    assert expected == str(caught.value)


def test_roster_status_columns_give_each_clinician_their_statuses():
    """Yes/no columns 'Non-patient facing', 'Rural' and 'HPSA' are the clinician's own."""
    data = b"NPI,Name,Non-patient facing,Rural,HPSA\n1234567893,Dr Lee,no,yes,yes\n,Dr Kim,,,\n"

    roster = read_roster(data, "roster.csv")

    assert [{SpecialStatus.RURAL, SpecialStatus.HPSA}, set()] == [set(c.statuses) for c in roster]
    assert roster == read_roster(write_roster_csv(roster), "again.csv")
