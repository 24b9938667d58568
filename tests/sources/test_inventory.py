"""Reading inventories: CMS's spreadsheet, CSV (CMS's column names or its data
field names) and CMS's JSON all give the same validated inventory; bad files are
refused with a message naming the file, row and column."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest

from optimizer import InputFileError, TableFormatError, Weight, read_inventory
from optimizer.sources.inventory import (
    frequency_from_text,
    period_from_text,
    suspension_from_text,
)

HEADER = [
    "Activity ID",
    "Subcategory Name",
    "Activity Title",
    "Activity Description",
    "Activity Weighting",
]
ROWS = [
    ["IA_EPA_1", "Expanded Practice Access", "Round-the-clock access", "Text.", "High"],
    [
        "IA_PSPA_4",
        "Patient Safety and Practice Assessment",
        "Safety survey",
        "Run a survey. This activity may be selected once every 4 years.",
        "Medium",
    ],
    ["IA_PCMH", "", "Medical home", "Recognized home.", "N/A"],
]


def xlsx(rows: list[list[object]], *, title_rows: int = 2) -> bytes:
    """A CMS-style workbook: a title and a note above the header, a footnote below."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if title_rows:
        ws.append(["2024 Improvement Activities Inventory"])
        ws.append(["Note: weights apply to the 2024 performance year"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[object]]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def summary(inventory):
    return [
        (a.id, a.title, a.subcategory, a.weight, a.frequency_years) for a in inventory.activities
    ]


EXPECTED = [
    ("IA_EPA_1", "Round-the-clock access", "Expanded Practice Access", Weight.HIGH, None),
    ("IA_PSPA_4", "Safety survey", "Patient Safety and Practice Assessment", Weight.MEDIUM, 4),
    ("IA_PCMH", "Medical home", "", None, None),
]


class TestFormats:
    """Every format gives the same inventory."""

    def test_cms_spreadsheet(self):
        """Title rows above the header, blank and footnote rows below, are skipped."""
        data = xlsx([HEADER, *ROWS, [], ["* Footnote: activities added in 2024"]])

        inventory = read_inventory(data, 2024, "cms.xlsx")

        assert EXPECTED == summary(inventory)

    def test_columns_in_any_order_with_stray_spaces(self):
        """Column order and spaces around names and values do not matter."""
        order = [4, 2, 0, 3, 1]
        header = [f"  {HEADER[i]} " for i in order]
        rows = [[f" {r[i]} " for i in order] for r in ROWS]

        inventory = read_inventory(xlsx([header, *rows]), 2024, "shuffled.xlsx")

        assert EXPECTED == summary(inventory)

    def test_csv_with_spreadsheet_columns(self):
        """A CSV with the spreadsheet's columns reads the same."""
        assert EXPECTED == summary(read_inventory(csv_bytes([HEADER, *ROWS]), 2024, "inv.csv"))

    def test_csv_with_cms_data_field_names(self):
        """measureId, title, subcategoryId, weight, description are understood."""
        header = ["measureId", "title", "subcategoryId", "weight", "description"]
        rows = [
            ["IA_EPA_1", "Round-the-clock access", "expandedPracticeAccess", "high", "Text."],
            [
                "IA_PSPA_4",
                "Safety survey",
                "patientSafetyAndPracticeAssessment",
                "medium",
                "It may be selected once every 4 years.",
            ],
            ["IA_PCMH", "Medical home", "", "", ""],
        ]

        assert EXPECTED == summary(read_inventory(csv_bytes([header, *rows]), 2024, "data.csv"))

    def test_json_keeps_only_improvement_activities(self):
        """measures-data.json mixes quality measures in: only category 'ia' is kept."""
        records = [
            {"category": "quality", "measureId": "001", "title": "HbA1c"},
            {
                "category": "ia",
                "measureId": "IA_EPA_1",
                "title": "Round-the-clock access",
                "subcategoryId": "expandedPracticeAccess",
                "weight": "high",
                "description": "Text.",
            },
            {
                "category": "ia",
                "measureId": "IA_PSPA_4",
                "title": "Safety survey",
                "subcategoryId": "patientSafetyAndPracticeAssessment",
                "weight": "medium",
                "description": "May be selected once every 4 years.",
            },
            {
                "category": "ia",
                "measureId": "IA_PCMH",
                "title": "Medical home",
                "subcategoryId": None,
                "weight": None,
            },
        ]

        inventory = read_inventory(json.dumps(records).encode(), 2024, "measures-data.json")

        assert EXPECTED == summary(inventory)

    def test_unweighted_year_needs_no_weight_column(self):
        """From 2025 activities carry no weight, so the column may be missing."""
        header = ["Activity ID", "Activity Title"]

        inventory = read_inventory(csv_bytes([header, ["IA_EPA_1", "Access"]]), 2025, "2025.csv")

        assert (None, "Access") == (inventory.activities[0].weight, inventory.activities[0].title)

    def test_optional_columns(self):
        """Effort, frequency limit and related quality measures are read when present."""
        header = [*HEADER, "Effort (hours)", "Frequency limit (years)", "Related quality measures"]
        row = [*ROWS[0], "12.5", "3", "1; 119,236"]

        activity = read_inventory(csv_bytes([header, row]), 2024, "x.csv").activities[0]

        assert (12.5, 3, ("001", "119", "236")) == (
            activity.effort,
            activity.frequency_years,
            activity.quality_ids,
        )

    def test_binary_file_object(self):
        """A file object (as from open(..., 'rb') or an upload) reads like bytes."""
        data = csv_bytes([HEADER, *ROWS])

        assert EXPECTED == summary(read_inventory(io.BytesIO(data), 2024, "inv.csv"))


class TestDescriptionText:
    """Limits and suspensions are read from CMS's text when no column says so."""

    @pytest.mark.parametrize(
        ("text", "years"),
        [
            ("Note: This activity may be selected once every 4 years, to avoid", 4),
            ("may be selected once every two years", 2),
            ("no limit here", None),
        ],
        ids=["digits", "words", "none"],
    )
    def test_frequency(self, text, years):
        """'once every N years' gives the limit N."""
        assert years == frequency_from_text(text)

    def test_suspension(self):
        """'suspended ... as of May 6, 2025' gives the date."""
        text = "This activity has been suspended for the 2025 performance period as of May 6, 2025."

        assert "2025-05-06" == suspension_from_text(text)


def corrupt_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<broken")
    return out.getvalue()


class TestBadInput:
    """Each bad input's message, word for word."""

    @pytest.mark.parametrize(
        ("data", "source", "message"),
        [
            (
                csv_bytes([["Title", "Weight"], ["Access", "High"]]),
                "inv.csv",
                "inv.csv: no header row with an activity ID column ('Activity ID' or 'measureId') "
                "in the first 30 rows",
            ),
            (
                csv_bytes([["Activity ID", "Activity Title"], ["IA_EPA_1", "Access"]]),
                "inv.csv",
                "inv.csv: missing the weight column (looked for 'Activity Weighting' or 'weight'); "
                "activities are weighted Medium or High in 2024",
            ),
            (
                xlsx([HEADER, ROWS[0], ["IA_EPA_2", "", "Other", "", "Low"]]),
                "cms.xlsx",
                "cms.xlsx, row 5, column 'Activity Weighting': unknown weight 'Low' "
                "(expected Medium, High or blank)",
            ),
            (
                xlsx([HEADER, ROWS[0], ["IA_EPA_2", "", "Other", "", ""]]),
                "cms.xlsx",
                "cms.xlsx, row 5, column 'Activity Weighting': IA_EPA_2 needs a weight "
                "(Medium or High) in 2024, got blank",
            ),
            (
                csv_bytes([HEADER, ROWS[0], ROWS[1], ROWS[0]]),
                "inv.csv",
                "inv.csv, line 4, column 'Activity ID': IA_EPA_1 appears twice (first at line 2); "
                "each activity may be listed once",
            ),
            (
                csv_bytes([HEADER, ["EPA-1", "", "Access", "", "High"]]),
                "inv.csv",
                "inv.csv, line 2, column 'Activity ID': 'EPA-1' is not an activity ID "
                "(IDs look like IA_EPA_1)",
            ),
            (
                csv_bytes([[*HEADER, "Effort"], [*ROWS[0], "-3"]]),
                "inv.csv",
                "inv.csv, line 2, column 'Effort': must be a number of hours >= 0, got '-3'",
            ),
            (
                csv_bytes([[*HEADER, "Effort"], [*ROWS[0], "lots"]]),
                "inv.csv",
                "inv.csv, line 2, column 'Effort': must be a number of hours >= 0, got 'lots'",
            ),
            (
                csv_bytes([HEADER]),
                "inv.csv",
                "inv.csv lists no activities under its header row",
            ),
        ],
        ids=[
            "no-id-column",
            "no-weight-column",
            "unknown-weight",
            "blank-weight",
            "duplicate-id",
            "bad-id",
            "negative-effort",
            "text-effort",
            "header-only",
        ],
    )
    def test_table_errors(self, data, source, message):
        """A readable table with a wrong column or cell names file, row and column."""
        with pytest.raises(TableFormatError) as info:
            read_inventory(data, 2024, source)

        assert message == str(info.value)

    @pytest.mark.parametrize(
        ("data", "source", "message"),
        [
            (b"", "empty.csv", "empty.csv is empty"),
            (xlsx([], title_rows=0), "empty.xlsx", "empty.xlsx has no rows: the sheet is empty"),
            (
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                "photo.png",
                "photo.png is not a spreadsheet: expected an .xlsx workbook, a CSV or a JSON file",
            ),
            (
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
                "locked.xlsx",
                "locked.xlsx is a password-protected workbook or an old .xls file: open it in "
                "Excel, remove any password and save it as .xlsx",
            ),
            (
                corrupt_xlsx(),
                "broken.xlsx",
                "broken.xlsx: a part of the workbook is damaged XML (unclosed token: line 1, "
                "column 0): save it again from Excel",
            ),
            (
                b"PK\x03\x04 truncated",
                "cut.xlsx",
                "cut.xlsx is not a readable .xlsx workbook (the file is damaged or incomplete)",
            ),
            (
                b'[{"measureId": "IA_EPA_1",',
                "bad.json",
                "bad.json is not valid JSON (line 1, column 27: Expecting property name enclosed "
                "in double quotes)",
            ),
            (
                b'{"a": 1}',
                "odd.json",
                "odd.json must hold a JSON list of records (objects), one per row",
            ),
        ],
        ids=[
            "empty-file",
            "empty-sheet",
            "not-a-spreadsheet",
            "password-protected",
            "corrupt-workbook",
            "truncated-workbook",
            "broken-json",
            "json-not-a-list",
        ],
    )
    def test_file_errors(self, data, source, message):
        """A file that is not a readable table says what it is and what to do."""
        with pytest.raises(InputFileError) as info:
            read_inventory(data, 2024, source)

        assert message == str(info.value)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Participants must be registered for a minimum of 6 months.", 184),
        ("Work for a continuous 60 days or greater in a humanitarian effort.", 60),
        ("Run the programme for at least 3 months each year.", 92),
        ("Follow up within 30 days of discharge.", None),
        ("Manage anticoagulation for at least 90 days per patient.", None),
    ],
    ids=["six-months", "sixty-days", "three-months", "follow-up-timing", "patient-level"],
)
def test_period_from_text_reads_only_a_stated_minimum_period(text, days):
    """CMS: 90 continuous days unless the description says otherwise; months count as the
    longest run of that many calendar months in a year (6 months -> 184 days)."""
    assert days == period_from_text(text)
