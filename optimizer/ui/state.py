"""The app's session state and caches: defaults set once, per-year widget values
kept across year switches, and the cached loaders and plans."""

from __future__ import annotations

import hashlib
import os
from datetime import date

import streamlit as st

from optimizer.model import Clinician, Inventory, Pairings, Plan, Scenario
from optimizer.planning.pipeline import plan
from optimizer.planning.whatif import WhatIf, what_if_table
from optimizer.sources.bundled import bundled_inventory
from optimizer.sources.inventory import read_inventory

# Widgets whose options depend on the year get one key per year; these prefixes
# are kept alive while another year is on screen (see keep_widget_state).
# "max_per_clinician" is drawn only for group reporting and is kept the same way.
PER_YEAR_PREFIXES = ("mvp_", "quality_", "min_paired", "max_per_clinician")
UPLOAD_TYPES = ["xlsx", "csv", "json"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_ROSTER_SIZE = 6
MAX_MIN_PAIRED = 10


@st.cache_data(show_spinner=False)
def load_bundled(year: int) -> Inventory:
    return bundled_inventory(year)


@st.cache_data(show_spinner=False, max_entries=16)
def load_upload(data: bytes, year: int, name: str) -> Inventory:
    return read_inventory(data, year, source=name)


@st.cache_data(show_spinner=False, max_entries=256)
def cached_plan(
    scenario: Scenario,
    inventory_key: str,
    pairings_key: str,
    as_of: date,
    _inventory: Inventory,
    _pairings: Pairings | None,
) -> Plan:
    return plan(scenario, _inventory, pairings=_pairings, as_of=as_of)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_what_if(
    scenario: Scenario,
    inventory_key: str,
    pairings_key: str,
    as_of: date,
    _inventory: Inventory,
    _pairings: Pairings | None,
) -> tuple[WhatIf, ...]:
    return what_if_table(scenario, _inventory, pairings=_pairings, as_of=as_of)


TODAY_VARIABLE = "IA_PLANNER_TODAY"
"""Run the app as on another day (YYYY-MM-DD): a demonstration, a training, a test."""


def today() -> date:
    """The app's clock: IA_PLANNER_TODAY when set, else the calendar's today."""
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    return date.fromisoformat(text) if text else date.today()


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


def set_roster(roster: tuple[Clinician, ...], activity_ids: tuple[str, ...]) -> None:
    """Replace the roster the editor starts from (a new editor key drops old row edits)."""
    st.session_state["roster_base"] = (roster, activity_ids)
    st.session_state["roster"] = roster
    st.session_state["roster_version"] = st.session_state.get("roster_version", 0) + 1
