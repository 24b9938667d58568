"""The editing tabs: attestation history, the activity table and the group's roster."""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.model import Attestation, Clinician, Inventory, Scenario
from optimizer.rules.effort import RUNNING_HOURS
from optimizer.sources.practice_tables import read_history
from optimizer.sources.roster import interchangeable_roster, read_roster
from optimizer.ui.activity_table import (
    ActivityEdit,
    activity_frame,
    edits_from_frame,
    filter_activities,
    merge_edits,
)
from optimizer.ui.bug_report import keeps_page
from optimizer.ui.labels import (
    ACTIVITY_COLUMNS,
    ALREADY,
    EDITABLE_COLUMNS,
    EFFORT,
    EXCLUDE,
    HISTORY_YEAR,
    ID,
    INCLUDE,
    POINTS,
    SUBCATEGORY,
    TITLE,
    WEIGHT,
)
from optimizer.ui.plain_text import app_words, as_text
from optimizer.ui.practice_tables import (
    history_frame,
    history_from_frame,
    roster_frame,
    roster_from_frame,
)
from optimizer.ui.state import (
    DEFAULT_ROSTER_SIZE,
    UPLOAD_TYPES,
    set_roster,
    take_upload,
    upload_error,
    upload_key,
)

HISTORY_FILE, ROSTER_FILE = "history_file", "roster_file"


@keeps_page
def _history_uploaded() -> None:
    """The history uploader's callback: the file replaces the table, or is refused."""
    taken = take_upload(HISTORY_FILE, read_history, "was not loaded, the history is kept")
    if taken is not None:
        st.session_state["history"] = taken[2]
        st.session_state["history_version"] = st.session_state.get("history_version", 0) + 1


def history_ui() -> tuple[Attestation, ...]:
    """The attestation history: edited in place, or replaced by an uploaded file."""
    st.caption(
        "Past attestations drive the once-every-4-years rule. Edit the rows, or upload a "
        "CSV/xlsx with 'Activity ID' and 'Performance year' columns (it replaces the table)."
    )
    st.file_uploader(
        "Upload history",
        type=["csv", "xlsx"],
        key=upload_key(HISTORY_FILE),
        on_change=_history_uploaded,
    )
    problem = upload_error(HISTORY_FILE)
    if problem:
        st.error(problem)
    saved = st.session_state["history"]
    version = st.session_state.get("history_version", 0)
    edited = st.data_editor(
        history_frame(saved),
        num_rows="dynamic",
        key="history_editor" if not version else f"history_editor_{version}",
        hide_index=True,
        column_config={
            HISTORY_YEAR: st.column_config.NumberColumn(
                min_value=2017, max_value=2100, step=1, format="%d"
            )
        },
    )
    try:
        st.session_state["history"] = history_from_frame(edited)
    except PlannerError as exc:
        st.error(as_text(exc))
    return tuple(st.session_state["history"])


EDITOR_HEIGHT = 420
"""The activity editor's height in pixels: it scrolls inside, so the plan above stays
on screen while the user edits."""


def saved_edits(inventory: Inventory) -> dict[str, ActivityEdit]:
    """The activity-table edits kept for the inventory's year (the table need not be drawn)."""
    all_edits: dict[int, dict[str, ActivityEdit]] = st.session_state["edits"]
    return dict(all_edits.get(inventory.year, {}))


def activity_columns(inventory: Inventory) -> dict[str, Any]:
    """Widths that fit the editor at 1280 px: the columns edited come first, and the
    Weight column only for years that have weights (to 2024)."""
    config: dict[str, Any] = {
        # 852 px in all: the main column's width beside the sidebar at 1280 px.
        ID: st.column_config.TextColumn(width=100, pinned=True),
        TITLE: st.column_config.TextColumn(width=158),
        POINTS: st.column_config.NumberColumn(width=55),
        EFFORT: st.column_config.NumberColumn(width=94, min_value=0.0, step=0.5, format="%g"),
        ALREADY: st.column_config.CheckboxColumn(width=116),
        INCLUDE: st.column_config.CheckboxColumn(width=109),
        EXCLUDE: st.column_config.CheckboxColumn(width=88),
        SUBCATEGORY: st.column_config.TextColumn(width=132),
    }
    if not any(a.weight is not None for a in inventory.activities):
        config[WEIGHT] = None  # hidden: CMS dropped weights from 2025
    return config


