"""The mips-ia command: output, exit codes, and input files (issue 2's interface)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from conftest import ROOT
from optimizer.cli.mips_ia import main
from optimizer.data_files import DATA_DIR
from optimizer.exports.workbook_read import read_workbook
from optimizer.model import Scenario


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def write_csv(path, text: str):
    path.write_text(text)
    return str(path)


def write_xlsx(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return str(path)


class TestPlanOutput:
    """What the consultant sees."""

    def test_json_has_the_documented_fields(self, capsys):
        """--format json prints one object with every field issue 2 lists."""
        code, out, _ = run(
            capsys,
            "plan",
            "--year",
            "2021",
            "--as-of",
            "2021-01-04",
            "--status",
            "rural",
            "--apm",
            "--format",
            "json",
        )
        data = json.loads(out)

        assert 0 == code
        assert {
            "status", "year", "target", "automatic_points", "points", "category_score",
            "final_score_points", "total_effort", "activities", "excluded", "messages",
        } <= set(data)  # fmt: skip
        assert ("optimal", 2021, 20, 40, 100.0, 15.0) == (
            data["status"],
            data["year"],
            data["automatic_points"],
            data["points"],
            data["category_score"],
            data["final_score_points"],
        )
        assert {
            "id",
            "title",
            "subcategory",
            "weight",
            "points",
            "effort",
            "paired_measures",
        } <= set(data["activities"][0])
        assert {"id", "reason"} <= set(data["excluded"][0])

    def test_table_output(self, capsys):
        """The default table names the year, the points and each activity."""
        code, out, _ = run(
            capsys, "plan", "--year", "2024", "--as-of", "2024-01-02", "--status", "small-practice"
        )

        assert 0 == code
        assert out.startswith(
            "Performance year 2024: Lowest-effort plan (as of 2024-01-02)\n"
            "Reporting: individual; statuses: small-practice\n"
            "Points: 40 of 40 (0 automatic)"
        )
        assert "IA_PSPA_23" in out

    def test_table_names_the_mvp_and_the_clinicians(self, capsys, tmp_path):
        """Issue 11: the table output names the MVP and the roster's clinicians."""
        roster = tmp_path / "roster.csv"
        roster.write_text("NPI,Name\n1234567893,Dr Lee\n,Dr Kim\n")
        args = ["plan", "--year", "2025", "--as-of", "2025-01-02", "--mvp", "G0053"]

        _, out, _ = run(capsys, *args, "--reporting", "group", "--roster", str(roster))

        assert "MVP G0053 Advancing Rheumatology Patient Care" in out
        assert "IA_BMH_2 (1): Dr Lee" in out  # by name; the NPI only without one

    def test_without_a_year_stderr_says_which_year_and_why(self, capsys):
        """Issue 11: with no year given, the year a practice can still act on, said."""
        _, _, err = run(capsys, "plan", "--format", "json")

        assert (
            "mips-ia: planning PY2026 (no --year given): activities can still start until "
            "2026-10-03; PY2025 can still be submitted until 2026-03-31 (choose it to attest "
            "what you ran)\n"
        ) == err

    def test_default_year_is_latest(self, capsys):
        """Without --year the latest bundled year is planned."""
        _, out, _ = run(capsys, "plan", "--format", "json")

        assert 2026 == json.loads(out)["year"]

    def test_full_credit(self, capsys):
        """--pcmh gives full credit with nothing to do, exit code 0."""
        code, out, _ = run(capsys, "plan", "--pcmh", "--format", "json")
        data = json.loads(out)

        assert (0, "full_credit", []) == (code, data["status"], data["activities"])

    def test_infeasible_exits_1(self, capsys):
        """No plan: exit code 1 and the reason in the messages."""
        code, out, _ = run(
            capsys,
            "plan",
            "--year",
            "2025",
            "--as-of",
            "2025-01-02",
            "--quality",
            "001",
            "--min-paired",
            "60",
            "--format",
            "json",
        )
        data = json.loads(out)

        assert (1, "infeasible") == (code, data["status"])
        assert "at_least_60_paired" == data["reasons"][0]["code"]

    PLAN_2019 = ("plan", "--year", "2019", "--as-of", "2019-01-02", "--format", "json")

    def test_python_dash_m(self):
        """python -m optimizer runs the same command."""
        done = subprocess.run(
            [sys.executable, "-m", "optimizer", *self.PLAN_2019],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )

        assert (0, 2019) == (done.returncode, json.loads(done.stdout)["year"])


