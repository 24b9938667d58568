"""The plan on screen: headline metrics, what the plan is (or what blocks it and the
change that fixes it), the plan table, why each activity is in with what to do and
what to keep, the schedule, who does what, the what-if table, and the Excel and QPP
downloads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st

from optimizer.errors import PlannerError
from optimizer.exports.calendar_ics import ICS_MIME, plan_calendar
from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Reporting, Scenario
from optimizer.planning.alternatives.next_plans import Alternatives
from optimizer.planning.whatif import WhatIf
from optimizer.ui import practice_session
from optimizer.ui.labels import (
    DAYS,
    EFFORT,
    END,
    ID,
    METHOD_LABELS,
    POINTS,
    START,
    START_BY,
    SUBCATEGORY,
    fix_in_app_words,
    hours_text,
)
from optimizer.ui.plain_text import as_text, table_text
from optimizer.ui.plan_tables import (
    headline,
    plan_frame,
    points_by_subcategory,
    timeline_frame,
    what_if_chart,
    what_if_frame,
    who_does_what_frame,
)
from optimizer.ui.state import XLSX_MIME, edit_activities
from optimizer.ui.why_in import why_in
from optimizer.wording import plural

# Vega-Lite specs written out (what Altair would produce): building them through Altair
# validated every chart on every rerun, which doubled the time of a re-plan.
POINTS_CHART: dict[str, Any] = {
    "mark": "bar",
    "encoding": {
        "x": {"field": POINTS, "type": "quantitative"},
        "y": {
            "field": SUBCATEGORY,
            "type": "nominal",
            "sort": "-x",
            "title": None,
            "axis": {"labelLimit": 0},  # the whole subcategory name, never cut
        },
    },
}

NON_BREAKING_HYPHEN = "\u2011"


def one_line_day(day: date | None) -> str:
    """A day as YYYY-MM-DD written with non-breaking hyphens: it looks the same and a
    narrow table never splits it in two ("2026-" over "01-01")."""
    return "" if day is None else day.isoformat().replace("-", NON_BREAKING_HYPHEN)


def plan_table(result: Plan) -> pd.DataFrame:
    """The plan table as shown: dates as ISO days (as the workbook and the command
    line write them) kept on one line; titles wrap instead of being cut. Drawn as a
    plain HTML table: it shows at once, with nothing for the browser to load first."""
    frame = plan_frame(result)
    for column in (START, END, START_BY):
        frame[column] = [one_line_day(d) for d in frame[column]]
    # Decimals, not floats: the table writes 8.5 and 9.0, not 8.5000 and 9.0000.
    frame[EFFORT] = frame[EFFORT].map(lambda e: Decimal(f"{e:g}"))
    return frame


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
    """The headline metrics, then the plan, or what blocks it and how to fix it."""
    if result.provisional:
        st.warning(as_text(result.provisional_note) + ".")
    with st.container(horizontal=True, gap="large"):
        for label, value in headline(result):
            st.metric(label, value, width="stretch")
    if result.score.weight_basis:
        st.caption(
            f"The IA category weighs {result.category_weight}% of the final score: "
            f"{result.score.weight_basis}"
        )
    if result.status is PlanStatus.FULL_CREDIT:
        reasons = "; ".join(r.text for r in result.reasons)
        st.success(as_text(f"Full credit, nothing to do. {reasons}"))
    elif result.status is PlanStatus.INFEASIBLE:
        blocked_ui(result)
    else:
        count = plural(len(result.activities), "activity")
        st.subheader(f"Plan: {count}, {hours_text(result.total_effort)}")
    if result.activities:
        st.table(table_text(plan_table(result)), hide_index=True)
        st.caption(
            f"Each activity runs its full period, starting by the day in '{START_BY}'; "
            f"attest from {result.submission_window[0]} to {result.submission_window[1]}."
        )
    if result.warnings:
        st.info("\n".join(f"- {as_text(w)}" for w in result.warnings))


def blocked_ui(result: Plan) -> None:
    """What stands between the practice and a plan, each with the change that fixes it."""
    lines = ["**No plan reaches full credit with these choices.**", ""]
    for reason in result.reasons:
        lines.append(f"- {as_text(reason.text)}.")
        fix = fix_in_app_words(reason)
        if fix:
            lines.append(f"  **What would fix it:** {as_text(fix)}.")
    st.error("\n".join(lines))


def why_these_ui(result: Plan, scenario: Scenario, found: Alternatives | None) -> None:
    """For each planned activity: why it is in, what to do, what to keep, and a swap."""
    if result.status is not PlanStatus.OPTIMAL or not result.activities:
        st.caption("Reasons appear here once the plan has activities.")
        return
    st.caption(
        "These activities reach the points with the least effort: no other set the "
        "rules allow takes less (an exact optimization, not a rule of thumb)."
    )
    replacements = () if found is None else found.replacements
    for item in why_in(result, replacements, scenario.include):
        a = item.activity
        with st.container(border=True):
            lines = [f"**{as_text(a.id)}** {as_text(a.title)} · {as_text(a.subcategory)}", ""]
            lines += [f"- {as_text(r)}" for r in item.reasons]
            if a.what_to_do:
                lines += ["", f"**What to do:** {as_text(a.what_to_do)}"]
            if a.evidence_to_keep:
                lines += ["", f"**Evidence to keep:** {as_text(a.evidence_to_keep)}"]
            st.markdown("\n".join(lines))
            swap = item.swap
            if swap is not None and swap.plan is not None:
                instead = as_text(", ".join(swap.added)) or "nothing else"
                more = swap.plan.extra_effort
                st.button(
                    f"Can't do {as_text(a.id)}: take {instead} instead (+{more:g} h)",
                    key=f"why_swap_{a.id}",
                    on_click=edit_activities,
                    args=(scenario.year, (a.id,)),
                    kwargs={"cant_do": True, "must_include": False},
                )


def schedule_ui(result: Plan) -> None:
    """The windows on the year's calendar, and the points per subcategory."""
    timeline = timeline_frame(result)
    if timeline.empty:
        st.caption("The schedule appears once the plan has activities.")
        return
    st.caption("Each bar is an activity's window: the continuous days it must run.")
    st.vega_lite_chart(timeline, timeline_chart(result.year), width="stretch")
    by_subcategory = points_by_subcategory(result).reset_index()
    st.caption(f"Points per subcategory (before the {result.category_max}-point cap)")
    st.vega_lite_chart(by_subcategory, POINTS_CHART, width="stretch")


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


