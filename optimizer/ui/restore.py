"""Restoring the app's inputs from a workbook exported earlier: what the app can
show of it (``restore_limits``), and the upload that puts it into the widgets."""

from __future__ import annotations

from datetime import date

import streamlit as st

from optimizer.errors import ScenarioError
from optimizer.exports.workbook_layout import WorkbookScenario
from optimizer.model import Scenario, SpecialStatus
from optimizer.planning.resolve import default_inventory
from optimizer.planning.year_ahead import data_year, plannable_years
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import (
    mvp_catalog,
    quality_measures,
)
from optimizer.ui.activity_table import edits_from_scenario
from optimizer.ui.bug_report import keeps_page
from optimizer.ui.labels import NO_MVP, PAIRING_ALL, PAIRING_AT_LEAST, PAIRING_NONE
from optimizer.ui.plain_text import as_text
from optimizer.ui.state import (
    MAX_MIN_PAIRED,
    digest,
    set_roster,
    take_upload,
    today,
    upload_error,
    upload_key,
)


def restore_limits(scenario: Scenario, *, max_min_paired: int) -> list[str]:
    """What of a restored scenario the app cannot show (to be reported, not applied);
    a year or MVP the app has no data for is refused with a ScenarioError."""
    year = scenario.year
    years = plannable_years()
    if year not in years:
        msg = f"it plans {year}, and the app plans only {', '.join(map(str, years))}"
        raise ScenarioError(msg)
    if scenario.mvp is not None and scenario.mvp not in mvp_catalog(data_year(year)):
        msg = f"the workbook's MVP {scenario.mvp} is not in the {year} MVP list"
        raise ScenarioError(msg)
    left_out = []
    unknown = sorted(scenario.quality - set(quality_measures(data_year(year))))
    if unknown:
        left_out.append(f"quality measures not in the {year} list: {', '.join(unknown)}")
    if scenario.min_paired > max_min_paired:
        left_out.append(
            f"at least {scenario.min_paired} paired (the app allows up to {max_min_paired})"
        )
    if scenario.target is not None:
        left_out.append(f"a target of {scenario.target} points (the app plans for full credit)")
    return left_out


def restore_state(restored: WorkbookScenario, data: bytes) -> tuple[list[str], str]:
    """Put a restored scenario into the widgets' session state (called from the upload's
    callback, before any widget is drawn). Checks come first, so a workbook the app
    cannot show changes nothing. The saved plan's activities whose window began before
    the "as of" day are ticked as already done (``with_plan_running``). Returns what
    could not be restored, and those activities in words."""
    # Excel is read only when a workbook comes: opening the page never loads openpyxl.
    from optimizer.exports.workbook_read import with_plan_running

    as_of = st.session_state.get("as_of")
    scenario, running = with_plan_running(restored, as_of if isinstance(as_of, date) else today())
    inventory = restored.inventory
    year = scenario.year
    left_out = restore_limits(scenario, max_min_paired=MAX_MIN_PAIRED)
    rules = rules_for(year)
    titles = quality_measures(data_year(year))
    edits = edits_from_scenario(scenario, inventory)

    state = st.session_state
    state["year"] = year
    for status in SpecialStatus:
        state[f"status_{status}"] = status in scenario.statuses
    state["apm"], state["pcmh"] = scenario.apm, scenario.pcmh
    state["app"] = scenario.app and rules.app_full_credit
    pi_default = rules.small_pi_reweighted and SpecialStatus.SMALL_PRACTICE in scenario.statuses
    state[f"pi_reweighted_{pi_default}"] = rules.pi_reweighted(scenario)
    state["cost_reweighted"] = scenario.cost_reweighted
    if rules.mvp:
        state[f"mvp_{year}"] = scenario.mvp or NO_MVP
    state["reporting"] = scenario.reporting
    state["clinicians"] = scenario.clinicians
    state[f"quality_{year}"] = sorted(scenario.quality & set(titles))
    if scenario.require_pairing:
        state["pairing"] = PAIRING_ALL
    elif scenario.min_paired:
        state["pairing"] = PAIRING_AT_LEAST
        state["min_paired"] = min(scenario.min_paired, MAX_MIN_PAIRED)
    else:
        state["pairing"] = PAIRING_NONE
    state["start_date"] = scenario.start_date
    state["max_concurrent"] = scenario.max_concurrent
    state["max_per_clinician"] = scenario.max_per_clinician
    state["history"] = scenario.history
    state["edits"][year] = edits
    state["filter_subcategory"], state["filter_text"] = [], ""
    # The data editors keep row edits by position: start them afresh on the new rows.
    for key in list(state):
        if isinstance(key, str) and key.startswith(("activities_", "history_editor")):
            del state[key]
    set_roster(scenario.roster, restored.plan_ids)
    state["uploads"].pop(year, None)
    if inventory == default_inventory(year):
        state["restored_inventories"].pop(year, None)
    else:
        state["restored_inventories"][year] = (inventory, f"workbook:{year}:{digest(data)}")
    state["restored_pairings"] = (
        None if restored.pairings is None else (digest(data), restored.pairings)
    )
    state["previous_workbook"] = data
    return left_out, running


WORKBOOK_FILE = "workbook_file"


@keeps_page
def restore_from_upload() -> None:
    """The workbook uploader's callback: restore its scenario, or say why not (a
    refused file leaves the uploader empty)."""
    # Excel is read only when a workbook comes: opening the page never loads openpyxl.
    from optimizer.exports.workbook_read import read_workbook

    taken = take_upload(
        WORKBOOK_FILE,
        lambda data, file_name: restore_state(read_workbook(data, file_name), data),
        "was not restored, your inputs are kept",
    )
    if taken is None:
        return
    file, _, (left_out, running) = taken
    text = f"Restored the scenario of {file.name}." + (f" {running}." if running else "")
    if left_out:
        message = ("warning", text + " Not restored: " + "; ".join(left_out) + ".")
    else:
        message = ("success", text)
    st.session_state["restore_message"] = (file.file_id, *message)


def restore_ui() -> None:
    """The workbook uploader and what became of the last workbook given to it."""
    file = st.file_uploader(
        "Restore from an IA Planner workbook (.xlsx)",
        type=["xlsx"],
        key=upload_key(WORKBOOK_FILE),
        on_change=restore_from_upload,
        help="A workbook downloaded from IA Planner (here or on the command line): its inputs "
        "come back.",
    )
    problem = upload_error(WORKBOOK_FILE)
    if problem:
        st.error(problem)
    saved = st.session_state.get("restore_message")
    if file is not None and saved is not None and saved[0] == file.file_id:
        _, kind, text = saved
        (st.warning if kind == "warning" else st.success)(as_text(text))