class TestInputFiles:
    """--history, --efforts, --pairings and --inventory take CSV or xlsx."""

    def test_history_blocks_frequency_limited(self, capsys, tmp_path):
        """A 2024 attestation of IA_PSPA_23 keeps it off the 2026 plan."""
        history = write_csv(tmp_path / "h.csv", "Activity ID,Performance year\nIA_PSPA_23,2024\n")

        _, out, _ = run(capsys, "plan", "--history", history, "--format", "json")
        data = json.loads(out)

        assert "IA_PSPA_23" not in [a["id"] for a in data["activities"]]
        assert "frequency_limit" == {e["id"]: e["code"] for e in data["excluded"]}["IA_PSPA_23"]

    def test_efforts_xlsx_changes_the_plan(self, capsys, tmp_path):
        """Making one activity nearly free (we already do it) puts it in the plan."""
        efforts = write_xlsx(tmp_path / "e.xlsx", [["Activity ID", "Effort"], ["IA_BE_6", 0.5]])

        _, out, _ = run(capsys, "plan", "--efforts", efforts, "--format", "json")
        activities = {a["id"]: a["effort"] for a in json.loads(out)["activities"]}

        assert 0.5 == activities["IA_BE_6"]

    def test_pairings_file(self, capsys, tmp_path):
        """A user pairing table replaces the bundled one."""
        pairings = write_csv(tmp_path / "p.csv", "Activity ID,Quality measure ID\nIA_BE_6,1\n")

        _, out, _ = run(
            capsys, "plan", "--pairings", pairings, "--quality", "001",
            "--require-pairing", "--status", "rural", "--format", "json",
        )  # fmt: skip
        data = json.loads(out)

        assert ["IA_BE_6"] == [a["id"] for a in data["activities"]]
        assert ["001"] == data["activities"][0]["paired_measures"]

    def test_own_inventory(self, capsys, tmp_path):
        """--inventory plans on the user's file for --year."""
        inventory = write_csv(
            tmp_path / "inv.csv",
            "Activity ID,Activity Title,Effort\nIA_PM_1,One,3\nIA_PM_2,Two,4\n",
        )

        _, out, _ = run(
            capsys,
            "plan",
            "--inventory",
            inventory,
            "--year",
            "2025",
            "--as-of",
            "2025-01-02",
            "--format",
            "json",
        )

        assert ["IA_PM_1", "IA_PM_2"] == sorted(a["id"] for a in json.loads(out)["activities"])


