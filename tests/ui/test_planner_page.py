"""The planner page as a practice manager reads it (issue 14): why each activity is in,
what to do and what to keep, a plan that cannot be made said in words with the
workbook still offered, words that agree across app, CLI and workbook, and edits that
show what the plan counts. Driven headless with ``AppTest`` on the bundled data."""

from __future__ import annotations

import io

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from conftest import section
from optimizer import (
    Reporting,
    Scenario,
    bundled_inventory,
    latest_year,
    plan,
    write_workbook,
)
from optimizer.cli.plan_table import format_table as plan_table
from optimizer.model import PlanStatus, Weight
from optimizer.rules.effort import RUNNING_HOURS
from optimizer.sources.bundled import effort_estimates
from optimizer.ui.activity_table import ActivityEdit, activity_frame
from optimizer.ui.labels import EFFORT, ID, WEIGHT
from optimizer.ui.pages import NAVIGATION_SCRIPT, planner
from optimizer.ui.plan_tables import plan_columns
from optimizer.ui.results import NON_BREAKING_HYPHEN
from optimizer.ui.results import plan_table as app_plan_table
from optimizer.wording import START_BY

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)
"""The Streamlit script ``app.py`` serves (AppTest runs the script, not the launcher)."""
YEAR = latest_year()
BAD_INVENTORY = ("inv.xlsx", b"not a workbook", "application/octet-stream")


def plan_ids(at: AppTest) -> list[str]:
    return at.table[0].value[ID].tolist() if at.table else []


def card_of(at: AppTest, activity_id: str) -> str:
    """The text of the "Why these" card of one planned activity."""
    return next(m.value for m in at.markdown if m.value.startswith(f"**{activity_id}**"))


def test_each_planned_activity_says_why_it_is_in_what_to_do_and_what_to_keep(
    app: AppTest,
) -> None:
    """The "Why these" section (open first) gives, for every planned activity, its
    points toward the 40, its effort and where the figure comes from, what the
    cheapest plan without it would take, and the what-to-do and evidence lines of
    the bundled efforts table."""
    estimates = effort_estimates()

    assert plan_ids(app)
    for activity_id in plan_ids(app):
        card = card_of(app, activity_id)
        estimate = estimates[activity_id]

        assert "points toward the 40 needed" in card
        assert "h of effort" in card
        assert "Without it, the cheapest plan takes" in card
        assert f"**What to do:** {estimate.what_to_do}" in card
        assert f"**Evidence to keep:** {estimate.evidence_to_keep}" in card


def test_swap_button_takes_the_activity_out_and_its_replacement_in(app: AppTest) -> None:
    """One click on "Can't do X: take Y instead" marks X can't do and re-plans."""
    first = plan_ids(app)[0]

    app.button(key=f"why_swap_{first}").click().run()

    assert first not in plan_ids(app)
    assert app.session_state["edits"][YEAR][first].cant_do


def test_cant_do_on_an_activity_already_running_swaps_it_out(app: AppTest) -> None:
    """The swap of an activity marked Already doing takes it out (no longer running)
    instead of asking for a scenario that is both running and excluded."""
    first = plan_ids(app)[0]
    app.session_state["edits"] = {YEAR: {first: ActivityEdit(already_doing=True)}}
    app.run()

    app.button(key=f"why_swap_{first}").click().run()

    assert [] == [e.value for e in app.error]
    assert first not in plan_ids(app)
    assert ActivityEdit(cant_do=True) == app.session_state["edits"][YEAR][first]


def test_a_roster_kept_from_group_reporting_is_set_aside_for_an_individual(
    app: AppTest,
) -> None:
    """A roster made while reporting as a group does not stop an individual's plan; it
    is kept for when the practice reports as a group again."""
    app.selectbox(key="reporting").set_value(Reporting.GROUP).run()
    section(app, "Group")
    app.button(key="roster_interchangeable").click().run()
    section(app, "Why these")

    app.selectbox(key="reporting").set_value(Reporting.INDIVIDUAL).run()

    assert [] == [e.value for e in app.error]
    assert plan_ids(app)
    assert 6 == len(app.session_state["roster"])


def test_all_paired_with_no_measures_says_what_blocks_and_keeps_the_workbook(
    app: AppTest,
) -> None:
    """ "All paired" with no quality measure: the page says why in plain words with the
    change that would fix it (no solver constraint names), and the workbook of the
    scenario can still be downloaded."""
    app.radio(key="pairing").set_value("All paired").run()

    shown = [e.value for e in app.error]
    workbook = app.download_button(key="download_workbook")

    assert 1 == len(shown)
    assert "'All paired' keeps only activities that pair with a quality measure" in shown[0]
    assert "**What would fix it:**" in shown[0]
    assert "reach_40_points" not in shown[0]
    assert "Download the scenario as Excel" == workbook.label


def test_a_rejected_upload_leaves_the_uploader_empty(app: AppTest) -> None:
    """A file that was not loaded does not stay attached as if it were."""
    app.session_state["files_open"] = True
    app.run()
    app.file_uploader(key=f"inventory_file_{YEAR}").set_value(BAD_INVENTORY)
    app.session_state["files_open"] = True
    app.run()

    uploaders = {u.key: u.value for u in app.get("file_uploader")}

    assert 1 == len(app.error)
    assert f"inventory_file_{YEAR}" not in uploaders
    assert None is uploaders[f"inventory_file_{YEAR}__1"]


