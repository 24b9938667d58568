"""The sidebar: the inventory of the year, and the practice's reporting, statuses,
credits, MVP, quality measures and schedule as a Scenario."""

from __future__ import annotations

from datetime import date

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.model import Inventory, Scenario, SpecialStatus
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import mvp_catalog, quality_measures
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.ui.labels import (
    NO_MVP,
    PAIRING_ALL,
    PAIRING_AT_LEAST,
    PAIRING_NONE,
    REPORTING_LABELS,
    status_labels,
)
from optimizer.ui.plan_tables import small_practice_hint
from optimizer.ui.state import MAX_MIN_PAIRED, UPLOAD_TYPES, digest, load_bundled, load_upload


def inventory_ui(year: int) -> tuple[Inventory, str]:
    """The inventory for ``year`` and a cache key naming it: the user's last good
    upload for that year, else the bundled one. A bad file keeps the previous one."""
    uploads: dict[int, tuple[str, bytes]] = st.session_state["uploads"]
    restored: dict[int, tuple[Inventory, str]] = st.session_state["restored_inventories"]
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
        except PlannerError as exc:
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


def practice_ui(year: int) -> Scenario:
    """The sidebar's practice and reporting choices as a Scenario (no table edits yet)."""
    sb = st.sidebar
    rules = rules_for(year)
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
        for status, label in status_labels(rules).items()
        if sb.toggle(label, key=f"status_{status}")
    )
    hint = small_practice_hint(clinicians, SpecialStatus.SMALL_PRACTICE in statuses, rules)
    if hint:
        sb.caption(hint)
    share = rules.apm_points / rules.category_max
    apm = sb.toggle(f"APM participant ({share:.0%} automatic credit)", key="apm")
    app = sb.toggle(
        "APM Performance Pathway (full credit)",
        key="app",
        disabled=not rules.app_full_credit,
        help=None if rules.app_full_credit else f"The APP starts in 2021, not in {year}",
    )
    pcmh = sb.toggle("Medical home, PCMH (full credit)", key="pcmh")
    mvp = None
    if rules.mvp:
        catalog = mvp_catalog(year)
        choice = sb.selectbox(
            "MVP",
            [NO_MVP, *catalog],
            format_func=lambda m: m if m == NO_MVP else f"{m} {catalog[m].title}",
            key=f"mvp_{year}",
        )
        mvp = None if choice == NO_MVP else choice

    sb.subheader("Quality measures")
    titles = quality_measures(year)
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
        help=f"Each activity runs {rules.period_days} continuous days unless it says "
        "otherwise; the plan lays them out from this day.",
    )
    max_concurrent = sb.number_input(
        "Activities running at once, at most",
        min_value=1,
        step=1,
        value=None,
        placeholder="no limit",
        key="max_concurrent",
    )
    fields = {
        "year": year,
        "statuses": statuses,
        "apm": apm,
        "app": app and rules.app_full_credit,
        "pcmh": pcmh,
        "mvp": mvp,
        "reporting": reporting,
        "clinicians": clinicians,
        "quality": quality,
        "require_pairing": rule == PAIRING_ALL,
        "min_paired": min_paired,
        "start_date": start if isinstance(start, date) else None,
        "max_concurrent": max_concurrent,
    }
    return scenario_from_fields(fields)
