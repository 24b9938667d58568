"""``mips-ia roadmap`` and ``mips-ia plan --alternatives``: output, exit codes and
bad input refused in words."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from optimizer.cli.mips_ia import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    """The command, planned as on January 2 of the first year it names (so that no
    activity is too late to start), else of 2026."""
    years = [a for a in args if a[:4].isdigit()]
    first = years[0][:4] if years else "2026"
    clock = [] if "--as-of" in args else ["--as-of", f"{first}-01-02"]
    code = main([*args, *clock])
    out = capsys.readouterr()
    return code, out.out, out.err


class TestRoadmapOutput:
    def test_json_has_the_documented_fields(self, capsys):
        """--format json gives total_effort, the years and the assumptions."""
        code, out, _ = run(capsys, "roadmap", "--years", "2025-2026", "--format", "json")
        data = json.loads(out)

        assert 0 == code
        assert {"status", "total_effort", "years", "assumptions", "changes"} <= set(data)
        assert [2025, 2026] == [y["year"] for y in data["years"]]
        assert {"year", "status", "points", "total_effort", "activities", "schedule"} <= set(
            data["years"][0]
        )

    def test_default_span_is_four_years_from_the_latest(self, capsys):
        """Without --years, the latest bundled year and the 3 after it."""
        _, out, _ = run(capsys, "roadmap", "--format", "json")

        assert [2026, 2027, 2028, 2029] == [y["year"] for y in json.loads(out)["years"]]

    def test_after_the_last_start_the_roadmap_begins_next_year(self, capsys):
        """On 2026-11-25 no 2026 activity can start (last start October 3): 2027-2030,
        2027 on the 2026 data (RULES-RESEARCH.md section 4: last start October 3)."""
        _, out, _ = run(capsys, "roadmap", "--as-of", "2026-11-25", "--format", "json")
        data = json.loads(out)

        assert (2027, 2030) == (data["first_year"], data["last_year"])
        assert 2026 == data["years"][0]["stand_in"]

    def test_year_starts_the_default_span(self, capsys):
        """--year 2024 plans 2024-2027."""
        _, out, _ = run(capsys, "roadmap", "--year", "2024", "--format", "json")

        assert (2024, 2027) == (json.loads(out)["first_year"], json.loads(out)["last_year"])

    def test_table_is_a_year_by_activity_grid(self, capsys):
        """The table has a column per year and a row per activity."""
        code, out, _ = run(capsys, "roadmap", "--years", "2025-2026")
        lines = out.splitlines()

        assert 0 == code
        assert "Roadmap 2025-2026: Lowest-effort plan" == lines[0]
        assert lines[3].split() == ["Activity", "2025", "2026"]
        assert lines[4].startswith("IA_")
        assert lines[4].split()[-1] in ("new", "again")
        assert "Assumptions:" in lines

    def test_status_in_one_year(self, capsys):
        """--status-in 2027:small-practice needs one activity in 2027 only (2025 on:
        a special status halves the activities needed, RULES-RESEARCH.md section 1)."""
        _, out, _ = run(
            capsys, "roadmap", "--years", "2026-2028", "--status-in", "2027:small-practice",
            "--format", "json",
        )  # fmt: skip

        counts = [len(y["activities"]) for y in json.loads(out)["years"]]
        assert [2, 1, 2] == counts

    def test_status_in_none_drops_the_status_that_year(self, capsys):
        """--status small-practice --status-in 2027:none: two activities in 2027 only."""
        _, out, _ = run(
            capsys, "roadmap", "--years", "2026-2027", "--status", "small-practice",
            "--status-in", "2027:none", "--format", "json",
        )  # fmt: skip

        years = json.loads(out)["years"]
        assert [(["small-practice"], 1), ([], 2)] == [
            (y["statuses"], len(y["activities"])) for y in years
        ]

    def test_repeat_effort_1_costs_full_effort(self, capsys):
        """--repeat-effort 1: a repeat year costs the activity's full effort."""
        _, out, _ = run(
            capsys, "roadmap", "--years", "2026-2027", "--repeat-effort", "1", "--format", "json"
        )
        years = json.loads(out)["years"]

        assert [y["full_effort"] for y in years] == [y["total_effort"] for y in years]

    def test_infeasible_exits_1(self, capsys):
        """No roadmap: exit code 1 and the reason with its year."""
        code, out, _ = run(
            capsys, "roadmap", "--years", "2025-2026", "--quality", "001", "--min-paired", "60",
            "--format", "json",
        )  # fmt: skip
        data = json.loads(out)

        assert (1, "infeasible") == (code, data["status"])
        assert "at_least_60_paired:2025" == data["reasons"][0]["code"]

    def test_excel(self, capsys, tmp_path):
        """--excel writes the Roadmap, Roadmap years, Assumptions and Changes sheets."""
        path = tmp_path / "roadmap.xlsx"

        run(capsys, "roadmap", "--years", "2025-2026", "--excel", str(path))
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))

        assert ["Roadmap", "Roadmap years", "Assumptions", "Changes"] == wb.sheetnames
        assert ("Activity ID", "Title", "2025", "2026") == next(
            wb["Roadmap"].iter_rows(max_row=1, values_only=True)
        )


