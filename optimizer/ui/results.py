"""The plan on screen: headline metrics, the plan table and charts, who does what,
the what-if table, and the Excel and QPP downloads."""

from __future__ import annotations

from typing import Any

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.exports.submission import submission_json
from optimizer.exports.workbook_write import write_workbook
from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Reporting, Scenario
from optimizer.planning.whatif import WhatIf
from optimizer.ui.labels import DAYS, EFFORT, END, ID, METHOD_LABELS, POINTS, START, SUBCATEGORY
from optimizer.ui.plan_tables import (
    headline,
    plan_frame,
    points_by_subcategory,
    timeline_frame,
    what_if_chart,
    what_if_frame,
    who_does_what_frame,
)
from optimizer.ui.state import XLSX_MIME
from optimizer.wording import plural

# Vega-Lite specs written out (what Altair would produce): building them through Altair
# validated every chart on every rerun, which doubled the time of a re-plan.
POINTS_CHART: dict[str, Any] = {
    "mark": "bar",
    "encoding": {
        "x": {"field": POINTS, "type": "quantitative"},
        "y": {"field": SUBCATEGORY, "type": "nominal", "sort": "-x", "title": None},
    },
}


def timeline_chart(year: int) -> dict[str, Any]:
    """One bar per activity from its start to its end, on an axis spanning ``year``
    (the whole year shows how much room is left)."""
    return {
        "mark": "bar",
        "encoding": {
            "x": {
                "field": START,
                "type": "temporal",
                "title": None,
                "scale": {"domain": [f"{year}-01-01", f"{year}-12-31"]},
            },
            "x2": {"field": END},
            "y": {"field": ID, "type": "nominal", "title": None, "sort": None},
            "tooltip": [
                {"field": ID, "type": "nominal"},
                {"field": START, "type": "temporal"},
                {"field": END, "type": "temporal"},
                {"field": DAYS, "type": "quantitative"},
            ],
        },
    }


def plan_ui(result: Plan) -> None:
    """The headline metrics and the plan with its schedule, or why there is none."""
    for column, (label, value) in zip(st.columns(5), headline(result), strict=True):
        column.metric(label, value)
    if result.status is PlanStatus.FULL_CREDIT:
        st.success("Full credit, nothing to do. " + "; ".join(r.text for r in result.reasons))
        return
    if result.status is PlanStatus.INFEASIBLE:
        st.warning(
            "No plan reaches full credit with these choices.\n\n"
            + "\n".join(f"- {r}" for r in result.reasons)
        )
        return
    count = plural(len(result.activities), "activity")
    st.subheader(f"Plan: {count}, {result.total_effort:g} h")
    table, points = st.columns([4, 1])
    shown = plan_frame(result).set_index(ID)
    shown[EFFORT] = shown[EFFORT].map("{:g}".format)  # 6, not 6.0000
    table.table(shown)
    by_subcategory = points_by_subcategory(result).reset_index()
    if not by_subcategory.empty:
        points.caption(f"Points per subcategory (before the {result.category_max}-point cap)")
        points.vega_lite_chart(by_subcategory, POINTS_CHART, width="stretch")
    st.caption(
        f"Each activity runs for its required period, starting by {result.last_start}; "
        f"attest from {result.submission_window[0]} to {result.submission_window[1]}."
    )
    timeline = timeline_frame(result)
    if not timeline.empty:
        st.caption("Schedule: each bar is an activity's 90-day window")
        st.vega_lite_chart(timeline, timeline_chart(result.year), width="stretch")


def who_does_what_ui(result: Plan, scenario: Scenario) -> None:
    if not scenario.is_group or result.status is not PlanStatus.OPTIMAL:
        return
    st.subheader("Who does what")
    frame = who_does_what_frame(result)
    if frame.empty:
        st.caption("Add the group's clinicians above to see who carries out each activity.")
    else:
        st.dataframe(frame, hide_index=True, width="stretch")


def what_if_ui(rows: tuple[WhatIf, ...]) -> None:
    st.caption("The same practice with each status or credit switched the other way.")
    st.dataframe(what_if_frame(rows), hide_index=True, width="stretch")
    chart = what_if_chart(rows)
    if not chart.empty:
        st.bar_chart(chart, y=EFFORT, horizontal=True)


def submission_ui(result: Plan, scenario: Scenario, inventory: Inventory) -> None:
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
        if scenario.reporting is Reporting.INDIVIDUAL
        else "",
        "entity_id": st.text_input("Entity ID", key="entity_id")
        if scenario.reporting in (Reporting.VIRTUAL_GROUP, Reporting.APM_ENTITY)
        else "",
    }
    try:
        data = submission_json(
            result,
            scenario,
            inventory,
            submission_method=method,
            **{k: v.strip() or None for k, v in given.items()},
        )
    except PlannerError as exc:
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


def downloads_ui(
    result: Plan,
    scenario: Scenario,
    inventory: Inventory,
    pairings: Pairings | None,
    what_if: tuple[WhatIf, ...],
) -> None:
    """The Excel workbook and the QPP submission file, once there is a plan."""
    if result.status is PlanStatus.INFEASIBLE:
        return
    excel, submission = st.columns(2)
    with excel:
        st.subheader("Excel workbook")
        previous = st.session_state.get("previous_workbook")

        def workbook() -> bytes:
            # Written when the button is clicked: about as long as a re-plan, so not
            # on every rerun.
            return write_workbook(
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
