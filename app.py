"""IA Planner in the browser: pick a year (or upload an inventory), say what the
practice is, and see the least-effort plan for full credit, why other activities
are out, and what each status is worth.

Run with ``streamlit run app.py``. The planning lives in ``optimizer/``; this
script reads widgets, calls it and renders the frames of ``optimizer.views``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

import optimizer as ia
from optimizer import views
from optimizer.roster import interchangeable_roster

STATUS_LABELS = {
    ia.SpecialStatus.SMALL_PRACTICE: "Small practice (15 or fewer clinicians)",
    ia.SpecialStatus.RURAL: "Rural",
    ia.SpecialStatus.HPSA: "HPSA (health professional shortage area)",
    ia.SpecialStatus.NON_PATIENT_FACING: "Non-patient facing",
}
REPORTING_LABELS = {
    ia.Reporting.INDIVIDUAL: "Individual",
    ia.Reporting.GROUP: "Group",
    ia.Reporting.VIRTUAL_GROUP: "Virtual group",
    ia.Reporting.APM_ENTITY: "APM entity",
}
PAIRING_NONE, PAIRING_AT_LEAST, PAIRING_ALL = "None", "At least N paired", "All paired"
NO_MVP = "No MVP (traditional MIPS)"
# Widgets whose options depend on the year get one key per year; these prefixes
# are kept alive while another year is on screen (see keep_widget_state).
# "max_per_clinician" is drawn only for group reporting and is kept the same way.
PER_YEAR_PREFIXES = ("mvp_", "quality_", "min_paired", "max_per_clinician")
UPLOAD_TYPES = ["xlsx", "csv", "json"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
METHOD_LABELS = {ia.SubmissionMethod.REGISTRY: "Registry", ia.SubmissionMethod.EHR: "EHR"}
DEFAULT_ROSTER_SIZE = 6
MAX_MIN_PAIRED = 10
# Vega-Lite specs written out (what Altair would produce): building them through Altair
# validated every chart on every rerun, which doubled the time of a re-plan.
POINTS_CHART: dict[str, Any] = {
    "mark": "bar",
    "encoding": {
        "x": {"field": views.POINTS, "type": "quantitative"},
        "y": {"field": views.SUBCATEGORY, "type": "nominal", "sort": "-x", "title": None},
    },
}


def timeline_chart(year: int) -> dict[str, Any]:
    """One bar per activity from its start to its end, on an axis spanning ``year``
    (the whole year shows how much room is left)."""
    return {
        "mark": "bar",
        "encoding": {
            "x": {
                "field": views.START,
                "type": "temporal",
                "title": None,
                "scale": {"domain": [f"{year}-01-01", f"{year}-12-31"]},
            },
            "x2": {"field": views.END},
            "y": {"field": views.ID, "type": "nominal", "title": None, "sort": None},
            "tooltip": [
                {"field": views.ID, "type": "nominal"},
                {"field": views.START, "type": "temporal"},
                {"field": views.END, "type": "temporal"},
                {"field": views.DAYS, "type": "quantitative"},
            ],
        },
    }


@st.cache_data(show_spinner=False)
def load_bundled(year: int) -> ia.Inventory:
    return ia.bundled_inventory(year)


@st.cache_data(show_spinner=False, max_entries=16)
def load_upload(data: bytes, year: int, name: str) -> ia.Inventory:
    return ia.read_inventory(data, year, source=name)


@st.cache_data(show_spinner=False, max_entries=256)
def cached_plan(
    scenario: ia.Scenario,
    inventory_key: str,
    pairings_key: str,
    _inventory: ia.Inventory,
    _pairings: ia.Pairings | None,
) -> ia.Plan:
    return ia.plan(scenario, _inventory, pairings=_pairings)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_what_if(
    scenario: ia.Scenario,
    inventory_key: str,
    pairings_key: str,
    _inventory: ia.Inventory,
    _pairings: ia.Pairings | None,
) -> tuple[ia.WhatIf, ...]:
    return ia.what_if_table(scenario, _inventory, pairings=_pairings)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def keep_widget_state() -> None:
    """Streamlit forgets a widget's value when a run does not draw it; re-storing the
    per-year widgets' values keeps each year's choices across year switches."""
    st.session_state.setdefault("edits", {})
    st.session_state.setdefault("history", ())
    st.session_state.setdefault("uploads", {})
    st.session_state.setdefault("seen_uploads", {})
    st.session_state.setdefault("restored_inventories", {})
    st.session_state.setdefault("roster_base", ((), ()))
    st.session_state.setdefault("roster_version", 0)
    st.session_state.setdefault("roster", ())
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(PER_YEAR_PREFIXES):
            st.session_state[key] = st.session_state[key]


def inventory_ui(year: int) -> tuple[ia.Inventory, str]:
    """The inventory for ``year`` and a cache key naming it: the user's last good
    upload for that year, else the bundled one. A bad file keeps the previous one."""
    uploads: dict[int, tuple[str, bytes]] = st.session_state["uploads"]
    restored: dict[int, tuple[ia.Inventory, str]] = st.session_state["restored_inventories"]
    seen: dict[int, str] = st.session_state["seen_uploads"]
    file = st.sidebar.file_uploader(
        f"Or upload your own {year} inventory (CMS xlsx, CSV or JSON)",
        type=UPLOAD_TYPES,
        key=f"inventory_file_{year}",
        help="The file is read in memory, never saved or run.",
    )
    if file is not None:
        data = file.getvalue()
        try:
            load_upload(data, year, file.name)
        except ia.PlannerError as exc:
            st.error(f"{file.name} was not loaded, the previous inventory is kept: {exc}")
        else:
            if seen.get(year) != file.file_id:
                uploads[year] = (file.name, data)
                restored.pop(year, None)
        seen[year] = file.file_id
    if year in uploads:
        name, data = uploads[year]
        if st.sidebar.button("Use the bundled inventory instead", key=f"drop_upload_{year}"):
            del uploads[year]
        else:
            return load_upload(data, year, name), f"upload:{year}:{digest(data)}"
    if year in restored:
        inventory, key = restored[year]
        if st.sidebar.button("Use the bundled inventory instead", key=f"drop_restored_{year}"):
            del restored[year]
        else:
            return inventory, key
    return load_bundled(year), f"bundled:{year}"


def practice_ui(year: int) -> ia.Scenario:
    """The sidebar's practice and reporting choices as a Scenario (no table edits yet)."""
    sb = st.sidebar
    rules = ia.rules_for(year)
    sb.subheader("Reporting")
    reporting = sb.selectbox(
        "Reporting as",
        list(REPORTING_LABELS),
        format_func=REPORTING_LABELS.__getitem__,
        key="reporting",
    )
    clinicians = sb.number_input(
        "Clinicians in the practice",
        min_value=1,
        step=1,
        value=None,
        placeholder="e.g. 6",
        key="clinicians",
    )
    sb.subheader("What if the practice is ...")
    statuses = frozenset(
        status
        for status, label in STATUS_LABELS.items()
        if sb.toggle(label, key=f"status_{status}")
    )
    hint = views.small_practice_hint(clinicians, ia.SpecialStatus.SMALL_PRACTICE in statuses)
    if hint:
        sb.caption(hint)
    apm = sb.toggle("APM participant (50% automatic credit)", key="apm")
    app = sb.toggle(
        "APM Performance Pathway (full credit)",
        key="app",
        disabled=not rules.app_full_credit,
        help=None if rules.app_full_credit else f"The APP starts in 2021, not in {year}",
    )
    pcmh = sb.toggle("Medical home, PCMH (full credit)", key="pcmh")
    mvp = None
    if rules.mvp:
        catalog = ia.mvp_catalog(year)
        choice = sb.selectbox(
            "MVP",
            [NO_MVP, *catalog],
            format_func=lambda m: m if m == NO_MVP else f"{m} {catalog[m].title}",
            key=f"mvp_{year}",
        )
        mvp = None if choice == NO_MVP else choice

    sb.subheader("Quality measures")
    titles = ia.quality_measures(year)
    quality = sb.multiselect(
        "Measures the practice reports",
        list(titles),
        format_func=lambda m: f"{m} {titles.get(m, '')}",
        key=f"quality_{year}",
        placeholder="Search by ID or title",
    )
    rule = sb.radio(
        "Pairing rule",
        [PAIRING_NONE, PAIRING_AT_LEAST, PAIRING_ALL],
        key="pairing",
        horizontal=True,
    )
    min_paired = 0
    if rule == PAIRING_AT_LEAST:
        min_paired = int(
            sb.number_input("N", min_value=1, max_value=MAX_MIN_PAIRED, key="min_paired")
        )

    sb.subheader("Schedule")
    start = sb.date_input(
        "Start activities on or after",
        value=None,
        key="start_date",
        help="Each activity runs 90 continuous days; the plan lays them out from this day.",
    )
    max_concurrent = sb.number_input(
        "Activities running at once, at most",
        min_value=1,
        step=1,
        value=None,
        placeholder="no limit",
        key="max_concurrent",
    )
    return ia.Scenario(
        year=year,
        statuses=statuses,
        apm=apm,
        app=app and rules.app_full_credit,
        pcmh=pcmh,
        mvp=mvp,
        reporting=reporting,
        clinicians=None if clinicians is None else int(clinicians),
        quality=frozenset(quality),
        require_pairing=rule == PAIRING_ALL,
        min_paired=min_paired,
        start_date=start.isoformat() if isinstance(start, date) else None,
        max_concurrent=None if max_concurrent is None else int(max_concurrent),
    )


