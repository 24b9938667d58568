"""The Streamlit app, driven headless with ``AppTest`` on the bundled data."""

from __future__ import annotations

import ast
import io
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from conftest import section
from optimizer import (
    Attestation,
    Reporting,
    Scenario,
    SpecialStatus,
    bundled_inventory,
    latest_year,
    plan,
    write_workbook,
)
from optimizer.sources.roster import interchangeable_roster
from optimizer.ui.activity_table import ActivityEdit
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.results import NON_BREAKING_HYPHEN

# AppTest resolves a relative path against this file, so give it an absolute one.
pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)
"""The Streamlit script ``app.py`` serves (AppTest runs the script, not the launcher)."""
YEAR = latest_year()
HISTORY_CSV = b"Activity ID,Performance year\nIA_PSPA_23,2024\n"
INVENTORY_CSV = (
    b"Activity ID,Activity Title,Subcategory Name,Effort\n"
    b"IA_EPA_1,Provide 24/7 access,Expanded Practice Access,3\n"
    b"IA_BE_4,Engagement through patient portal,Beneficiary Engagement,4\n"
    b"IA_PM_2,Anticoagulant management,Population Management,9\n"
)


def plan_ids(at: AppTest) -> list[str]:
    return at.table[0].value["Activity ID"].tolist() if at.table else []


def plan_points(at: AppTest) -> list[int]:
    return at.table[0].value["Points"].tolist() if at.table else []


def one_day(shown: object) -> str:
    """A date as the plan table writes it, with plain hyphens again."""
    return str(shown).replace(NON_BREAKING_HYPHEN, "-")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


