"""Limits and formats the user sees: one clinician maximum in every face, hours
written as hours, clinicians by name, at risk apart from missed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer import Scenario
from optimizer.cli.mips_ia import main
from optimizer.errors import ScenarioError
from optimizer.model import Assignment, Clinician, Reporting
from optimizer.model.values import MAX_CLINICIANS
from optimizer.planning.roadmap.build import roadmap
from optimizer.ui import workspace_state
from optimizer.ui.labels import hours_text
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.pages.roadmap import GRID_CHART
from optimizer.ui.plan_tables import headline, who_does_what_frame
from optimizer.ui.progress_tables import PORTFOLIO_COLUMNS, PROGRESS_COLUMNS
from optimizer.ui.roadmap_tables import HOURS, grid_frame
from optimizer.ui.table_widths import PORTFOLIO_WIDTHS, TRACKER_WIDTHS
from optimizer.workspace import Profile, add_practice, open_workspace

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
TOO_MANY = MAX_CLINICIANS + 1
TOO_MANY_WORDS = f"must be a whole number of at most {MAX_CLINICIANS:,}, got"


def test_the_maximum_is_a_sane_number_of_clinicians() -> None:
    """The maximum is 100,000: more than any one group bills under."""
    assert 100_000 == MAX_CLINICIANS


def test_the_cli_refuses_more_clinicians_than_the_maximum(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """plan --clinicians over the maximum exits 2 and says the maximum."""
    options = ["--reporting", "group", "--clinicians", str(TOO_MANY), "--as-of", "2026-03-01"]

    code = main(["plan", "--year", "2026", *options])

    expected = f"mips-ia: error: --clinicians {TOO_MANY_WORDS} {TOO_MANY}\n"
    assert (2, expected) == (code, capsys.readouterr().err)


def test_the_batch_refuses_more_clinicians_than_the_maximum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A batch row over the maximum fails with the row, the column and the maximum."""
    table = tmp_path / "practices.csv"
    table.write_text(f"Practice,Year,Reporting,Clinicians\nBig,2026,group,{TOO_MANY}\n")

    main(["batch", str(table), "--format", "json", "--as-of", "2026-03-01"])

    expected = f"practices.csv, line 2, column 'Clinicians': {TOO_MANY_WORDS} '{TOO_MANY}'"
    assert expected in capsys.readouterr().out


def test_the_library_refuses_more_clinicians_than_the_maximum() -> None:
    """A Scenario built in code is held to the same maximum."""
    with pytest.raises(ScenarioError, match="'clinicians' must be at most 100,000: 100,001"):
        Scenario(year=2026, reporting=Reporting.GROUP, clinicians=TOO_MANY)


def planner_with_clinicians(count: int) -> AppTest:
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.selectbox(key="reporting").set_value("group")
    at = at.number_input(key="clinicians").set_value(6).run()
    return at.number_input(key="clinicians").set_value(count).run()


@pytest.mark.parametrize(
    ("count", "problem"),
    [(TOO_MANY, f"{TOO_MANY_WORDS} {TOO_MANY}"), (0, "must be a whole number \\>= 1, got 0")],
    ids=["over-the-maximum", "zero"],
)
def test_the_app_refuses_a_clinician_count_out_of_bounds(count: int, problem: str) -> None:
    """Over the maximum or 0: the number stays as typed, the page says why by the field's
    label, and no plan of the old count is shown."""
    at = planner_with_clinicians(count)

    assert f"'Clinicians in the practice' {problem}" in [e.value for e in at.error]
    assert count == at.number_input(key="clinicians").value
    assert not [s.value for s in at.subheader if s.value.startswith("Plan:")]


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(9.0, "9 h"), (17.5, "17.5 h"), (0.25, "0.25 h"), (0.0, "0 h"), (2.5e8, "250,000,000 h")],
    ids=["whole", "half", "quarter", "zero", "huge"],
)
def test_hours_are_written_as_hours(hours: float, expected: str) -> None:
    """Hours: two decimals at most, thousands separated, never an exponent."""
    assert expected == hours_text(hours)


def test_the_plan_headline_writes_its_total_effort_as_hours() -> None:
    """The Total effort metric is '<hours> h', never in an exponent."""
    from optimizer import plan

    result = plan(Scenario(year=2026))
    big = replace(result, activities=tuple(replace(a, effort=1.25e8) for a in result.activities))

    effort = dict(headline(big))["Total effort"]

    assert f"{hours_text(big.total_effort)}" == effort
    assert "e+" not in effort


def test_the_roadmap_chart_cells_read_hours() -> None:
    """Each cell of the roadmap chart is written '9 h', not Vega's '9.00000'."""
    result = roadmap(Scenario(year=2026), 2027)
    grid = grid_frame(result)
    text = GRID_CHART["layer"][1]["encoding"]["text"]

    assert {"field": HOURS, "type": "nominal"} == text
    assert [hours_text(e) for e in grid["Effort (h)"]] == grid[HOURS].tolist()
    assert all(h.endswith(" h") for h in grid[HOURS])


def test_who_does_what_names_the_clinicians_and_keeps_the_npi_last() -> None:
    """The roster's names, the NPI in the last column; a clinician with no name by NPI."""
    from optimizer import plan

    roster = (Clinician("1234567893", name="Dr Lee"), Clinician("1999999984"))
    scenario = Scenario(year=2026, reporting=Reporting.GROUP, roster=roster)
    result = replace(
        plan(scenario),
        assignments=(Assignment("IA_EPA_1", ("1234567893", "1999999984")),),
    )

    actual = who_does_what_frame(result).to_dict("records")

    expected = [
        {"Clinician": "Dr Lee", "Activities": "IA_EPA_1", "Count": 1, "NPI": "1234567893"},
        {"Clinician": "1999999984", "Activities": "IA_EPA_1", "Count": 1, "NPI": "1999999984"},
    ]
    assert expected == actual


def portfolio_page_app() -> None:
    from optimizer.ui.pages.portfolio import portfolio_page

    portfolio_page()


@pytest.mark.parametrize(
    ("today", "at_risk", "missed"),
    [(date(YEAR, 9, 23), "2", "0"), (date(YEAR, 10, 4), "0", "2")],
    ids=["ten-days-before", "the-day-after"],
)
def test_the_portfolio_counts_missed_starts_apart_from_at_risk(
    monkeypatch: pytest.MonkeyPatch, today: date, at_risk: str, missed: str
) -> None:
    """Before the last start (October 3) the activities not begun are at risk; after it
    they are missed, and none is at risk."""
    ws = open_workspace()
    add_practice(ws, ACME, Profile(clinicians=6))
    plan_year(ws)
    monkeypatch.setattr(workspace_state, "today", lambda: today)

    at = AppTest.from_function(portfolio_page_app, default_timeout=60).run()
    metrics = {m.label: m.value for m in at.metric}

    assert (at_risk, missed) == (metrics["Activities at risk"], metrics["Missed their start"])


@pytest.mark.parametrize(
    ("widths", "columns"),
    [(PORTFOLIO_WIDTHS, PORTFOLIO_COLUMNS), (TRACKER_WIDTHS, PROGRESS_COLUMNS)],
    ids=["portfolio", "tracker"],
)
def test_every_column_has_a_width_and_the_table_fits_1280_px(
    widths: dict[str, dict[str, object]], columns: tuple[str, ...]
) -> None:
    """Each column of the table is given a width, 840 px in all at most (the Portfolio's
    total, which fits beside the sidebar at 1280 px: tests/ui/test_browser_width.py)."""
    assert list(columns) == list(widths)
    assert sum(int(str(c["width"])) for c in widths.values()) <= 840
