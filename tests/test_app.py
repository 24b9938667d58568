"""The Streamlit app, driven headless with ``AppTest`` on the bundled data."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optimizer import Attestation, latest_year
from optimizer.views import ActivityEdit

# AppTest resolves a relative path against this file, so give it an absolute one.
APP = str(Path(__file__).resolve().parents[1] / "app.py")
YEAR = latest_year()
HISTORY_CSV = b"Activity ID,Performance year\nIA_PSPA_23,2024\n"
INVENTORY_CSV = (
    b"Activity ID,Activity Title,Subcategory Name,Effort\n"
    b"IA_EPA_1,Provide 24/7 access,Expanded Practice Access,3\n"
    b"IA_BE_4,Engagement through patient portal,Beneficiary Engagement,4\n"
    b"IA_PM_2,Anticoagulant management,Population Management,9\n"
)


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def plan_ids(at: AppTest) -> list[str]:
    return at.table[0].value.index.tolist() if at.table else []


def plan_points(at: AppTest) -> list[int]:
    return at.table[0].value["Points"].tolist() if at.table else []


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


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

    assert (["IA_EPA_5", "IA_PSPA_23"], [20, 20]) == before
    assert (["IA_EPA_5"], [40]) == (plan_ids(app), plan_points(app))


def test_medical_home_gives_full_credit_with_no_activities(app: AppTest) -> None:
    """A recognized medical home earns full credit with nothing to do."""
    app.toggle(key="pcmh").set_value(True).run()

    expected = ("40 of 40", "0", [])
    actual = (metrics(app)["Category points"], metrics(app)["Activities"], plan_ids(app))

    assert expected == actual
    assert app.success[0].value.startswith("Full credit, nothing to do")


def test_uploaded_history_blocks_frequency_limited_activity(app: AppTest) -> None:
    """An attestation of IA_PSPA_23 in 2024 keeps it off the 2026 plan, and says why."""
    app.file_uploader(key="history_file").set_value(("h.csv", HISTORY_CSV, "text/csv")).run()
    why = app.dataframe[0].value.set_index("ID")

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
    uploader = app.file_uploader(key=f"inventory_file_{YEAR}")
    uploader.set_value(("mine.csv", INVENTORY_CSV, "text/csv")).run()
    good = plan_ids(app)

    uploader = app.file_uploader(key=f"inventory_file_{YEAR}")
    uploader.set_value(("inv.xlsx", b"not a workbook", "application/octet-stream")).run()

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
        "No plan reaches full credit with these choices.\n\n"
        "- at_least_7_paired: only 6 allowed activities pair with your quality measures "
        "(052); report more measures or require fewer paired activities"
    )

    assert [expected] == [w.value for w in app.warning]
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

    actual = app.dataframe[1].value["What if"].tolist()

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