Downloads = Callable[[AppTest, str], tuple[str, bytes]]


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    """Reads a download button's file (list it before ``app``). AppTest drops its media
    store after each run, so files are recorded as the app hands them over: bytes, or
    the function a deferred download calls on click."""
    files: dict[str, tuple[str, Callable[[], bytes]]] = {}
    store = MemoryMediaFileStorage.load_and_get_id
    defer = MediaFileManager.add_deferred

    def stored(self, data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        file_id = store(self, data, mimetype, kind, filename)
        files[file_id] = (filename, lambda: data)
        return file_id

    def deferred(self, make, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        file_id = defer(self, make, mimetype, coordinates, file_name=file_name, **kwargs)
        files[file_id] = (file_name, make)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", stored)
    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)

    def read(at: AppTest, key: str) -> tuple[str, bytes]:
        proto = at.download_button(key=key).proto
        file_id = proto.deferred_file_id or proto.url.rsplit("/", 1)[-1].split(".")[0]
        name, make = files[file_id]
        return name, make()

    return read


def opened(at: AppTest, *expanders: str) -> AppTest:
    """Run with the page's lazy expanders open (their widgets are drawn only while
    open). AppTest closes an expander again on each run, as if clicked shut, so a
    test opens it for every run that needs its widgets."""
    for key in expanders:
        at.session_state[key] = True
    return at.run()


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    """Put a file in the uploader ``key`` (under the key it has now: a rejected file
    gives the uploader a new one), opening the sidebar's file expander first."""
    if key in ("workbook_file", f"inventory_file_{YEAR}"):
        opened(at, "files_open")
    uploader = next(u for u in at.get("file_uploader") if u.key.split("__")[0] == key)
    return uploader.set_value((name, data, "application/octet-stream")).run()


def dataframe_with(at: AppTest, column: str) -> list[dict[str, object]]:
    """The records of the first dataframe on the page that has ``column``."""
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    return frames[0].to_dict("records") if frames else []


def test_default_page_plans_full_credit_for_latest_year(app: AppTest) -> None:
    """With no input the page plans the latest bundled year to 40 of 40 points."""
    expected = (YEAR, "40 of 40", True)

    actual = (app.selectbox(key="year").value, metrics(app)["Category points"], bool(plan_ids(app)))

    assert not app.exception
    assert expected == actual


def test_small_practice_changes_plan_and_points(app: AppTest) -> None:
    """Turning on the small-practice status doubles the points and shortens the plan."""
    before = (plan_ids(app), plan_points(app))

    app.toggle(key="status_small-practice").set_value(True).run()

    assert (["IA_BE_27", "IA_PSPA_23"], [20, 20]) == before
    assert (["IA_PSPA_23"], [40]) == (plan_ids(app), plan_points(app))


def test_medical_home_gives_full_credit_with_no_activities(app: AppTest) -> None:
    """A recognized medical home earns full credit with nothing to do."""
    app.toggle(key="pcmh").set_value(True).run()

    expected = ("40 of 40", "0", [])
    actual = (metrics(app)["Category points"], metrics(app)["Activities"], plan_ids(app))

    assert expected == actual
    assert app.success[0].value.startswith("Full credit, nothing to do")


def test_uploaded_history_blocks_frequency_limited_activity(app: AppTest) -> None:
    """An attestation of IA_PSPA_23 in 2024 keeps it off the 2026 plan, and says why."""
    section(app, "History")
    upload(app, "history_file", "h.csv", HISTORY_CSV)
    section(app, "Why not others")
    why = app.table[1].value.set_index("Activity ID")

    assert "IA_PSPA_23" not in plan_ids(app)
    assert "frequency limit" == why.loc["IA_PSPA_23", "Rule"]
    assert (
        "may be chosen once every 4 years: attested in 2024, so not again before 2028"
        == why.loc["IA_PSPA_23", "Reason"]
    )


def test_history_rows_in_session_feed_the_plan() -> None:
    """A history row kept in session state (the edited table) blocks the activity too."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["history"] = (Attestation("IA_PSPA_23", YEAR - 1),)

    at.run()

    assert "IA_PSPA_23" not in plan_ids(at)


def test_bad_upload_shows_error_and_keeps_previous_inventory(app: AppTest) -> None:
    """A damaged file is reported and the last good inventory keeps planning."""
    upload(app, f"inventory_file_{YEAR}", "mine.csv", INVENTORY_CSV)
    good = plan_ids(app)

    upload(app, f"inventory_file_{YEAR}", "inv.xlsx", b"not a workbook")

    assert ["IA_BE_4", "IA_EPA_1"] == good
    assert good == plan_ids(app)
    assert [
        "inv.xlsx was not loaded, the previous inventory is kept: inv.xlsx is not a readable "
        ".xlsx workbook (the file is damaged or incomplete)"
    ] == [e.value for e in app.error]


def test_infeasible_pairing_warns_which_constraint_to_relax(app: AppTest) -> None:
    """Asking for more paired activities than exist names the constraint and the fix."""
    app.multiselect(key=f"quality_{YEAR}").set_value(["052"]).run()
    app.radio(key="pairing").set_value("At least N paired").run()
    app.number_input(key="min_paired").set_value(7).run()

    expected = (
        "**No plan reaches full credit with these choices.**\n\n"
        "- Only 6 allowed activities pair with your quality measures (052); you asked "
        "for at least 7.\n"
        "  **What would fix it:** report more quality measures or ask for fewer paired "
        "activities."
    )

    assert [expected] == [e.value for e in app.error]
    assert [] == plan_ids(app)


def test_choices_survive_a_year_switch(app: AppTest) -> None:
    """Quality measures and table edits of a year come back after visiting another year."""
    app.session_state["edits"] = {YEAR: {"IA_EPA_5": ActivityEdit(cant_do=True)}}
    app.multiselect(key=f"quality_{YEAR}").set_value(["052"]).run()
    app.selectbox(key="year").set_value(YEAR - 1).run()
    app.selectbox(key="year").set_value(YEAR).run()

    expected = (["052"], False)
    actual = (app.multiselect(key=f"quality_{YEAR}").value, "IA_EPA_5" in plan_ids(app))

    assert not app.exception
    assert expected == actual


def test_what_if_table_lists_every_status(app: AppTest) -> None:
    """The what-if table shows the practice as entered and with each status flipped."""
    expected = [
        "as entered",
        "with small practice",
        "with rural",
        "with HPSA",
        "with non-patient facing",
        "with APM participation",
        "with medical-home credit",
        "with APM Performance Pathway",
    ]

    section(app, "What if")
    actual = app.dataframe[0].value["What if"].tolist()

    assert expected == actual


def test_app_imports_neither_pulp_nor_openpyxl() -> None:
    """The app stays a face: solving and Excel live in optimizer/."""
    tree = ast.parse(Path(APP).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for n in ast.walk(tree)
        if isinstance(n, ast.Import)
        for alias in n.names
    }
    imported |= {
        n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
    }

    assert set() == imported & {"pulp", "openpyxl"}


def test_excel_download_is_the_plan_as_a_workbook(downloads: Downloads, app: AppTest) -> None:
    """The Excel button gives ia-plan-<year>.xlsx whose Plan sheet lists the plan shown."""
    name, data = downloads(app, "download_workbook")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Plan"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert (f"ia-plan-{YEAR}.xlsx", plan_ids(app)) == (name, ids)


RESTORED = Scenario(
    year=YEAR,
    statuses=frozenset({SpecialStatus.RURAL}),
    history=(Attestation("IA_PSPA_23", YEAR - 2),),
    efforts=(("IA_BE_1", 2.0),),
    exclude=frozenset({"IA_EPA_5"}),
    start_date=date(YEAR, 3, 1),
    max_concurrent=1,
)


def saved_workbook(scenario: Scenario) -> bytes:
    inventory = bundled_inventory(scenario.year)
    return write_workbook(plan(scenario, inventory), scenario, inventory, what_if=())


def test_uploaded_workbook_restores_inputs_and_plan(app: AppTest) -> None:
    """A workbook exported for a rural practice with history and edits sets the inputs
    back, and the app plans the same activities as the library does."""
    upload(app, "workbook_file", "saved.xlsx", saved_workbook(RESTORED))
    opened(app, "schedule_open")

    inputs = (
        app.toggle(key="status_rural").value,
        app.toggle(key="status_small-practice").value,
        app.session_state["history"],
        app.session_state["edits"][YEAR],
        app.date_input(key="start_date").value,
        app.number_input(key="max_concurrent").value,
    )
    expected_inputs = (
        True,
        False,
        (Attestation("IA_PSPA_23", YEAR - 2),),
        {"IA_BE_1": ActivityEdit(effort=2.0), "IA_EPA_5": ActivityEdit(cant_do=True)},
        date(YEAR, 3, 1),
        1,
    )

    assert not app.exception
    assert ["Restored the scenario of saved.xlsx."] == [s.value for s in app.success]
    assert expected_inputs == inputs
    assert list(plan(RESTORED).activity_ids) == plan_ids(app)


def test_restored_group_workbook_brings_back_the_roster(app: AppTest) -> None:
    """Group reporting, the roster and the cap per clinician come back from a workbook."""
    scenario = Scenario(
        year=YEAR,
        reporting=Reporting.GROUP,
        roster=interchangeable_roster(4),
        max_per_clinician=2,
    )
    upload(app, "workbook_file", "group.xlsx", saved_workbook(scenario))
    section(app, "Group")

    expected = (Reporting.GROUP, 2, interchangeable_roster(4))
    actual = (
        app.selectbox(key="reporting").value,
        app.number_input(key="max_per_clinician").value,
        app.session_state["roster"],
    )

    assert not app.exception
    assert expected == actual


def workbook_without_data_sheet() -> bytes:
    book = openpyxl.Workbook()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b"not a workbook",
            "bad.xlsx cannot be opened as an Excel workbook (.xlsx)",
        ),
        (
            workbook_without_data_sheet(),
            "bad.xlsx has no 'IA Planner data' sheet, so its scenario cannot be restored: "
            "use a workbook downloaded from IA Planner",
        ),
    ],
    ids=["damaged", "not-from-ia-planner"],
)
def test_bad_workbook_upload_shows_error_and_keeps_inputs(
    app: AppTest, data: bytes, problem: str
) -> None:
    """A workbook that cannot be restored is reported; the inputs and the plan stay."""
    app.toggle(key="status_small-practice").set_value(True).run()
    before = plan_ids(app)

    upload(app, "workbook_file", "bad.xlsx", data)

    assert [f"bad.xlsx was not restored, your inputs are kept: {problem}"] == [
        e.value for e in app.error
    ]
    assert (before, True) == (plan_ids(app), app.toggle(key="status_small-practice").value)


def test_bad_tin_shows_the_message_instead_of_the_button(app: AppTest) -> None:
    """A TIN of 5 digits is refused next to the inputs and no JSON is offered."""
    opened(app, "submission_open")
    app.text_input(key="tin").set_value("12345")
    opened(app, "submission_open")

    expected = ["The TIN (taxpayer identification number) must be 9 digits, got '12345'"]

    assert expected == [e.value for e in app.error]
    assert [] == [b for b in app.download_button if b.key == "download_submission"]


def test_submission_json_lists_the_planned_activities(downloads: Downloads, app: AppTest) -> None:
    """With a TIN and an NPI the JSON download attests exactly the planned activities."""
    opened(app, "submission_open")
    app.text_input(key="tin").set_value("000123456")
    opened(app, "submission_open")
    app.text_input(key="npi").set_value("1234567893")
    opened(app, "submission_open")

    name, data = downloads(app, "download_submission")
    measurements = json.loads(data)["measurementSets"][0]["measurements"]

    assert f"qpp-ia-{YEAR}.json" == name
    assert plan_ids(app) == [m["measureId"] for m in measurements]


ROSTER_CSV = (
    b"NPI,Name,Cannot do\n"
    b"1234567893,Dr Lee,IA_BE_27\n"
    b"1234567901,Dr Ali,\n"
    b"1234567919,Dr Roe,\n"
    b"1234567927,Dr Kim,\n"
)


def test_group_roster_upload_shows_who_does_what(app: AppTest) -> None:
    """A group with an uploaded roster of four gets two clinicians on each activity,
    none of them on an activity they cannot do."""
    app.selectbox(key="reporting").set_value(Reporting.GROUP).run()
    section(app, "Group")
    upload(app, "roster_file", "roster.csv", ROSTER_CSV)

    rows = dataframe_with(app, "Clinician")
    per_activity: dict[str, set[str]] = {}
    for row in rows:
        for activity in str(row["Activities"]).split(", "):
            per_activity.setdefault(activity, set()).add(str(row["Clinician"]))

    assert not app.exception
    assert set(plan_ids(app)) == set(per_activity)
    assert all(2 == len(who) for who in per_activity.values())
    assert "IA_BE_27" in per_activity
    assert "1234567893" not in per_activity["IA_BE_27"]


def test_bad_roster_upload_is_reported_and_roster_kept(app: AppTest) -> None:
    """A roster with a 9-digit NPI is refused with its row and column; the one before stays."""
    app.selectbox(key="reporting").set_value(Reporting.GROUP).run()
    section(app, "Group")
    upload(app, "roster_file", "roster.csv", ROSTER_CSV)
    kept = app.session_state["roster"]

    upload(app, "roster_file", "bad.csv", b"NPI,Name\n123456789,Dr Lee\n")

    assert [
        "bad.csv was not loaded, the roster is kept: bad.csv, line 2, column 'NPI': "
        "an NPI has 10 digits, got '123456789'"
    ] == [e.value for e in app.error]
    assert kept == app.session_state["roster"]


def test_interchangeable_roster_button_fills_the_editor(app: AppTest) -> None:
    """The button starts a roster of as many clinicians as the practice has."""
    app.selectbox(key="reporting").set_value(Reporting.GROUP).run()
    app.number_input(key="clinicians").set_value(3).run()
    section(app, "Group")

    app.button(key="roster_interchangeable").click().run()

    expected = ["Clinician 1", "Clinician 2", "Clinician 3"]
    assert expected == [c.id for c in app.session_state["roster"]]
    assert expected == [r["Name"] for r in dataframe_with(app, "Cannot do")]


def test_plan_table_shows_the_schedule(app: AppTest) -> None:
    """With one activity at a time from February 1, the plan's windows follow each other."""
    opened(app, "schedule_open")
    app.date_input(key="start_date").set_value(date(YEAR, 2, 1))
    opened(app, "schedule_open")
    app.number_input(key="max_concurrent").set_value(1)
    opened(app, "schedule_open")

    windows = sorted(zip(app.table[0].value["Start"], app.table[0].value["End"], strict=True))

    expected = [(date(YEAR, 2, 1), date(YEAR, 5, 1)), (date(YEAR, 5, 2), date(YEAR, 7, 30))]
    assert expected == [
        (date.fromisoformat(one_day(s)), date.fromisoformat(one_day(e))) for s, e in windows
    ]


def test_the_page_opens_on_the_year_a_practice_can_still_act_on_and_says_why(
    app: AppTest,
) -> None:
    """Issue 11: as of January 15, 2026 (the tests' clock), PY2026's activities can still
    start; the sidebar says so, and PY2025 can still be submitted."""
    captions = [c.value for c in app.sidebar.caption]

    assert YEAR == app.selectbox(key="year").value
    assert any(
        c.startswith("PY2026: activities can still start until 2026-10-03") for c in captions
    )


def test_after_the_last_start_only_running_activities_count(app: AppTest) -> None:
    """As of November 20 no new activity fits in the year: the page says why and what
    to do instead of scheduling January to March."""
    app.text_input(key="as_of_text").set_value(f"{YEAR}-11-20").run()

    assert [] == plan_ids(app)
    assert (
        "can no longer run its 90 days in 2026: the last start was 2026-10-03 and today is "
        "2026-11-20"
    ) in app.error[0].value
    # The fix in the app's words: its field, never a command-line option.
    assert (
        "**What would fix it:** tick 'Already doing' for the activities the practice already runs"
    ) in app.error[0].value
    assert "--" not in app.error[0].value