@st.fragment
def submission_ui(result: Plan, scenario: Scenario, inventory: Inventory) -> None:
    """Identifiers in, the QPP submission JSON out (or why it cannot be made yet). A
    fragment: typing an identifier reruns this part only, not the plan."""
    from optimizer.exports.submission import submission_json

    practice_session.keep_fragment_inputs()

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
        (st.error if any(v.strip() for v in given.values()) else st.info)(as_text(exc))
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
    what_if: Callable[[], tuple[WhatIf, ...]],
) -> None:
    """The Excel workbook, always (a plan that cannot be made still saves its
    scenario), and the QPP submission file once there is a plan."""
    st.subheader("Take it with you")
    previous = st.session_state.get("previous_workbook")

    def workbook() -> bytes:
        # Written when the button is clicked (Excel and the what-if table are
        # loaded then), not on every rerun.
        from optimizer.exports.workbook_write import write_workbook

        return write_workbook(
            result,
            scenario,
            inventory,
            pairings=pairings,
            what_if=what_if(),
            previous=previous,
        )

    st.download_button(
        "Download the plan as Excel"
        if result.status is not PlanStatus.INFEASIBLE
        else "Download the scenario as Excel",
        workbook,
        file_name=f"ia-plan-{result.year}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        key="download_workbook",
    )
    st.download_button(
        "Download the dates as a calendar (.ics)",
        lambda: plan_calendar(result),
        file_name=f"ia-calendar-{result.year}.ics",
        mime=ICS_MIME,
        on_click="ignore",
        key="download_calendar",
        help="Each activity's start-by day and period, the year's last start and the "
        "submission window, for Outlook, Google or Apple Calendar; importing it again "
        "updates the same events.",
    )
    st.caption(
        "The Excel workbook has the plan, summary, what-if, activities and history "
        "sheets; open it again (sidebar) to pick up where you left off, with your Owner "
        "and Evidence notes."
    )
    if result.provisional:
        st.caption(
            f"No QPP submission file for PY{result.year} yet: its plan is provisional, made on "
            f"PY{result.borrowed_from}'s data; it can be written once PY{result.year}'s list "
            "is loaded."
        )
    elif result.status is not PlanStatus.INFEASIBLE:
        # Drawn only once opened: a closed expander costs the page nothing.
        with st.expander(
            "QPP submission file (JSON): identifiers and download",
            key="submission_open",
            on_change="rerun",
        ) as box:
            if box.open:
                submission_ui(result, scenario, inventory)