def test_already_doing_shows_the_effort_the_plan_counts(app: AppTest) -> None:
    """Ticking "Already doing" shows the 0.5 h the plan counts, not the full estimate."""
    first = plan_ids(app)[0]
    app.session_state["edits"] = {YEAR: {first: ActivityEdit(already_doing=True)}}
    app.run()

    section(app, "Activities")
    editor = next(d.value for d in app.dataframe if EFFORT in d.value.columns)

    assert RUNNING_HOURS == editor.set_index(ID).loc[first, EFFORT]


def test_plurals_follow_the_count(app: AppTest) -> None:
    """A small practice needs one activity: "1 activity", never "1 activities"."""
    app.toggle(key="status_small-practice").set_value(True).run()
    section(app, "Activities")

    captions = [c.value for c in app.caption if c.value.startswith("The plan now")]

    assert 1 == len(plan_ids(app))
    assert 1 == len(captions)
    assert "(1 activity)" in captions[0]


def test_plan_table_hides_columns_that_mean_nothing_for_the_year(app: AppTest) -> None:
    """No Weight from 2025 (CMS dropped weights), no Paired measures when nothing
    pairs, no Clinicians needed for an individual."""
    columns = app.table[0].value.columns.tolist()

    assert [ID, "Title", "Points", EFFORT, "Start", "End", START_BY] == columns


def test_weight_and_pairing_columns_come_back_when_they_mean_something() -> None:
    """A 2024 plan has weights; a plan with a quality measure paired shows it."""
    weighted = plan(Scenario(year=2024))
    paired = plan(Scenario(year=YEAR, quality=frozenset({"052"}), min_paired=1))

    assert WEIGHT in plan_columns(weighted)
    assert "Paired measures" in plan_columns(paired)


def test_dates_keep_to_one_line_in_the_app_table() -> None:
    """The app's plan table writes days with non-breaking hyphens, so a narrow column
    never breaks "2026-" from "01-01"; they read the same as the CLI's."""
    result = plan(Scenario(year=YEAR))

    frame = app_plan_table(result)
    first = result.schedule[0]

    assert first.start.isoformat().replace("-", NON_BREAKING_HYPHEN) in frame["Start"].tolist()
    assert all("-" not in str(day) for day in frame[START_BY])


def test_words_agree_across_app_cli_and_workbook() -> None:
    """The same column words, weight and status labels in the app, the CLI table and
    the Excel workbook (issue 14: "high" in the app but "High" in the workbook)."""
    scenario = Scenario(year=2024)
    inventory = bundled_inventory(2024)
    result = plan(scenario, inventory)
    book = openpyxl.load_workbook(
        io.BytesIO(write_workbook(result, scenario, inventory, what_if=()))
    )
    sheet = book["Activities"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    in_workbook = {
        row[0]: row[header.index(WEIGHT)] or ""
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    in_app = activity_frame(inventory, scenario, {}).set_index(ID)[WEIGHT].to_dict()
    plan_header = [c.value for c in next(book["Plan"].iter_rows(max_row=1))]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    cli = plan_table(result)

    assert in_workbook == in_app
    assert {"High", "Medium"} == set(in_app.values()) - {""}
    assert Weight.HIGH.label == "High"
    assert all(word in plan_header for word in (ID, EFFORT, START_BY))
    assert all(word in app_plan_table(result).columns for word in (ID, EFFORT, START_BY))
    assert all(word in cli for word in (ID, EFFORT, START_BY))
    assert PlanStatus.OPTIMAL.label == "Lowest-effort plan"
    assert PlanStatus.OPTIMAL.label in cli
    assert PlanStatus.OPTIMAL.label in summary.values()


LONG, SHORT = 0.003, 0.001


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses the planner takes, in order (the first-visit one is LONG, the other
    SHORT), recorded instead of slept."""
    monkeypatch.setattr(planner, "FIRST_VISIT_PAUSE_S", LONG)
    monkeypatch.setattr(planner, "FIRST_PAINT_PAUSE_S", SHORT)
    taken: list[float] = []
    monkeypatch.setattr(planner, "sleep", taken.append)
    return taken


def test_a_sessions_first_plan_waits_longer_before_the_rest_of_the_page(
    pauses: list[float],
) -> None:
    """A browser's first visit pauses FIRST_VISIT_PAUSE_S after the plan (the browser is
    fetching the code that draws it); later runs, a toggle included, the short one."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    first = list(pauses)
    at.toggle(key="status_small-practice").set_value(True).run()

    assert [LONG] == first
    assert [LONG, SHORT] == pauses[:2]
    assert {SHORT} == set(pauses[1:])


def test_a_browser_seen_before_gets_the_short_pause_from_its_first_run(
    pauses: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload or a second tab: the browser holds Streamlit's code already."""
    monkeypatch.setattr(planner, "seen_before", lambda: True)

    AppTest.from_file(APP, default_timeout=60).run()

    assert [SHORT] == pauses


def test_the_reweighting_toggles_change_the_ia_weight_and_say_why(app: AppTest) -> None:
    """A small practice's PI is reweighted by default (IA 30%); turning that toggle off
    gives 15% again (42 CFR 414.1380(c)(2))."""
    app.toggle(key="status_small-practice").set_value(True).run()
    small = [m.value for m in app.metric if m.label == "Final-score points"]
    said_why = [c.value for c in app.caption if c.value.startswith("The IA category weighs")]
    app.toggle(key="pi_reweighted_True").set_value(False).run()
    scored = [m.value for m in app.metric if m.label == "Final-score points"]

    assert (["30 of 30"], ["15 of 15"]) == (small, scored)
    assert [
        "The IA category weighs 30% of the final score: Promoting Interoperability "
        "reweighted (automatic for a small practice)"
    ] == said_why
