"""Batch planning (issue 6): a practices table in, one plan per row out, failed
rows reported with their row number; and the exact fast path that makes it quick."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from conftest import make_inventory
from optimizer import (
    PlannerError,
    PlanStatus,
    PracticeRow,
    Reporting,
    Scenario,
    Solver,
    SpecialStatus,
    TableFormatError,
    batch_json_lines,
    plan,
    plan_practices,
    read_practices,
    write_batch_workbook,
)
from optimizer.cli.mips_ia import main

ROOT = Path(__file__).resolve().parents[2]

PRACTICES = (
    "Practice,Year,Statuses,Credits,Reporting,Clinicians,Quality measures\n"
    "Small clinic,2024,small-practice,,,6,\n"
    "Rural group,2025,Rural; HPSA,APM,group,40,1;236\n"
    "Bad year,2031,,,,,\n"
)


def practices(text: str = PRACTICES, source: str = "practices.csv") -> tuple[PracticeRow, ...]:
    return read_practices(text.encode(), source)


class TestReadPractices:
    """One row per practice becomes one Scenario."""

    def test_row_becomes_scenario(self):
        """Statuses, credits, reporting, clinicians and measures are read from the row."""
        expected = Scenario(
            year=2025,
            statuses={SpecialStatus.RURAL, SpecialStatus.HPSA},
            apm=True,
            reporting=Reporting.GROUP,
            clinicians=40,
            quality=frozenset({"001", "236"}),
        )

        assert expected == practices()[1].scenario

    def test_rows_keep_their_numbers(self):
        """Each practice keeps the CSV line it came from, for messages."""
        expected = [(2, "Small clinic"), (3, "Rural group"), (4, "Bad year")]

        assert expected == [(p.row, p.name) for p in practices()]

    def test_bad_status_fails_only_its_row(self):
        """An unknown status is that row's error, named by line and column."""
        rows = practices("Practice,Year,Statuses\nA,2024,tiny\nB,2024,rural\n")

        expected = (
            "practices.csv, line 2, column 'Statuses': unknown status 'tiny'; "
            "use small-practice, rural, hpsa, non-patient-facing"
        )
        assert (expected, None) == (rows[0].error, rows[0].scenario)
        assert frozenset({SpecialStatus.RURAL}) == rows[1].scenario.statuses

    def test_bad_credit_is_refused(self):
        """Credits are APM, APP or PCMH."""
        rows = practices("Practice,Credits\nA,ACO\n")

        expected = (
            "practices.csv, line 2, column 'Credits': unknown credit 'aco'; use apm, app, "
            "pcmh, ia-study"
        )
        assert expected == rows[0].error

    def test_year_must_be_a_number(self):
        """A year like 'FY24' is refused with the row and column."""
        rows = practices("Practice,Year\nA,FY24\n")

        expected = (
            "practices.csv, line 2, column 'Year': must be a performance year such as 2024, "
            "got 'FY24'"
        )
        assert expected == rows[0].error

    def test_history_file_relative_to_table(self, tmp_path):
        """A history file named in a row is read from the table's folder."""
        (tmp_path / "h.csv").write_text("Activity ID,Performance year\nIA_PSPA_23,2024\n")

        rows = read_practices(
            b"Practice,Year,History file\nA,2026,h.csv\n", "p.csv", base_dir=tmp_path
        )

        assert ("IA_PSPA_23", 2024) == (
            rows[0].scenario.history[0].activity_id,
            rows[0].scenario.history[0].year,
        )

    def test_missing_history_file(self, tmp_path):
        """A history file that is not there is the row's error."""
        rows = read_practices(b"Practice,History file\nA,gone.csv\n", "p.csv", base_dir=tmp_path)

        assert "p.csv, line 2, column 'History file': no such file: gone.csv" == rows[0].error

    def test_table_without_practices(self):
        """A header and no rows is refused as a whole."""
        with pytest.raises(TableFormatError) as caught:
            practices("Practice,Year\n")

        expected = "practices.csv lists no practices: add one row per practice under the header"
        assert expected == str(caught.value)


class TestPlanPractices:
    """Every row is planned; failures are reported, not raised."""

    def test_bad_year_is_reported_with_its_row(self):
        """A year with no rules fails that practice only, naming its line."""
        results = plan_practices(practices())

        expected = (
            "practices.csv, line 4: No improvement-activity rules for performance year 2031: "
            "the planner knows 2017-2026, and 2027 provisionally on the 2026 rules carried forward"
        )
        assert [False, False, True] == [r.failed for r in results]
        assert expected == results[2].error

    def test_unknown_activity_is_reported_with_its_row(self):
        """An unknown activity to include fails that practice only."""
        results = plan_practices(practices("Practice,Year,Include\nA,2024,IA_NOPE_1\nB,2024,\n"))

        expected = (
            "practices.csv, line 2: Unknown activity ID IA_NOPE_1 in the must include list: "
            "not in the 2024 inventory (bundled data)"
        )
        assert (expected, PlanStatus.OPTIMAL) == (results[0].error, results[1].plan.status)

    def test_plans_match_single_plans(self):
        """A batch plan is the plan the practice would get on its own."""
        rows = practices()

        results = plan_practices(rows)

        assert plan(rows[0].scenario) == results[0].plan

    def test_two_processes_give_the_same_plans_in_order(self):
        """Planning on two cores changes nothing but the speed."""
        rows = practices() * 3

        expected = [(r.row, r.plan, r.error) for r in plan_practices(rows, jobs=1)]
        actual = [(r.row, r.plan, r.error) for r in plan_practices(rows, jobs=2)]

        assert expected == actual

    def test_progress_reaches_total(self):
        """The progress callback is told about every practice."""
        seen = []

        plan_practices(practices(), progress=lambda done, total: seen.append((done, total)))

        assert [(1, 3), (2, 3), (3, 3)] == seen