class TestBadInput:
    """Exit code 2 and a one-line message on stderr, never a traceback."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--year", "2016"],
                "mips-ia: error: No improvement-activity rules for performance year 2016: the "
                "planner knows 2017-2026, and 2027 provisionally on the 2026 rules carried "
                "forward\n",
            ),
            (
                ["--include", "IA_NOPE_1"],
                "mips-ia: error: Unknown activity ID IA_NOPE_1 in the must include list: not in "
                "the 2026 inventory (bundled data)\n",
            ),
            (
                ["--history", "/nonexistent/h.csv"],
                "mips-ia: error: cannot read /nonexistent/h.csv: No such file or directory\n",
            ),
            (
                ["--year", "2020", "--app"],
                "mips-ia: error: The APM Performance Pathway (APP) starts in 2021; there is none "
                "in 2020\n",
            ),
        ],
        ids=["unknown-year", "unknown-activity", "missing-file", "app-before-2021"],
    )
    def test_messages(self, capsys, args, message):
        """Each bad input gets its own message on stderr."""
        code, out, err = run(capsys, "plan", *args)

        assert (2, "", message) == (code, out, err)

    def test_cbc_without_the_extra_is_refused_with_the_install_command(self, capsys, monkeypatch):
        """--solver cbc where CBC is not installed says how to install it (exit 2)."""
        monkeypatch.setattr("optimizer.planning.solve.status.cbc_path", lambda: None)

        code, out, err = run(capsys, "plan", "--year", "2024", "--solver", "cbc")

        assert (2, "") == (code, out)
        assert (
            "mips-ia: error: The CBC solver is not installed: install it with pip install "
            '"ia-planner[cbc]", or plan with the default solver or HiGHS\n'
        ) == err

    def test_negative_effort(self, capsys, tmp_path):
        """A negative effort names the file, line and column."""
        efforts = write_csv(tmp_path / "e.csv", "Activity ID,Effort\nIA_BE_6,-2\n")

        code, _, err = run(capsys, "plan", "--efforts", efforts)

        assert (
            2,
            "mips-ia: error: e.csv, line 2, column 'Effort': must be a number of hours >= 0, "
            "got '-2'\n",
        ) == (
            code,
            err,
        )

    def test_bad_history_year(self, capsys, tmp_path):
        """A history year that is not a performance year is refused."""
        history = write_csv(tmp_path / "h.csv", "Activity ID,Year\nIA_PSPA_4,last year\n")

        code, _, err = run(capsys, "plan", "--history", history)

        assert (
            2,
            "mips-ia: error: h.csv, line 2, column 'Year': must be a performance year such as "
            "2024, got 'last year'\n",
        ) == (code, err)

    def test_history_without_year_column(self, capsys, tmp_path):
        """A history file must have a performance-year column."""
        history = write_csv(tmp_path / "h.csv", "Activity ID,When\nIA_PSPA_4,2024\n")

        code, _, err = run(capsys, "plan", "--history", history)

        assert (
            2,
            "mips-ia: error: h.csv: no header row with an 'Activity ID' and a 'Performance year' "
            "column in the first 30 rows\n",
        ) == (code, err)

    def test_unknown_option_value(self, capsys):
        """argparse's own errors also exit with 2."""
        with pytest.raises(SystemExit) as info:
            main(["plan", "--status", "tiny"])

        assert 2 == info.value.code


class TestImportCommand:
    """mips-ia import-cms rebuilds the bundled tables."""

    @pytest.mark.cms
    def test_import_one_year(self, capsys, cms_dir, tmp_path, monkeypatch):
        """Importing 2026 into a folder writes its inventory from CMS's JSON."""
        import optimizer.sources.importer as importer

        monkeypatch.setattr(importer, "DATA_DIR", tmp_path)
        (tmp_path / "rules.csv").write_bytes((DATA_DIR / "rules.csv").read_bytes())

        written = importer.import_cms(cms_dir, [2026], tmp_path)

        assert f"{tmp_path}/inventories/2026.csv: 95 activities" == written[0]

    def test_year_without_rules(self, capsys, tmp_path):
        """A year with no rules row is refused before anything is written."""
        code, _, err = run(capsys, "import-cms", str(tmp_path), "--years", "2031")

        assert (
            2,
            "mips-ia: error: No row for performance year 2031 in optimizer/data/rules.csv: "
            "add the year's rules first, then import its CMS files (or load them for "
            "yourself with `mips-ia data update --year 2031`)\n",
        ) == (code, err)


def test_workbook_bytes_helper_is_valid():
    """The xlsx helper used above writes a readable workbook (guards the fixtures)."""
    wb = openpyxl.Workbook()
    wb.active.append(["Activity ID", "Effort"])
    out = io.BytesIO()
    wb.save(out)

    assert ["Activity ID", "Effort"] == [c.value for c in openpyxl.load_workbook(out).active[1]]