class TestAlternativesOption:
    def test_json_lists_the_alternatives(self, capsys):
        """plan --alternatives 3 adds three plans, each with its extra effort."""
        code, out, _ = run(
            capsys, "plan", "--year", "2024", "--alternatives", "3", "--format", "json"
        )
        data = json.loads(out)

        assert 0 == code
        assert 3 == len(data["alternatives"])
        assert {"activities", "total_effort", "extra_effort"} == set(data["alternatives"][0])
        assert all(a["extra_effort"] >= 0 for a in data["alternatives"])
        assert {r["activity"] for r in data["replacements"]} == {
            a["id"] for a in data["activities"]
        }

    def test_table_lists_them_under_the_plan(self, capsys):
        _, out, _ = run(capsys, "plan", "--year", "2024", "--alternatives", "2")

        after = out.split("Next-cheapest plans:\n", 1)[1].splitlines()

        assert after[0].startswith("  2. IA_")
        assert after[1].startswith("  3. IA_")


class TestBadInput:
    """Exit code 2 and a one-line message on stderr."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["roadmap", "--years", "2026-2036"],
                "mips-ia roadmap: error: argument --years: a roadmap covers at most 10 years, "
                "and 2026-2036 is 11\n",
            ),
            (
                ["roadmap", "--years", "2026-2025"],
                "mips-ia roadmap: error: argument --years: the last year (2025) comes before "
                "the first (2026)\n",
            ),
            (
                ["roadmap", "--years", "next"],
                "mips-ia roadmap: error: argument --years: give the years as FIRST-LAST, e.g. "
                "2026-2029, not 'next'\n",
            ),
            (
                ["roadmap", "--repeat-effort", "1.5"],
                "mips-ia roadmap: error: argument --repeat-effort: must be a share of an "
                "activity's effort from 0 to 1, got '1.5'\n",
            ),
            (
                ["roadmap", "--repeat-effort", "-0.1"],
                "mips-ia roadmap: error: argument --repeat-effort: must be a share of an "
                "activity's effort from 0 to 1, got '-0.1'\n",
            ),
            (
                ["roadmap", "--status-in", "2027:tiny"],
                "mips-ia roadmap: error: argument --status-in: give YEAR:STATUS with STATUS one "
                "of small-practice, rural, hpsa, non-patient-facing, none, not '2027:tiny'\n",
            ),
            (
                ["plan", "--alternatives", "21"],
                "mips-ia plan: error: argument --alternatives: must be a whole number from 1 to "
                "20, got 21\n",
            ),
            (
                ["plan", "--alternatives", "0"],
                "mips-ia plan: error: argument --alternatives: must be a whole number from 1 to "
                "20, got 0\n",
            ),
        ],
        ids=[
            "over-10-years",
            "last-before-first",
            "not-years",
            "repeat-above-1",
            "repeat-negative",
            "unknown-status",
            "alternatives-over-20",
            "alternatives-zero",
        ],
    )
    def test_option_messages(self, capsys, args, message):
        with pytest.raises(SystemExit) as exit_:
            main(args)

        assert 2 == exit_.value.code
        assert message == capsys.readouterr().err.splitlines(keepends=True)[-1]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--year", "2025", "--years", "2026-2027"],
                "mips-ia: error: --year 2025 and --years 2026-2027 disagree: give the first "
                "year once, with --years\n",
            ),
            (
                ["--years", "2026-2027", "--status-in", "2029:rural"],
                "mips-ia: error: Statuses are given for 2029, outside the roadmap's 2026-2027\n",
            ),
            (
                ["--years", "2015-2017"],
                "mips-ia: error: No improvement-activity rules for performance year 2015: the "
                "planner knows 2017-2026, and 2027 provisionally on the 2026 rules carried "
                "forward\n",
            ),
            (
                ["--from", "2026", "--to", "2027", "--years", "2026-2027"],
                "mips-ia: error: give the span once: --from Y1 --to Y2, or --years Y1-Y2\n",
            ),
            (
                ["--to", "2027"],
                "mips-ia: error: --from and --to go together: --from 2026 --to 2029\n",
            ),
            (
                ["--from", "2026", "--to", "2040"],
                "mips-ia: error: a roadmap covers at most 10 years, and 2026-2040 is 15\n",
            ),
        ],
        ids=[
            "year-and-years",
            "status-outside",
            "before-2017",
            "from-and-years",
            "to-alone",
            "from-to-too-long",
        ],
    )
    def test_messages(self, capsys, args, message):
        code, _, err = run(capsys, "roadmap", *args)

        assert (2, message) == (code, err)

    def test_roster_is_refused(self, capsys, tmp_path):
        roster = tmp_path / "roster.csv"
        roster.write_text("NPI,Name\n1234567893,Dr Lee\n")

        code, _, err = run(capsys, "roadmap", "--reporting", "group", "--roster", str(roster))

        expected = (
            "mips-ia: error: A roadmap plans the practice's activities year by year without a "
            "roster: plan who does what in each year on its own\n"
        )
        assert (2, expected) == (code, err)


def test_from_to_is_years(capsys):
    """--from 2025 --to 2026 plans the same span as --years 2025-2026."""
    _, by_years, _ = run(capsys, "roadmap", "--years", "2025-2026", "--format", "json")
    _, by_from_to, _ = run(capsys, "roadmap", "--from", "2025", "--to", "2026", "--format", "json")

    assert json.loads(by_years) == json.loads(by_from_to)
    assert [2025, 2026] == [y["year"] for y in json.loads(by_from_to)["years"]]


def test_year_with_to_is_the_span(capsys):
    """--year gives the first year when --from is left out."""
    _, out, _ = run(capsys, "roadmap", "--year", "2025", "--to", "2026", "--format", "json")

    assert [2025, 2026] == [y["year"] for y in json.loads(out)["years"]]


def test_from_workbook_starts_at_the_workbooks_year(capsys, tmp_path):
    """A plan workbook of 2024 restores the practice; the roadmap starts in 2024."""
    path = tmp_path / "plan.xlsx"
    run(capsys, "plan", "--year", "2024", "--status", "rural", "--excel", str(path))

    _, out, _ = run(capsys, "roadmap", "--from-workbook", str(path), "--format", "json")
    years = json.loads(out)["years"]

    assert (2024, ["rural"]) == (years[0]["year"], years[0]["statuses"])


def test_own_inventory_is_the_first_years(capsys, tmp_path):
    """--inventory plans the first year on the user's file, later years on the bundled data."""
    inventory = tmp_path / "inv.csv"
    inventory.write_text("Activity ID,Activity Title,Effort\nIA_PM_1,One,3\nIA_PM_2,Two,4\n")

    _, out, _ = run(
        capsys, "roadmap", "--inventory", str(inventory), "--years", "2025-2026", "--format", "json"
    )
    years = json.loads(out)["years"]

    assert ["IA_PM_1", "IA_PM_2"] == sorted(a["id"] for a in years[0]["activities"])
    assert "IA_PM_1" not in [a["id"] for a in years[1]["activities"]]