def history_ui() -> tuple[ia.Attestation, ...]:
    """The attestation history: edited in place, or replaced by an uploaded file."""
    st.caption(
        "Past attestations drive the once-every-4-years rule. Edit the rows, or upload a "
        "CSV/xlsx with 'Activity ID' and 'Performance year' columns (it replaces the table)."
    )
    file = st.file_uploader("Upload history", type=["csv", "xlsx"], key="history_file")
    if file is not None and st.session_state.get("history_file_seen") != file.file_id:
        try:
            st.session_state["history"] = ia.read_history(file.getvalue(), file.name)
        except ia.PlannerError as exc:
            st.error(f"{file.name} was not loaded, the history is kept: {exc}")
        st.session_state["history_file_seen"] = file.file_id
    saved = st.session_state["history"]
    edited = st.data_editor(
        views.history_frame(saved),
        num_rows="dynamic",
        key="history_editor",
        hide_index=True,
        column_config={
            views.HISTORY_YEAR: st.column_config.NumberColumn(
                min_value=2017, max_value=2100, step=1, format="%d"
            )
        },
    )
    try:
        st.session_state["history"] = views.history_from_frame(edited)
    except ia.PlannerError as exc:
        st.error(str(exc))
    return tuple(st.session_state["history"])


def activities_ui(inventory: ia.Inventory, scenario: ia.Scenario) -> dict[str, views.ActivityEdit]:
    """The editable activity table; returns this year's edits (kept in session state)."""
    all_edits: dict[int, dict[str, views.ActivityEdit]] = st.session_state["edits"]
    saved = all_edits.get(inventory.year, {})
    left, right = st.columns([1, 2])
    subcategories = sorted({a.subcategory for a in inventory.activities if a.subcategory})
    chosen = left.multiselect("Subcategory", subcategories, key="filter_subcategory")
    text = right.text_input("Search ID or title", key="filter_text")
    st.caption(
        f"'Already doing' counts the activity as nearly free ({views.ALREADY_DOING_HOURS:g} h). "
        "'Must include' forces it into the plan, 'Can't do' keeps it out. "
        "Efforts are rough staff-hour estimates: put in your own."
    )
    shown = views.filter_activities(views.activity_frame(inventory, scenario, saved), chosen, text)
    # The filter is part of the key: the editor tracks edits by row position.
    filter_key = hashlib.sha256(repr((sorted(chosen), text)).encode()).hexdigest()[:12]
    edited = st.data_editor(
        shown,
        key=f"activities_{inventory.year}_{filter_key}",
        hide_index=True,
        disabled=[c for c in views.ACTIVITY_COLUMNS if c not in views.EDITABLE_COLUMNS],
        column_config={
            views.EFFORT: st.column_config.NumberColumn(min_value=0.0, step=0.5, format="%g")
        },
        width="stretch",
    )
    try:
        new = views.edits_from_frame(edited, inventory)
    except ia.PlannerError as exc:
        st.error(str(exc))
        return dict(saved)
    merged = views.merge_edits(saved, shown[views.ID], new)
    all_edits[inventory.year] = merged
    return merged


