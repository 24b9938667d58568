"""The roadmap page: the practice of the sidebar (with the Planner page's history,
efforts and can't-do ticks) planned over several years together, as a
year-by-activity chart, a row per year, the changes CMS made, and a workbook."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.exports.roadmap_sheet import write_roadmap_workbook
from optimizer.model import PlanStatus, Scenario, SpecialStatus
from optimizer.planning.roadmap.build import DEFAULT_REPEAT_EFFORT, roadmap
from optimizer.planning.roadmap.result import Roadmap
from optimizer.planning.roadmap.years import DEFAULT_SPAN, MAX_YEARS, first_open_year
from optimizer.rules.year_rules import rule_years, rules_for
from optimizer.sources.bundled import latest_year, loaded_years
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.ui.activity_table import apply_edits
from optimizer.ui.labels import FIX_WORDS_APP, TITLE
from optimizer.ui.plain_text import as_text
from optimizer.ui.roadmap_tables import (
    ACTIVITY,
    HOURS,
    KIND,
    YEAR,
    changes_frame,
    grid_frame,
    statuses_frame,
    statuses_from_frame,
    years_frame,
)
from optimizer.ui.session_day import as_of_ui
from optimizer.ui.sidebar import practice_ui
from optimizer.ui.state import XLSX_MIME, keep_widget_state, load_bundled
from optimizer.ui.status_toggles import status_toggles_ui

GRID_CHART: dict[str, Any] = {
    "encoding": {
        "x": {"field": YEAR, "type": "ordinal", "title": None, "axis": {"orient": "top"}},
        "y": {"field": ACTIVITY, "type": "nominal", "title": None, "sort": None},
    },
    "layer": [
        {
            "mark": {"type": "rect", "stroke": "white"},
            "encoding": {
                "color": {
                    "field": KIND,
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": ["new", "again"]},
                },
                "tooltip": [
                    {"field": ACTIVITY, "type": "nominal"},
                    {"field": TITLE, "type": "nominal"},
                    {"field": YEAR, "type": "ordinal"},
                    {"field": HOURS, "type": "nominal", "title": "Effort"},
                ],
            },
        },
        {
            "mark": {"type": "text", "color": "white"},
            "encoding": {"text": {"field": HOURS, "type": "nominal"}},
        },
    ],
}
"""The year-by-activity grid: a cell per activity and year, coloured new or again,
labelled with the hours (a Vega-Lite spec written out, as on the planner page)."""


@st.cache_data(show_spinner=False, max_entries=32)
def cached_roadmap(
    scenario: Scenario,
    last_year: int,
    statuses: tuple[tuple[int, frozenset[SpecialStatus]], ...],
    repeat_effort: float,
    as_of: date,
) -> Roadmap:
    return roadmap(
        scenario,
        last_year,
        statuses_by_year=dict(statuses),
        repeat_effort=repeat_effort,
        as_of=as_of,
    )


def _span(today: date) -> tuple[int, int]:
    """The first and last years; by default from the first year whose activities can
    still start today (a year past the bundled data included)."""
    known = [y for y in loaded_years() if y in rule_years()]
    years = list(range(known[0], known[-1] + DEFAULT_SPAN))
    opens = first_open_year(today)
    index = years.index(opens) if opens in years else len(years) - 1
    first = st.sidebar.selectbox("First year", years, index=index, key="roadmap_first")
    choices = list(range(first, first + MAX_YEARS))
    last = st.sidebar.selectbox(
        "Last year", choices, index=DEFAULT_SPAN - 1, key=f"roadmap_last_{first}"
    )
    return first, last


def _practice(first: int) -> Scenario:
    """The sidebar's practice with the Planner page's history and table edits (those
    of the nearest bundled year: the sidebar reads its choices against that year)."""
    near = min(first, latest_year())
    # The same toggles as on the Planner page, under the same keys: a status set
    # there holds here, and the table below starts every year from them.
    scenario = status_toggles_ui(practice_ui(near), rules_for(near))
    history = {"history": st.session_state["history"]}
    edits = st.session_state["edits"].get(near, {})
    scenario = apply_edits(scenario_from_fields(history, base=scenario), edits, load_bundled(near))
    return replace(scenario, year=first)


def _statuses(first: int, last: int, scenario: Scenario) -> dict[int, frozenset[SpecialStatus]]:
    st.caption(
        "Special statuses by year (ticked as above; change a year if the "
        "practice grows past the small-practice size or its area changes)"
    )
    base = sorted(scenario.statuses)
    edited = st.data_editor(
        statuses_frame(range(first, last + 1), scenario.statuses),
        key=f"roadmap_statuses_{first}_{last}_{'_'.join(base)}",
        hide_index=True,
        disabled=[YEAR],
    )
    return statuses_from_frame(edited)


def _show(result: Roadmap) -> None:
    done = [y for y in result.years if y.status is not PlanStatus.INFEASIBLE]
    saving = round(sum(y.full_effort for y in done) - result.total_effort, 2)
    metrics = (
        ("Total effort", f"{result.total_effort:g} h"),
        ("Saved by repeating", f"{saving:g} h"),
        ("Years", str(len(result.years))),
        ("Activities", str(len(result.grid()))),
    )
    for column, (label, value) in zip(st.columns(len(metrics)), metrics, strict=True):
        column.metric(label, value)
    reasons = "\n".join(f"- {r.in_words(FIX_WORDS_APP)}" for r in result.reasons)
    if result.status is PlanStatus.INFEASIBLE:
        st.warning("No roadmap reaches every year's target.\n\n" + reasons)
    elif result.reasons:
        left_out = [str(y.year) for y in result.years if y.status is PlanStatus.INFEASIBLE]
        st.warning(
            f"Not planned: {', '.join(left_out)}; the other years are planned without "
            f"{'them' if len(left_out) > 1 else 'it'}.\n\n" + reasons
        )
    grid = grid_frame(result)
    if not grid.empty:
        st.caption("Each cell is an activity in a year: new (full effort) or again (continued)")
        st.vega_lite_chart(grid, GRID_CHART, width="stretch")
    st.dataframe(years_frame(result), hide_index=True, width="stretch")
    st.markdown("\n".join(f"- {a}" for a in result.assumptions))
    if result.changes:
        with st.expander(f"What CMS changed between the years ({len(result.changes)})"):
            st.dataframe(changes_frame(result), hide_index=True, width="stretch")
    st.download_button(
        "Download the roadmap as Excel",
        lambda: write_roadmap_workbook(result),
        file_name=f"ia-roadmap-{result.first_year}-{result.last_year}.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        key="download_roadmap",
    )


def _as_of_ui() -> date:
    """The session's As-of date, drawn as on the Planner page (the same input)."""
    return as_of_ui("The day the roadmap is made: the same day as the Planner's.")


def roadmap_page() -> None:
    """Several performance years planned together, as of the session's As-of date
    (``session_day.as_of``: the Planner's)."""
    keep_widget_state()
    st.title("Roadmap")
    st.caption(
        "Several years planned together: activities allowed once every 4 years are spread "
        "over them, and continuing an activity into the next year costs only part of its "
        "effort. History, efforts and can't-do ticks come from the Planner page."
    )
    st.sidebar.header("Years")
    today = _as_of_ui()
    first, last = _span(today)
    st.sidebar.header("Practice")
    repeat = st.slider(
        "A repeat year costs this share of an activity's effort",
        min_value=0.0,
        max_value=1.0,
        value=DEFAULT_REPEAT_EFFORT,
        step=0.05,
        key="repeat_effort",
        help="Set-up and training are done once; running the activity and keeping the "
        "evidence are done every year. 1 means no saving.",
    )
    try:
        scenario = _practice(first)
        statuses = _statuses(first, last, scenario)
        result = cached_roadmap(scenario, last, tuple(sorted(statuses.items())), repeat, today)
    except PlannerError as exc:
        st.error(as_text(exc))
        return
    _show(result)
