"""The command line in December: ``plan`` (and ``batch``) plan the year ahead
provisionally and say so in the table, the JSON and the workbook; its submission file
is refused until its CMS list is loaded; ``roadmap`` flags the year it cannot plan."""

from __future__ import annotations

import io
import json

import openpyxl

from optimizer.cli.mips_ia import main

DECEMBER = ("--as-of", "2026-12-02")
NOTE = (
    "Provisional: CMS's PY2027 list is not loaded, so this plan uses PY2026's activities "
    "and rules carried forward to 2027 (assumed: last start 2027-10-03, submission "
    "2028-01-04 to 2028-03-31); plan again once PY2027's list is loaded"
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_with_no_year_in_december_is_a_provisional_2027_plan(capsys):
    """No --year on 2026-12-02: a PY2027 plan with activities, provisional on 2026's data."""
    code, out, err = run(capsys, "plan", *DECEMBER, "--format", "json")
    data = json.loads(out)

    assert (0, "optimal", 2027, True, 2026, 40) == (
        code,
        data["status"],
        data["year"],
        data["provisional"],
        data["borrowed_from"],
        data["points"],
    )
    assert data["activities"]
    assert err.startswith("mips-ia: planning PY2027 (no --year given): PY2026's last start")


def test_table_in_december_says_provisional(capsys):
    """The table's first lines name the year as provisional and what it assumes."""
    code, out, _ = run(capsys, "plan", *DECEMBER)
    lines = out.splitlines()

    assert 0 == code
    assert [
        "Performance year 2027 (provisional, on PY2026's data): Lowest-effort plan "
        "(as of 2026-12-02)",
        NOTE,
    ] == lines[:2]


def test_september_plans_the_year_itself(capsys):
    """On 2026-09-01 the plan is PY2026's own, with activities, not provisional."""
    code, out, _ = run(capsys, "plan", "--as-of", "2026-09-01", "--format", "json")
    data = json.loads(out)

    assert (0, 2026, False, None) == (
        code,
        data["year"],
        data["provisional"],
        data["borrowed_from"],
    )
    assert data["activities"]


def test_submission_file_of_a_provisional_year_is_refused(capsys, tmp_path):
    """--qpp-json for the provisional 2027: exit 2, in words, and no file written."""
    submission, excel = tmp_path / "s.json", tmp_path / "plan.xlsx"

    code, out, err = run(
        capsys, "plan", *DECEMBER, "--tin", "123456789", "--npi", "1234567893",
        "--qpp-json", str(submission), "--excel", str(excel),
    )  # fmt: skip

    assert (2, "", False, False) == (code, out, submission.exists(), excel.exists())
    assert (
        "mips-ia: error: No QPP submission file for PY2027: its plan is provisional, made on "
        "PY2026's activities and rules carried forward; write the file once CMS's PY2027 "
        "list is loaded and the year is planned on it\n"
    ) == err


def test_two_years_out_is_refused(capsys):
    """--year 2028 has no data and is not the year after the loaded lists: exit 2."""
    code, _, err = run(capsys, "plan", *DECEMBER, "--year", "2028")

    assert 2 == code
    assert err.startswith("mips-ia: error: No improvement-activity rules for performance year 2028")


def test_december_roadmap_plans_what_it_can_and_flags_the_rest(capsys):
    """roadmap 2026-2029 on 2026-12-02: 2026 flagged in words, 2027-2029 planned, exit 0."""
    code, out, _ = run(capsys, "roadmap", "--years", "2026-2029", *DECEMBER, "--format", "json")
    data = json.loads(out)
    years = {y["year"]: y for y in data["years"]}

    assert (0, "optimal") == (code, data["status"])
    assert ["infeasible", "optimal", "optimal", "optimal"] == [
        years[y]["status"] for y in range(2026, 2030)
    ]
    assert all(years[y]["activities"] for y in (2027, 2028, 2029))
    assert (False, True) == (years[2026]["provisional"], years[2027]["provisional"])
    assert data["reasons"][0]["text"].startswith(
        "2026: 86 activities can no longer run their period in 2026"
    )


def test_december_roadmap_table_names_the_year_not_planned(capsys):
    """The table's headline says which year is not planned."""
    code, out, _ = run(capsys, "roadmap", "--years", "2026-2029", *DECEMBER)

    assert 0 == code
    assert (
        "Roadmap 2026-2029: Lowest-effort plan (2026 not planned: see below)"
        == (out.splitlines()[0])
    )


def test_batch_in_december_plans_the_year_ahead_and_says_provisional(capsys, tmp_path):
    """A practice with no Year, batch-planned on 2026-12-02: PY2027, the note first in
    its Messages cell."""
    practices, out = tmp_path / "practices.csv", tmp_path / "plans.xlsx"
    practices.write_text("Practice\nAcme\n")

    code, _, _ = run(capsys, "batch", str(practices), "--out", str(out), *DECEMBER)
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["Summary"]
    header, row = list(sheet.iter_rows(values_only=True))[:2]
    cells = dict(zip(header, row, strict=True))

    assert (0, 2027) == (code, cells["Year"])
    assert cells["Messages"].startswith(NOTE)