def plan_ui(result: ia.Plan) -> None:
    """The headline metrics and the plan with its schedule, or why there is none."""
    for column, (label, value) in zip(st.columns(5), views.headline(result), strict=True):
        column.metric(label, value)
    if result.status is ia.PlanStatus.FULL_CREDIT:
        st.success("Full credit, nothing to do: " + result.messages[0])
        return
    reasons = views.infeasible_reasons(result)
    if reasons:
        st.warning(
            "No plan reaches full credit with these choices.\n\n"
            + "\n".join(f"- {r}" for r in reasons)
        )
        return
    st.subheader(f"Plan: {len(result.activities)} activities, {result.total_effort:g} h")
    table, points = st.columns([4, 1])
    shown = views.plan_frame(result).set_index(views.ID)
    shown[views.EFFORT] = shown[views.EFFORT].map("{:g}".format)  # 6, not 6.0000
    table.table(shown)
    by_subcategory = views.points_by_subcategory(result).reset_index()
    if not by_subcategory.empty:
        points.caption("Points per subcategory (before the 40-point cap)")
        points.vega_lite_chart(by_subcategory, POINTS_CHART, width="stretch")
    st.caption(
        f"Each activity runs for 90 continuous days, starting by {result.last_start}; "
        f"attest from {result.submission_window[0]} to {result.submission_window[1]}."
    )
    timeline = views.timeline_frame(result)
    if not timeline.empty:
        st.caption("Schedule: each bar is an activity's 90-day window")
        st.vega_lite_chart(timeline, timeline_chart(result.year), width="stretch")