class TestOutputs:
    """One workbook (Summary + Activities) or a JSON-lines stream."""

    def test_workbook_summary_and_activities(self):
        """One Summary row per practice, one Activities row per chosen activity."""
        results = plan_practices(practices())

        book = load_workbook(io.BytesIO(write_batch_workbook(results)))
        summary = list(book["Summary"].iter_rows(min_row=2, values_only=True))
        activities = list(book["Activities"].iter_rows(min_row=2, values_only=True))

        assert [
            ("Small clinic", "Lowest-effort plan"),
            ("Rural group", "Lowest-effort plan"),
            ("Bad year", "Not planned"),
        ] == [(r[1], r[3]) for r in summary]
        assert {"High", "Medium", None} >= {r[6] for r in activities}
        planned = [(r.name, a.id) for r in results if r.plan for a in r.plan.activities]
        assert planned == [(r[1], r[3]) for r in activities]

    def test_workbook_text_is_never_a_formula(self):
        """A practice named '=HYPERLINK(...)' is written as text, not as a formula."""
        name = '=HYPERLINK("http://example.invalid","x")'
        quoted = name.replace('"', '""')
        results = plan_practices(practices(f'Practice,Year\n"{quoted}",2024\n'))

        book = load_workbook(io.BytesIO(write_batch_workbook(results)))
        cell = book["Summary"]["B2"]

        assert (name, "s") == (cell.value, cell.data_type)
        assert ["PracticeSummary"] == list(book["Summary"].tables)

    def test_json_lines(self):
        """Each line is one practice's JSON; a failed row has an error and no plan."""
        lines = [json.loads(line) for line in batch_json_lines(plan_practices(practices()))]

        assert [(2, "optimal"), (3, "optimal"), (4, None)] == [
            (d["row"], d["plan"] and d["plan"]["status"]) for d in lines
        ]
        assert lines[2]["error"].startswith("practices.csv, line 4: No improvement-activity")


class TestBatchCommand:
    """mips-ia batch PRACTICES --out plans.xlsx [--format json] [--jobs N]."""

    def test_exit_code_tells_a_row_failed(self, tmp_path, capsys, clock):
        """Any failed row makes the exit code 2; the others are still written."""
        clock(date(2021, 1, 4))  # plans of 2021 on are not late yet
        table = tmp_path / "practices.csv"
        table.write_text(PRACTICES)
        out = tmp_path / "plans.xlsx"

        code = main(["batch", str(table), "--out", str(out)])

        err = capsys.readouterr().err
        assert (2, 3) == (code, load_workbook(out)["Summary"].max_row - 1)
        assert "mips-ia: error: practices.csv, line 4: No improvement-activity rules" in err
        assert err.endswith("2 of 3 practices planned (0 with no plan), 1 failed\n")

    def test_all_planned_exits_0(self, tmp_path, capsys, clock):
        """A table whose every row plans exits 0."""
        clock(date(2021, 1, 4))  # plans of 2021 on are not late yet

        table = tmp_path / "practices.csv"
        table.write_text(PRACTICES.rsplit("Bad year", 1)[0])

        code = main(["batch", str(table), "--format", "json", "--jobs", "2"])

        lines = capsys.readouterr().out.splitlines()
        assert (0, 2) == (code, len(lines))

    def test_xlsx_needs_out(self, tmp_path, capsys):
        """A workbook is not written to the terminal."""

        table = tmp_path / "practices.csv"
        table.write_text(PRACTICES)

        code = main(["batch", str(table)])

        expected = (
            "mips-ia: error: batch needs --out plans.xlsx for a workbook "
            "(or --format json for stdout)\n"
        )
        assert (2, expected) == (code, capsys.readouterr().err)

    def test_no_progress_bar_off_a_terminal(self, tmp_path, capsys):
        """Piped stderr gets only the messages, no progress bar."""
        table = tmp_path / "practices.csv"
        table.write_text(PRACTICES)

        main(["batch", str(table), "--format", "json"])

        assert "\r" not in capsys.readouterr().err


