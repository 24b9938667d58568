"""A saved workbook re-opened later in its year keeps its plan: the activities whose
window has begun count as running; and a provisional plan says so on its Summary."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl

from optimizer import plan
from optimizer.cli.mips_ia import main
from optimizer.exports.workbook_layout import SUMMARY_SHEET
from optimizer.exports.workbook_read import read_workbook, with_plan_running
from optimizer.exports.workbook_write import write_workbook
from optimizer.model import PlanStatus, Scenario

MARCH, DECEMBER = date(2026, 3, 1), date(2026, 12, 2)


def _saved_in_march() -> tuple[tuple[str, ...], bytes]:
    scenario = Scenario(year=2026)
    made = plan(scenario, as_of=MARCH)
    return made.activity_ids, write_workbook(made, scenario, what_if=())


def test_plan_starts_come_back_from_the_plan_sheet():
    """The Plan sheet's Start of each planned activity is read back."""
    ids, data = _saved_in_march()

    assert tuple((i, MARCH) for i in sorted(ids)) == read_workbook(data).plan_starts


def test_reopened_in_december_the_begun_activities_count_as_running():
    """Re-opened on 2026-12-02, the March plan's activities run since March 1: the
    plan keeps them, instead of finding no plan after the last start."""
    ids, data = _saved_in_march()
    restored = read_workbook(data)

    scenario, note = with_plan_running(restored, DECEMBER)
    result = plan(scenario, restored.inventory, as_of=DECEMBER)

    assert (PlanStatus.OPTIMAL, ids) == (result.status, result.activity_ids)
    assert (
        f"From the saved plan: {ids[0]} (began 2026-03-01), {ids[1]} (began 2026-03-01) "
        "count as running, since their windows began before 2026-12-02"
    ) == note


def test_windows_not_begun_yet_are_not_running():
    """Re-opened before the windows begin, or on their first day, nothing counts as running."""
    _, data = _saved_in_march()
    restored = read_workbook(data)

    assert [(restored.scenario, "")] * 2 == [
        with_plan_running(restored, day) for day in (date(2026, 2, 1), MARCH)
    ]


def test_cli_reopens_a_workbook_in_december(capsys, tmp_path):
    """--from-workbook on 2026-12-02: exit 0, the saved activities, said on stderr."""
    ids, data = _saved_in_march()
    saved = tmp_path / "plan.xlsx"
    saved.write_bytes(data)

    code = main(
        ["plan", "--from-workbook", str(saved), "--as-of", "2026-12-02", "--format", "json"]
    )
    out, err = capsys.readouterr()

    assert (0, ids) == (code, tuple(a["id"] for a in json.loads(out)["activities"]))
    assert "count as running, since their windows began before 2026-12-02" in err


def test_summary_of_a_provisional_plan_says_so():
    """A PY2027 plan made in December 2026 has a Provisional row on its Summary sheet."""
    scenario = Scenario(year=2027)
    made = plan(scenario, as_of=DECEMBER)
    book = openpyxl.load_workbook(io.BytesIO(write_workbook(made, scenario, what_if=())))
    rows = {r[0]: r[1] for r in book[SUMMARY_SHEET].iter_rows(values_only=True)}

    assert made.provisional_note == rows["Provisional"]


def test_practice_plan_reopens_a_workbook_in_december(capsys, tmp_path):
    """practice plan --from-workbook on 2026-12-02 keeps the saved plan's activities."""
    ids, data = _saved_in_march()
    saved, db = tmp_path / "plan.xlsx", f"sqlite:///{tmp_path / 'ws.db'}"
    saved.write_bytes(data)
    assert 0 == main(["practice", "add", "Acme", "--db", db])
    capsys.readouterr()

    code = main(
        ["practice", "plan", "Acme", "--year", "2026", "--as-of", "2026-12-02",
         "--from-workbook", str(saved), "--format", "json", "--db", db]
    )  # fmt: skip
    out, err = capsys.readouterr()

    assert (0, ids) == (code, tuple(a["id"] for a in json.loads(out)["activities"]))
    assert "count as running, since their windows began before 2026-12-02" in err