def restore_state(restored: ia.WorkbookScenario, data: bytes) -> list[str]:
    """Put a restored scenario into the widgets' session state (called from the upload's
    callback, before any widget is drawn). Checks come first, so a workbook the app
    cannot show changes nothing. Returns what could not be restored."""
    scenario, inventory = restored.scenario, restored.inventory
    year = scenario.year
    left_out = views.restore_limits(scenario, max_min_paired=MAX_MIN_PAIRED)
    rules = ia.rules_for(year)
    titles = ia.quality_measures(year)
    edits = views.edits_from_scenario(scenario, inventory)

    state = st.session_state
    state["year"] = year
    for status in STATUS_LABELS:
        state[f"status_{status}"] = status in scenario.statuses
    state["apm"], state["pcmh"] = scenario.apm, scenario.pcmh
    state["app"] = scenario.app and rules.app_full_credit
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
    state["start_date"] = scenario.start
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
    if inventory == ia.bundled_inventory(year):
        state["restored_inventories"].pop(year, None)
    else:
        state["restored_inventories"][year] = (inventory, f"workbook:{year}:{digest(data)}")
    state["restored_pairings"] = (
        None if restored.pairings is None else (digest(data), restored.pairings)
    )
    state["previous_workbook"] = data
    return left_out


def restore_from_upload() -> None:
    """The workbook uploader's callback: restore its scenario, or say why not."""
    file = st.session_state.get("workbook_file")
    if file is None:
        return
    data = file.getvalue()
    try:
        left_out = restore_state(ia.read_workbook(data, file.name), data)
    except ia.PlannerError as exc:
        message = ("error", f"{file.name} was not restored, your inputs are kept: {exc}")
    else:
        text = f"Restored the scenario of {file.name}."
        if left_out:
            message = ("warning", text + " Not restored: " + "; ".join(left_out) + ".")
        else:
            message = ("success", text)
    st.session_state["restore_message"] = (file.file_id, *message)


def restore_ui() -> None:
    file = st.sidebar.file_uploader(
        "Restore from an IA Planner workbook (.xlsx)",
        type=["xlsx"],
        key="workbook_file",
        on_change=restore_from_upload,
        help="A workbook downloaded from this app or the mips-ia command: its inputs come back.",
    )
    saved = st.session_state.get("restore_message")
    if file is not None and saved is not None and saved[0] == file.file_id:
        _, kind, text = saved
        {"error": st.sidebar.error, "warning": st.sidebar.warning}.get(kind, st.sidebar.success)(
            text
        )