class TestSolvers:
    """The default exact fast path, and HiGHS kept quiet on stdout."""

    def test_highs_prints_nothing_on_stdout(self, capfd):
        """HiGHS's once-per-process banner does not reach stdout (a fresh process)."""
        code = "from optimizer import Scenario, plan\nplan(Scenario(year=2024), solver='highs')\n"

        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)

        assert (0, "") == (done.returncode, capfd.readouterr().out)

    def test_cli_json_with_highs_is_clean(self):
        """mips-ia plan --solver highs --format json prints JSON only."""
        command = ["plan", "--solver", "highs", "--as-of", "2026-01-15", "--format", "json"]
        done = subprocess.run(
            [sys.executable, "-m", "optimizer", *command],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )

        assert "optimal" == json.loads(done.stdout)["status"]

    def test_unknown_solver(self):
        """Only the three exact routes exist."""
        with pytest.raises(PlannerError) as caught:
            Solver.of("glpk")

        assert "Unknown solver 'glpk': use 'auto', 'highs', 'cbc'" == str(caught.value)

    @settings(max_examples=60, deadline=None)
    @given(
        efforts=st.lists(st.sampled_from([0, 1, 2.5, 4, 5, 7.25, 9]), min_size=6, max_size=6),
        weights=st.lists(st.sampled_from(["medium", "high"]), min_size=6, max_size=6),
        special=st.booleans(),
        include=st.sets(st.sampled_from(["IA_PM_1", "IA_PM_4"]), max_size=1),
        quality=st.sets(st.sampled_from(["001", "236"]), max_size=2),
        min_paired=st.integers(0, 3),
    )
    def test_fast_path_matches_the_integer_program(
        self, efforts, weights, special, include, quality, min_paired
    ):
        """'auto' finds the same effort and count as HiGHS on any small practice."""
        ids = ("IA_PM_1", "IA_PM_2", "IA_PM_3", "IA_PM_4", "IA_EPA_1", "IA_EPA_2")
        inventory = make_inventory(2024, *zip(ids, weights, efforts, strict=True))
        pairings = {"IA_PM_1": frozenset({"001"}), "IA_PM_3": frozenset({"236"})}
        pairings |= {"IA_EPA_2": frozenset({"001", "236"})}
        scenario = Scenario(
            year=2024,
            statuses={SpecialStatus.RURAL} if special else set(),
            include=include,
            quality=quality,
            min_paired=min_paired,
        )

        fast = plan(scenario, inventory, pairings=pairings)
        milp = plan(scenario, inventory, pairings=pairings, solver="highs")

        assert (milp.status, milp.total_effort, len(milp.activities)) == (
            fast.status,
            fast.total_effort,
            len(fast.activities),
        )


class TestColumns:
    """Issue 11: every column documented, a template, an unknown column refused."""

    def test_template_has_every_column_and_reads_back(self):
        """--template prints a table the reader accepts as it is."""
        from optimizer.batch.practices import COLUMNS, template

        text = template()
        rows = read_practices(text.encode(), "template.csv")

        assert [c.header for c in COLUMNS.values()] == text.splitlines()[0].split(",")
        assert [("Lakeside Family Medicine", True)] == [
            (r.name, r.scenario is not None) for r in rows
        ]

    def test_an_unknown_column_is_refused_listing_the_valid_ones(self):
        """An 'APM' column used to do nothing silently; now it is an error in words."""
        with pytest.raises(TableFormatError) as caught:
            read_practices(b"Practice,Year,APM\nA,2024,yes\n", "practices.csv")

        assert str(caught.value).startswith(
            "practices.csv: unknown column 'APM'; the columns a practices table may have are "
            "Practice, Year, Statuses, Credits, "
        )

    def test_a_roster_file_per_practice(self, tmp_path):
        """A group row names its roster; the 50% rule then staffs from it."""
        (tmp_path / "team.csv").write_text("Name\nDr Lee\nDr Kim\nDr Roe\nDr Ali\n")
        table = "Practice,Year,Reporting,Roster file\nGroup A,2024,group,team.csv\n"

        (row,) = read_practices(table.encode(), "practices.csv", base_dir=tmp_path)

        assert 4 == len(row.scenario.roster)

    def test_the_columns_are_in_the_help_and_the_readme(self):
        """Every column's header appears in `mips-ia batch --help` and in README.md."""
        from optimizer.batch.practices import COLUMNS
        from optimizer.cli.mips_ia import build_parser

        help_text = build_parser()._subparsers._group_actions[0].choices["batch"].format_help()
        readme = (ROOT / "README.md").read_text()

        assert [] == [c.header for c in COLUMNS.values() if c.header not in help_text]
        assert [] == [c.header for c in COLUMNS.values() if f"`{c.header}`" not in readme]


def test_a_plan_travels_between_processes_unchanged():
    """Batch workers send whole plans back (pickled): exclusions and all arrive equal."""
    import pickle

    result = plan(Scenario(year=2024, exclude=frozenset({"IA_EPA_1"})))

    assert result.excluded
    assert result == pickle.loads(pickle.dumps(result))