class TestSubmissionFile:
    """--qpp-json checks identifiers first and never hides the plan."""

    def test_missing_tin_is_refused_before_planning(self, capsys, tmp_path):
        """Without a TIN nothing is planned or written, and the message says what is missing."""
        excel = tmp_path / "plan.xlsx"

        code, out, err = run(
            capsys, "plan", "--year", "2025", "--excel", str(excel),
            "--qpp-json", str(tmp_path / "s.json"),
        )  # fmt: skip

        assert (2, "", False) == (code, out, excel.exists())
        assert (
            "mips-ia: error: An individual submission needs the practice's TIN (9 digits)\n" == err
        )

    def test_infeasible_plan_writes_no_submission(self, capsys, tmp_path):
        """No plan: exit 1, the reasons printed, the workbook written, no JSON file."""
        submission, excel = tmp_path / "s.json", tmp_path / "plan.xlsx"

        code, out, err = run(
            capsys, "plan", "--year", "2025", "--quality", "001", "--min-paired", "60",
            "--tin", "123456789", "--npi", "1234567893", "--qpp-json", str(submission),
            "--excel", str(excel), "--format", "json",
        )  # fmt: skip

        assert (1, "infeasible") == (code, json.loads(out)["status"])
        assert (False, True) == (submission.exists(), excel.exists())
        assert err.endswith("mips-ia: no submission file written: no plan reaches the target\n")


class TestImportSafety:
    """import-cms never wipes bundled rows it cannot replace."""

    def test_empty_year_range(self, capsys, tmp_path):
        """A reversed range names no year and is refused."""
        code, _, err = run(capsys, "import-cms", str(tmp_path), "--years", "2026-2020")

        assert (
            2,
            "mips-ia: error: No years to import: give one or more performance years, e.g. 2027 "
            "or 2017-2026\n",
        ) == (code, err)

    def test_missing_mvp_file(self, capsys, tmp_path):
        """A 2025 import without MVP data is refused before anything is written."""
        (tmp_path / "ia").mkdir()
        (tmp_path / "quality").mkdir()
        (tmp_path / "ia" / "2025.json").write_text("[]")
        (tmp_path / "quality" / "2025.json").write_text("[]")

        code, _, err = run(capsys, "import-cms", str(tmp_path), "--years", "2025")

        assert (2, f"mips-ia: error: {tmp_path} has no MVPs for 2025 (mvp/2025.json)\n") == (
            code,
            err,
        )


