"""The planner page: the practice in the sidebar, then the plan, the edits and the
exports."""

from __future__ import annotations

from datetime import date

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.planning.calendar import actionable_year, plannable_years
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.ui.activity_table import apply_edits
from optimizer.ui.alternatives import alternatives_ui
from optimizer.ui.editors import activities_ui, group_ui, history_ui
from optimizer.ui.plan_tables import why_not_frame
from optimizer.ui.restore import restore_ui
from optimizer.ui.results import downloads_ui, plan_ui, what_if_ui, who_does_what_ui
from optimizer.ui.sidebar import inventory_ui, practice_ui
from optimizer.ui.state import cached_plan, cached_what_if, keep_widget_state, today


def planner_page() -> None:
    """The planner of one practice-year, as on the sidebar's "as of" day."""
    keep_widget_state()
    st.title("IA Planner")
    st.sidebar.header("Practice")
    restore_ui()
    st.session_state.setdefault("as_of", today())
    as_of = st.sidebar.date_input(
        "As of",
        key="as_of",
        help="The day the plan is made: no activity starts before it, and after a year's "
        "last start only activities the practice already runs count.",
    )
    as_of = as_of if isinstance(as_of, date) else today()
    actionable, why = actionable_year(as_of)
    # Set through session state rather than ``index`` so a restored workbook can set it.
    st.session_state.setdefault("year", actionable)
    year = st.sidebar.selectbox("Performance year", plannable_years(), key="year")
    if year == actionable:
        st.sidebar.caption(f"PY{year}: {why}.")
    head = st.container()
    results = st.container()
    why_tab, what_if_tab, alternatives_tab, activities_tab, history_tab, group_tab = st.tabs(
        ["Why not", "What if", "Alternatives", "Activities", "History", "Group"]
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
        group = {"history": history, "roster": roster, "max_per_clinician": max_per_clinician}
        scenario = apply_edits(scenario_from_fields(group, base=scenario), edits, inventory)
        result = cached_plan(scenario, *keys, as_of, inventory, pairings)
        what_if = cached_what_if(scenario, *keys, as_of, inventory, pairings)
    except PlannerError as exc:
        results.error(str(exc))
        return
    st.session_state["last_plan_ids"] = result.activity_ids
    with results:
        plan_ui(result)
        for warning in result.warnings:
            st.info(warning)
        downloads_ui(result, scenario, inventory, pairings, what_if)
    with why_tab:
        ruled_out = why_not_frame(result, inventory)
        if ruled_out.empty:
            st.caption("No activity is ruled out.")
        else:
            st.dataframe(ruled_out, hide_index=True, width="stretch")
    with what_if_tab:
        what_if_ui(what_if)
    with alternatives_tab:
        alternatives_ui(result, scenario, inventory, pairings, keys, as_of)
    with group_tab:
        who_does_what_ui(result, scenario)