def set_roster(roster: tuple[ia.Clinician, ...], activity_ids: tuple[str, ...]) -> None:
    """Replace the roster the editor starts from (a new editor key drops old row edits)."""
    st.session_state["roster_base"] = (roster, activity_ids)
    st.session_state["roster"] = roster
    st.session_state["roster_version"] = st.session_state.get("roster_version", 0) + 1


def group_ui(scenario: ia.Scenario) -> tuple[tuple[ia.Clinician, ...], int | None]:
    """The roster and the cap per clinician, for group and virtual-group reporting."""
    if not scenario.is_group:
        st.caption(
            "Report as a group or a virtual group (sidebar) to plan with a roster: who "
            "carries out each activity so that half of the clinicians take part."
        )
        return (), None
    max_per = st.number_input(
        "Activities per clinician, at most",
        min_value=1,
        step=1,
        value=None,
        placeholder="no limit",
        key="max_per_clinician",
    )
    st.caption(
        "One row per clinician: NPI or name, what they cannot do (activity IDs, comma "
        "separated), a cap on their activities, and their own hours in activity-ID columns."
    )
    file = st.file_uploader(
        "Upload a roster (CSV, xlsx or JSON)", type=UPLOAD_TYPES, key="roster_file"
    )
    last_ids = tuple(st.session_state.get("last_plan_ids", ()))
    if file is not None and st.session_state.get("roster_file_seen") != file.file_id:
        try:
            set_roster(ia.read_roster(file.getvalue(), file.name), last_ids)
        except ia.PlannerError as exc:
            st.error(f"{file.name} was not loaded, the roster is kept: {exc}")
        st.session_state["roster_file_seen"] = file.file_id
    count = scenario.clinicians or DEFAULT_ROSTER_SIZE
    if st.button(f"Start with {count} interchangeable clinicians", key="roster_interchangeable"):
        set_roster(interchangeable_roster(count), last_ids)
    base, ids = st.session_state["roster_base"]
    edited = st.data_editor(
        views.roster_frame(base, ids),
        num_rows="dynamic",
        key=f"roster_editor_{st.session_state['roster_version']}",
        hide_index=True,
        width="stretch",
    )
    try:
        st.session_state["roster"] = views.roster_from_frame(edited)
    except ia.PlannerError as exc:
        st.error(f"The roster table is not applied, the previous roster is kept: {exc}")
    return tuple(st.session_state["roster"]), None if max_per is None else int(max_per)


def who_does_what_ui(result: ia.Plan, scenario: ia.Scenario) -> None:
    if not scenario.is_group or result.status is not ia.PlanStatus.OPTIMAL:
        return
    st.subheader("Who does what")
    frame = views.who_does_what_frame(result)
    if frame.empty:
        st.caption("Add the group's clinicians above to see who carries out each activity.")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


def submission_ui(result: ia.Plan, scenario: ia.Scenario, inventory: ia.Inventory) -> None:
    """Identifiers in, the QPP submission JSON out (or why it cannot be made yet)."""
    method = st.selectbox(
        "Submission method",
        list(METHOD_LABELS),
        format_func=METHOD_LABELS.__getitem__,
        key="submission_method",
    )
    given: dict[str, Any] = {
        "tin": st.text_input("TIN (9 digits)", key="tin", placeholder="e.g. 000123456"),
        "npi": st.text_input("NPI (10 digits)", key="npi")
        if scenario.reporting is ia.Reporting.INDIVIDUAL
        else "",
        "entity_id": st.text_input("Entity ID", key="entity_id")
        if scenario.reporting in (ia.Reporting.VIRTUAL_GROUP, ia.Reporting.APM_ENTITY)
        else "",
    }
    try:
        data = ia.submission_json(
            result,
            scenario,
            inventory,
            submission_method=method,
            **{k: v.strip() or None for k, v in given.items()},
        )
    except ia.PlannerError as exc:
        # A missing identifier is a hint, a wrong one an error.
        (st.error if any(v.strip() for v in given.values()) else st.info)(str(exc))
        return
    st.download_button(
        "Download the QPP submission (JSON)",
        data,
        file_name=f"qpp-ia-{result.year}.json",
        mime="application/json",
        on_click="ignore",
        key="download_submission",
    )


