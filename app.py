"""IA Planner in the browser: pick a year (or upload an inventory), say what the
practice is, and see the least-effort plan for full credit, why other activities
are out, and what each status is worth.

Run with ``streamlit run app.py``. The planning lives in ``optimizer/``; this
script reads widgets, calls it and renders the frames of ``optimizer.views``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import streamlit as st

import optimizer as ia
from optimizer import views

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
PER_YEAR_PREFIXES = ("mvp_", "quality_", "min_paired")
UPLOAD_TYPES = ["xlsx", "csv", "json"]


@st.cache_data(show_spinner=False)
def load_bundled(year: int) -> ia.Inventory:
    return ia.bundled_inventory(year)


@st.cache_data(show_spinner=False, max_entries=16)
def load_upload(data: bytes, year: int, name: str) -> ia.Inventory:
    return ia.read_inventory(data, year, source=name)


@st.cache_data(show_spinner=False, max_entries=256)
def cached_plan(scenario: ia.Scenario, inventory_key: str, _inventory: ia.Inventory) -> ia.Plan:
    return ia.plan(scenario, _inventory)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_what_if(
    scenario: ia.Scenario, inventory_key: str, _inventory: ia.Inventory
) -> tuple[ia.WhatIf, ...]:
    return ia.what_if_table(scenario, _inventory)


def keep_widget_state() -> None:
    """Streamlit forgets a widget's value when a run does not draw it; re-storing the
    per-year widgets' values keeps each year's choices across year switches."""
    st.session_state.setdefault("edits", {})
    st.session_state.setdefault("history", ())
    st.session_state.setdefault("uploads", {})
    st.session_state.setdefault("seen_uploads", {})
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(PER_YEAR_PREFIXES):
            st.session_state[key] = st.session_state[key]


def inventory_ui(year: int) -> tuple[ia.Inventory, str]:
    """The inventory for ``year`` and a cache key naming it: the user's last good
    upload for that year, else the bundled one. A bad file keeps the previous one."""
    uploads: dict[int, tuple[str, bytes]] = st.session_state["uploads"]
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
        seen[year] = file.file_id
    if year in uploads:
        name, data = uploads[year]
        if st.sidebar.button("Use the bundled inventory instead", key=f"drop_upload_{year}"):
            del uploads[year]
        else:
            digest = hashlib.sha256(data).hexdigest()[:16]
            return load_upload(data, year, name), f"upload:{year}:{digest}"
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
        min_paired = int(sb.number_input("N", min_value=1, max_value=10, key="min_paired"))
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
    """The headline metrics and the plan, or why there is none."""
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
    st.table(views.plan_frame(result).set_index(views.ID))
    st.caption(
        f"Each activity runs for 90 continuous days, starting by {result.last_start}; "
        f"attest from {result.submission_window[0]} to {result.submission_window[1]}."
    )


def what_if_ui(rows: tuple[ia.WhatIf, ...]) -> None:
    st.caption("The same practice with each status or credit switched the other way.")
    st.dataframe(views.what_if_frame(rows), hide_index=True, width="stretch")
    chart = views.what_if_chart(rows)
    if not chart.empty:
        st.bar_chart(chart, y=views.EFFORT, horizontal=True)


def main() -> None:
    st.set_page_config(page_title="IA Planner", layout="wide")
    keep_widget_state()
    st.title("IA Planner")
    st.sidebar.header("Practice")
    years = [y for y in ia.bundled_years() if y in ia.rule_years()]
    year = st.sidebar.selectbox("Performance year", years, index=len(years) - 1, key="year")
    head = st.container()
    results = st.container()
    why_tab, what_if_tab, activities_tab, history_tab = st.tabs(
        ["Why not", "What if", "Activities", "History"]
    )
    with head:
        inventory, inventory_key = inventory_ui(year)
        st.caption(f"Performance year {year}: {len(inventory)} activities from {inventory.source}")
    try:
        scenario = practice_ui(year)
        with history_tab:
            history = history_ui()
        with activities_tab:
            edits = activities_ui(inventory, scenario)
        scenario = views.apply_edits(replace(scenario, history=history), edits, inventory)
        result = cached_plan(scenario, inventory_key, inventory)
    except ia.PlannerError as exc:
        results.error(str(exc))
        return
    with results:
        plan_ui(result)
        for note in views.notes(result):
            if result.status is not ia.PlanStatus.FULL_CREDIT or note != result.messages[0]:
                st.info(note)
    with why_tab:
        why = views.why_not_frame(result, inventory)
        if why.empty:
            st.caption("No activity is ruled out.")
        else:
            st.dataframe(why, hide_index=True, width="stretch")
    with what_if_tab:
        what_if_ui(cached_what_if(scenario, inventory_key, inventory))


main()