def activities_ui(inventory: Inventory, scenario: Scenario) -> dict[str, ActivityEdit]:
    """The editable activity table; returns this year's edits (kept in session state)."""
    all_edits: dict[int, dict[str, ActivityEdit]] = st.session_state["edits"]
    saved = all_edits.get(inventory.year, {})
    left, right = st.columns([1, 2])
    subcategories = sorted({a.subcategory for a in inventory.activities if a.subcategory})
    chosen = left.multiselect("Subcategory", subcategories, key="filter_subcategory")
    text = right.text_input("Search ID or title", key="filter_text")
    st.caption(
        f"'Already doing' marks an activity the practice already runs: nearly free "
        f"({RUNNING_HOURS:g} h, shown in Effort), and it still counts after the year's last "
        "start. 'Must include' forces it into the plan, 'Can't do' keeps it out. "
        "Efforts are rough staff-hour estimates: put in your own."
    )
    shown = filter_activities(activity_frame(inventory, scenario, saved), chosen, text)
    # The filter is part of the key: the editor tracks edits by row position.
    filter_key = hashlib.sha256(repr((sorted(chosen), text)).encode()).hexdigest()[:12]
    edited = st.data_editor(
        shown,
        key=f"activities_{inventory.year}_{filter_key}",
        hide_index=True,
        height=EDITOR_HEIGHT,
        disabled=[c for c in ACTIVITY_COLUMNS if c not in EDITABLE_COLUMNS],
        column_config=activity_columns(inventory),
        width="stretch",
    )
    try:
        new = edits_from_frame(edited, inventory, scenario, saved, shown)
    except PlannerError as exc:
        st.error(as_text(exc))
        return dict(saved)
    merged = merge_edits(saved, shown[ID], new)
    all_edits[inventory.year] = merged
    return merged


@keeps_page
def _roster_uploaded() -> None:
    """The roster uploader's callback: the file replaces the roster, or is refused."""
    taken = take_upload(ROSTER_FILE, read_roster, "was not loaded, the roster is kept")
    if taken is not None:
        set_roster(taken[2], tuple(st.session_state.get("last_plan_ids", ())))


def saved_group(scenario: Scenario) -> tuple[tuple[Clinician, ...], int | None]:
    """The roster and the cap per clinician kept from the Group section (it need not be
    drawn); none while the practice reports individually (the roster is kept for when
    it reports as a group again)."""
    if not scenario.is_group:
        return (), None
    cap = st.session_state.get("max_per_clinician")
    return tuple(st.session_state["roster"]), None if cap is None else int(cap)


def group_ui(scenario: Scenario) -> tuple[tuple[Clinician, ...], int | None]:
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
    st.file_uploader(
        "Upload a roster (CSV, xlsx or JSON)",
        type=UPLOAD_TYPES,
        key=upload_key(ROSTER_FILE),
        on_change=_roster_uploaded,
    )
    problem = upload_error(ROSTER_FILE)
    if problem:
        st.error(problem)
    last_ids = tuple(st.session_state.get("last_plan_ids", ()))
    count = scenario.clinicians or DEFAULT_ROSTER_SIZE
    if st.button(f"Start with {count} interchangeable clinicians", key="roster_interchangeable"):
        set_roster(interchangeable_roster(count), last_ids)
    base, ids = st.session_state["roster_base"]
    edited = st.data_editor(
        roster_frame(base, ids),
        num_rows="dynamic",
        key=f"roster_editor_{st.session_state['roster_version']}",
        hide_index=True,
        width="stretch",
    )
    try:
        st.session_state["roster"] = roster_from_frame(edited)
    except PlannerError as exc:
        kept = "The roster table is not applied, the previous roster is kept"
        st.error(as_text(f"{kept}: {app_words(exc)}"))
    return tuple(st.session_state["roster"]), None if max_per is None else int(max_per)