def what_if_ui(rows: tuple[ia.WhatIf, ...]) -> None:
    st.caption("The same practice with each status or credit switched the other way.")
    st.dataframe(views.what_if_frame(rows), hide_index=True, width="stretch")
    chart = views.what_if_chart(rows)
    if not chart.empty:
        st.bar_chart(chart, y=views.EFFORT, horizontal=True)


def downloads_ui(
    result: ia.Plan,
    scenario: ia.Scenario,
    inventory: ia.Inventory,
    pairings: ia.Pairings | None,
    what_if: tuple[ia.WhatIf, ...],
) -> None:
    """The Excel workbook and the QPP submission file, once there is a plan."""
    if result.status is ia.PlanStatus.INFEASIBLE:
        return
    excel, submission = st.columns(2)
    with excel:
        st.subheader("Excel workbook")
        previous = st.session_state.get("previous_workbook")

        def workbook() -> bytes:
            # Written when the button is clicked: about as long as a re-plan, so not
            # on every rerun.
            return ia.write_workbook(
                result, scenario, inventory, pairings=pairings, what_if=what_if, previous=previous
            )

        st.download_button(
            "Download the plan as Excel",
            workbook,
            file_name=f"ia-plan-{result.year}.xlsx",
            mime=XLSX_MIME,
            on_click="ignore",
            key="download_workbook",
        )
        st.caption(
            "Plan, summary, what-if, activities and history sheets; upload it again "
            "(sidebar) to pick up where you left off, with your Owner and Evidence notes."
        )
    with submission, st.expander("QPP submission file (JSON)"):
        submission_ui(result, scenario, inventory)


def main() -> None:
    st.set_page_config(page_title="IA Planner", layout="wide")
    keep_widget_state()
    st.title("IA Planner")
    st.sidebar.header("Practice")
    restore_ui()
    years = [y for y in ia.bundled_years() if y in ia.rule_years()]
    # Set through session state rather than ``index`` so a restored workbook can set it.
    st.session_state.setdefault("year", years[-1])
    year = st.sidebar.selectbox("Performance year", years, key="year")
    head = st.container()
    results = st.container()
    why_tab, what_if_tab, activities_tab, history_tab, group_tab = st.tabs(
        ["Why not", "What if", "Activities", "History", "Group"]
    )
    with head:
        inventory, inventory_key = inventory_ui(year)
        st.caption(f"Performance year {year}: {len(inventory)} activities from {inventory.source}")
    restored_pairings = st.session_state.get("restored_pairings")
    pairings = None if restored_pairings is None else restored_pairings[1]
    keys = (inventory_key, "bundled" if restored_pairings is None else restored_pairings[0])
    try:
        scenario = practice_ui(year)
        with history_tab:
            history = history_ui()
        with group_tab:
            roster, max_per_clinician = group_ui(scenario)
        with activities_tab:
            edits = activities_ui(inventory, scenario)
        scenario = replace(
            scenario, history=history, roster=roster, max_per_clinician=max_per_clinician
        )
        scenario = views.apply_edits(scenario, edits, inventory)
        result = cached_plan(scenario, *keys, inventory, pairings)
        what_if = cached_what_if(scenario, *keys, inventory, pairings)
    except ia.PlannerError as exc:
        results.error(str(exc))
        return
    st.session_state["last_plan_ids"] = result.activity_ids
    with results:
        plan_ui(result)
        for note in views.notes(result):
            if result.status is not ia.PlanStatus.FULL_CREDIT or note != result.messages[0]:
                st.info(note)
        downloads_ui(result, scenario, inventory, pairings, what_if)
    with why_tab:
        why = views.why_not_frame(result, inventory)
        if why.empty:
            st.caption("No activity is ruled out.")
        else:
            st.dataframe(why, hide_index=True, width="stretch")
    with what_if_tab:
        what_if_ui(what_if)
    with group_tab:
        who_does_what_ui(result, scenario)


main()
