"""The sidebar: the inventory of the year, and the practice's reporting, statuses,
credits, MVP, quality measures and schedule as a Scenario."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from optimizer.model import Inventory, Scenario
from optimizer.model.values import MAX_CLINICIANS
from optimizer.planning.year_ahead import data_year
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import mvp_catalog, quality_measures
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.ui.bug_report import keeps_page
from optimizer.ui.labels import (
    NO_MVP,
    PAIRING_ALL,
    PAIRING_AT_LEAST,
    PAIRING_NONE,
    REPORTING_LABELS,
    sidebar_field_error,
)
from optimizer.ui.practice_inputs import practice_fields
from optimizer.ui.practice_session import unsaved_note_ui
from optimizer.ui.state import (
    MAX_MIN_PAIRED,
    UPLOAD_TYPES,
    digest,
    load_bundled,
    load_upload,
    reset_upload,
    take_upload,
    upload_error,
    upload_key,
)


@keeps_page
def _inventory_uploaded(year: int) -> None:
    """The inventory uploader's callback: a good file becomes the year's inventory; a
    bad one is refused, the uploader emptied and the previous inventory kept."""
    taken = take_upload(
        f"inventory_file_{year}",
        lambda data, file_name: load_upload(data, year, file_name),
        "was not loaded, the previous inventory is kept",
    )
    if taken is not None:
        file, data, _ = taken
        st.session_state["uploads"][year] = (file.name, data)
        st.session_state["restored_inventories"].pop(year, None)


@keeps_page
def _drop_inventory(year: int) -> None:
    """The "Use the bundled inventory instead" button's callback."""
    st.session_state["uploads"].pop(year, None)
    st.session_state["restored_inventories"].pop(year, None)
    reset_upload(f"inventory_file_{year}")


def current_inventory(year: int) -> tuple[Inventory, str]:
    """The inventory for ``year`` and a cache key naming it: the user's last good
    upload for that year, else a restored workbook's, else the bundled one."""
    uploads: dict[int, tuple[str, bytes]] = st.session_state["uploads"]
    restored: dict[int, tuple[Inventory, str]] = st.session_state["restored_inventories"]
    if year in uploads:
        file_name, data = uploads[year]
        return load_upload(data, year, file_name), f"upload:{year}:{digest(data)}"
    if year in restored:
        return restored[year]
    return load_bundled(year), f"bundled:{year}"


def inventory_ui(year: int) -> None:
    """The inventory uploader of ``year``, why a file was refused, and the way back to
    the bundled inventory. A bad file keeps the previous inventory."""
    name = f"inventory_file_{year}"
    st.file_uploader(
        f"Or upload your own {year} inventory (CMS xlsx, CSV or JSON)",
        type=UPLOAD_TYPES,
        key=upload_key(name),
        on_change=_inventory_uploaded,
        args=(year,),
        help="The file is read in memory, never saved or run.",
    )
    problem = upload_error(name)
    if problem:
        st.error(problem)
    if year in st.session_state["uploads"] or year in st.session_state["restored_inventories"]:
        st.button(
            "Use the bundled inventory instead",
            key=f"drop_inventory_{year}",
            on_click=_drop_inventory,
            args=(year,),
        )


def practice_ui(year: int) -> Scenario:
    """The sidebar's practice and reporting choices, drawn; returns them as a Scenario
    (with the what-if toggles as session state holds them, and no table edits yet),
    which equals ``practice_inputs.practice_from_state`` unless a widget corrected a value as it was
    drawn."""
    sb = st.sidebar
    unsaved_note_ui()
    rules = rules_for(year)
    drawn: dict[str, Any] = {}
    drawn["reporting"] = sb.selectbox(
        "Reporting as",
        list(REPORTING_LABELS),
        format_func=REPORTING_LABELS.__getitem__,
        key="reporting",
    )
    drawn["clinicians"] = sb.number_input(
        "Clinicians in the practice",
        step=1,
        help=f"1 to {MAX_CLINICIANS:,}; a number outside is refused with a message",
        value=None,
        placeholder="e.g. 6",
        key="clinicians",
    )
    # The what-if toggles (statuses and credits) sit above the plan, in its fragment.
    if rules.mvp:
        catalog = mvp_catalog(data_year(year))
        drawn[f"mvp_{year}"] = sb.selectbox(
            "MVP",
            [NO_MVP, *catalog],
            format_func=lambda m: m if m == NO_MVP else f"{m} {catalog[m].title}",
            key=f"mvp_{year}",
        )

    titles = quality_measures(data_year(year))
    drawn[f"quality_{year}"] = sb.multiselect(
        "Quality measures the practice reports",
        list(titles),
        format_func=lambda m: f"{m} {titles.get(m, '')}",
        key=f"quality_{year}",
        placeholder="Search by ID or title",
    )
    drawn["pairing"] = sb.radio(
        "Pairing rule",
        [PAIRING_NONE, PAIRING_AT_LEAST, PAIRING_ALL],
        key="pairing",
        horizontal=True,
    )
    if drawn["pairing"] == PAIRING_AT_LEAST:
        drawn["min_paired"] = sb.number_input(
            "N", min_value=1, max_value=MAX_MIN_PAIRED, key="min_paired"
        )

    # Rarely changed: drawn only while the expander is open (the values stay either way).
    # A fixed label: Streamlit names an expander by its label, so a label that changed
    # with the limits would close the expander under the user's hand.
    with sb.expander("Schedule limits", key="schedule_open", on_change="rerun") as box:
        if not box.open:
            st.caption(_schedule_limits())
        else:
            drawn["start_date"] = st.date_input(
                "Start activities on or after",
                value=None,
                key="start_date",
                help=f"Each activity runs {rules.period_days} continuous days unless it says "
                "otherwise; the plan lays them out from this day.",
            )
            drawn["max_concurrent"] = st.number_input(
                "Activities running at once, at most",
                min_value=1,
                step=1,
                value=None,
                placeholder="no limit",
                key="max_concurrent",
            )

    def value(key: str, default: Any) -> Any:
        return drawn[key] if key in drawn else st.session_state.get(key, default)

    return scenario_from_fields(practice_fields(year, rules, value), locate=sidebar_field_error)


def _schedule_limits() -> str:
    """The schedule limits set, in words, shown while their expander is closed."""
    limits = []
    start = st.session_state.get("start_date")
    if isinstance(start, date):
        limits.append(f"Activities start on or after {start.isoformat()}.")
    most = st.session_state.get("max_concurrent")
    if most:
        limits.append(f"At most {most} run at once.")
    return " ".join(limits) or "No limits: each activity starts as soon as it can."