class TestFromWorkbookOverrides:
    """--from-workbook: every option typed overrides the saved one, and no note is lost."""

    @pytest.fixture(autouse=True)
    def early_2021(self, clock):
        """Plans of 2021-2025 are made as in January 2021: nothing is late yet."""
        clock(date(2021, 1, 4))

    @pytest.mark.parametrize(
        ("saved", "typed", "expected"),
        [
            (["--year", "2021", "--apm"], ["--no-apm"], {"year": 2021}),
            (["--year", "2021", "--app"], ["--no-app"], {"year": 2021}),
            (["--pcmh"], ["--no-pcmh"], {}),
            (
                ["--quality", "001", "--require-pairing"],
                ["--no-require-pairing"],
                {"quality": frozenset({"001"})},
            ),
            (
                ["--quality", "001", "--min-paired", "1"],
                ["--min-paired", "0"],
                {"quality": frozenset({"001"})},
            ),
            (["--quality", "001"], ["--quality", ""], {}),
            (["--target", "30"], ["--target", "40"], {"target": 40}),
            (["--status", "rural"], ["--status", "none"], {}),
            (["--exclude", "IA_EPA_5"], ["--exclude", ""], {}),
            (
                ["--reporting", "group", "--clinicians", "4"],
                ["--reporting", "individual"],
                {"clinicians": 4},
            ),
            (["--target", "30"], ["--apm"], {"target": 30, "apm": True}),
        ],
        ids=[
            "no-apm",
            "no-app",
            "no-pcmh",
            "no-require-pairing",
            "min-paired-0",
            "no-quality",
            "target-40",
            "status-none",
            "exclude-nothing",
            "individual-again",
            "untyped-kept",
        ],
    )
    def test_typed_option_overrides_the_saved_one(self, capsys, tmp_path, saved, typed, expected):
        """An option typed with --from-workbook wins even when it is the default value."""
        first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        main(["plan", "--year", "2025", *saved, "--excel", str(first)])
        main(["plan", "--from-workbook", str(first), *typed, "--excel", str(second)])

        assert Scenario(**{"year": 2025, **expected}) == read_workbook(second.read_bytes()).scenario

    def test_individual_again_drops_the_saved_roster(self, capsys, tmp_path):
        """A group workbook with a roster plans again as an individual, without the roster."""
        roster = write_csv(tmp_path / "r.csv", "NPI,Name\n1234567893,Dr Lee\n,Dr Kim\n")
        first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        main(["plan", "--year", "2024", "--reporting", "group", "--roster", roster,
              "--excel", str(first)])  # fmt: skip

        code, _, _ = run(
            capsys, "plan", "--from-workbook", str(first), "--reporting", "individual",
            "--excel", str(second),
        )  # fmt: skip

        assert (0, Scenario(year=2024)) == (code, read_workbook(second.read_bytes()).scenario)

    @pytest.mark.parametrize(
        ("flags", "automatic"),
        [([], 0), (["--apm"], 20), (["--no-apm"], 0)],
        ids=["neither", "apm", "no-apm"],
    )
    def test_flags_without_a_workbook(self, capsys, flags, automatic):
        """Without --from-workbook, --apm gives the APM credit and --no-apm is the default."""
        code, out, _ = run(capsys, "plan", "--year", "2021", *flags, "--format", "json")

        assert (0, automatic) == (code, json.loads(out)["automatic_points"])

    def test_notes_of_an_excluded_activity_are_kept(self, capsys, tmp_path):
        """Issue 4's repro: Owner and Evidence kept of an excluded activity reach the new file."""
        first, noted, third = tmp_path / "p.xlsx", tmp_path / "p_notes.xlsx", tmp_path / "p3.xlsx"
        main(["plan", "--year", "2025", "--excel", str(first)])
        book = openpyxl.load_workbook(first)
        ws = book["Plan"]
        header = [c.value for c in ws[1]]
        activity_id = ws.cell(row=2, column=1).value
        ws.cell(row=2, column=header.index("Owner") + 1).value = "Dr Lee"
        ws.cell(row=2, column=header.index("Evidence kept") + 1).value = "binder 3"
        book.save(noted)

        main(["plan", "--from-workbook", str(noted), "--exclude", activity_id,
              "--excel", str(third)])  # fmt: skip
        earlier = openpyxl.load_workbook(third)["Earlier notes"]

        assert [(activity_id, 2025, "Dr Lee", "binder 3", "Not in this plan")] == [
            tuple(c.value for c in row) for row in earlier.iter_rows(min_row=2)
        ]


class TestFromWorkbookNextYear:
    """A workbook of one year planned again for the next: its lists follow what CMS
    changed (RULES-RESEARCH.md section 7 [R4]), and stderr says what moved."""

    @pytest.fixture(autouse=True)
    def early_2025(self, clock):
        clock(date(2025, 1, 6))

    def test_lists_follow_the_re_ids(self, capsys, tmp_path):
        first, second = tmp_path / "2025.xlsx", tmp_path / "2026.xlsx"
        main(["plan", "--year", "2025", "--include", "IA_AHE_1", "--exclude", "IA_CC_1,IA_EPA_6",
              "--excel", str(first)])  # fmt: skip
        capsys.readouterr()

        code, _, err = run(
            capsys, "plan", "--from-workbook", str(first), "--year", "2026", "--excel", str(second)
        )
        saved = read_workbook(second.read_bytes()).scenario

        assert (0, frozenset({"IA_EPA_7"}), frozenset({"IA_EPA_6"})) == (
            code,
            saved.include,
            saved.exclude,
        )
        assert (
            "mips-ia: left out of your 2026 lists: IA_CC_1 is not in the 2026 inventory; "
            "proposed replacement: IA_CC_13"
        ) in err
        assert (
            "mips-ia: from the 2025 plan: IA_AHE_1 is IA_EPA_7 from 2026: the same activity "
            "under a new ID"
        ) in err

    def test_same_year_says_nothing(self, capsys, tmp_path):
        first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
        main(["plan", "--year", "2025", "--include", "IA_AHE_1", "--excel", str(first)])
        capsys.readouterr()

        code, _, err = run(capsys, "plan", "--from-workbook", str(first), "--excel", str(second))

        assert (0, f"wrote {second}\n") == (code, err)
        assert frozenset({"IA_AHE_1"}) == read_workbook(second.read_bytes()).scenario.include
