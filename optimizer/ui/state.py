"""The app's session state and caches: defaults set once, per-year widget values
kept across year switches, the uploaders' keys and messages, and the cached loaders
and plans."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

import streamlit as st

from optimizer.clock import today as today  # the app's clock, one for every face
from optimizer.errors import PlannerError
from optimizer.model import Clinician, Inventory, Pairings, Plan, Scenario
from optimizer.planning.pipeline import plan
from optimizer.planning.resolve import default_inventory
from optimizer.planning.whatif import WhatIf, what_if_table
from optimizer.sources.inventory import read_inventory
from optimizer.ui.activity_table import ActivityEdit
from optimizer.ui.bug_report import keeps_page, unreadable_upload
from optimizer.ui.plain_text import app_words, as_text

# Widgets whose options depend on the year get one key per year; these prefixes
# are kept alive while another year is on screen (see keep_widget_state).
# "max_per_clinician" is drawn only for group reporting, the activity filters
# ("filter_") only while their section is open, the schedule limits only while their
# expander is open, the status toggles ("status_") on two of the pages; they are kept
# the same way.
PER_YEAR_PREFIXES = (
    "mvp_",
    "quality_",
    "min_paired",
    "max_per_clinician",
    "filter_",
    "start_date",
    "max_concurrent",
    "status_",
)
# Kept the same way: the credit and reweighting toggles (drawn on the Planner and Roadmap pages) and
# the submission file's identifiers (drawn only while their expander is open).
KEPT_KEYS = (
    "apm",
    "app",
    "pcmh",
    "pi_reweighted_True",
    "pi_reweighted_False",
    "cost_reweighted",
    "submission_method",
    "tin",
    "npi",
    "entity_id",
)
UPLOAD_TYPES = ["xlsx", "csv", "json"]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_ROSTER_SIZE = 6
MAX_MIN_PAIRED = 10


# Cached as resources, not data: inventories, plans and what-if tables are frozen
# values, so every rerun and session may share one object; st.cache_data would hand
# out a fresh unpickled copy on each rerun, which costs more than a small plan.
@st.cache_resource(show_spinner=False)
def load_bundled(year: int) -> Inventory:
    return default_inventory(year)


@st.cache_resource(show_spinner=False, max_entries=16)
def load_upload(data: bytes, year: int, name: str) -> Inventory:
    return read_inventory(data, year, source=name)


def cache_key(*parts: object) -> str:
    """One string naming a cached result: the repr of frozen values (a Scenario, the
    inventory's key, a day). Streamlit hashes a string at once, where walking a
    Scenario field by field took longer than the plan it looks up."""
    return repr(parts)


@st.cache_resource(show_spinner=False, max_entries=256)
def _plan(
    key: str, _scenario: Scenario, _inventory: Inventory, _pairings: Pairings | None, _as_of: date
) -> Plan:
    return plan(_scenario, _inventory, pairings=_pairings, as_of=_as_of)


def cached_plan(
    scenario: Scenario,
    inventory_key: str,
    pairings_key: str,
    as_of: date,
    inventory: Inventory,
    pairings: Pairings | None,
) -> Plan:
    """The plan of ``scenario`` on ``inventory`` (named by ``inventory_key``), made once."""
    key = cache_key(scenario, inventory_key, pairings_key, as_of)
    return _plan(key, scenario, inventory, pairings, as_of)


@st.cache_resource(show_spinner=False, max_entries=64)
def _what_if(
    key: str, _scenario: Scenario, _inventory: Inventory, _pairings: Pairings | None, _as_of: date
) -> tuple[WhatIf, ...]:
    return what_if_table(_scenario, _inventory, pairings=_pairings, as_of=_as_of)


def cached_what_if(
    scenario: Scenario,
    inventory_key: str,
    pairings_key: str,
    as_of: date,
    inventory: Inventory,
    pairings: Pairings | None,
) -> tuple[WhatIf, ...]:
    """The what-if table of ``scenario``, made once."""
    key = cache_key(scenario, inventory_key, pairings_key, as_of)
    return _what_if(key, scenario, inventory, pairings, as_of)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def keep_widget_state() -> None:
    """Streamlit forgets a widget's value when a run does not draw it; re-storing the
    per-year widgets' values keeps each year's choices across year switches."""
    st.session_state.setdefault("edits", {})
    st.session_state.setdefault("history", ())
    st.session_state.setdefault("uploads", {})
    st.session_state.setdefault("restored_inventories", {})
    st.session_state.setdefault("roster_base", ((), ()))
    st.session_state.setdefault("roster_version", 0)
    st.session_state.setdefault("roster", ())
    for key in list(st.session_state):
        if isinstance(key, str) and (key.startswith(PER_YEAR_PREFIXES) or key in KEPT_KEYS):
            st.session_state[key] = st.session_state[key]


SECTION_WIDGETS = ("filter_", "max_per_clinician", "submission_method", "tin", "npi", "entity_id")
"""The plan fragment's widgets that a section or an expander hides."""


def keep_section_widgets() -> None:
    """A fragment's rerun forgets the values of its own widgets it does not draw (a
    closed section's filters, the cap per clinician, the TIN): keep them."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(SECTION_WIDGETS):
            st.session_state[key] = st.session_state[key]


def upload_key(name: str) -> str:
    """The key of the uploader ``name`` now: ``name`` itself, then a new key after
    each rejected file, so that the widget comes back empty instead of showing a
    file that was not loaded."""
    version = st.session_state.get(f"{name}__version", 0)
    return name if not version else f"{name}__{version}"


def uploaded(name: str) -> Any:
    """The file in the uploader ``name`` (None when it is empty)."""
    return st.session_state.get(upload_key(name))


def reset_upload(name: str) -> None:
    """Empty the uploader ``name``: the next run draws it under a new key."""
    st.session_state[f"{name}__version"] = st.session_state.get(f"{name}__version", 0) + 1


def reject_upload(name: str, message: str) -> None:
    """Empty the uploader ``name`` and keep ``message`` to show beside it."""
    reset_upload(name)
    st.session_state[f"{name}__error"] = message


def accept_upload(name: str) -> None:
    """Forget the message of an earlier rejected file once one is loaded."""
    st.session_state.pop(f"{name}__error", None)


Read = TypeVar("Read")


def take_upload(
    name: str, read: Callable[[bytes, str], Read], refused: str
) -> tuple[Any, bytes, Read] | None:
    """The file in the uploader ``name``, read by ``read(data, file_name)``: the file
    (Streamlit's UploadedFile), its bytes and what was read. None when the uploader
    is empty, or when ``read`` refuses the file (or breaks on it: our bug, logged): then
    the uploader is emptied and "<file> <refused>: <why>" kept to show beside it
    (``upload_error``, as plain text)."""
    file = uploaded(name)
    if file is None:
        return None
    data = file.getvalue()
    try:
        value = read(data, file.name)
    except PlannerError as exc:
        reject_upload(name, f"{file.name} {refused}: {app_words(exc)}")
        return None
    except Exception as exc:  # a reader that breaks is our bug: said and logged, not shown
        reject_upload(name, f"{file.name} {refused}: {unreadable_upload(exc)}")
        return None
    accept_upload(name)
    return file, data, value


def upload_error(name: str) -> str | None:
    """Why the last file given to the uploader ``name`` was not loaded (None: it was),
    as Markdown that shows the file's name and the message as written."""
    message = st.session_state.get(f"{name}__error")
    return as_text(message) if isinstance(message, str) else None


@keeps_page
def edit_activities(year: int, activity_ids: tuple[str, ...], **change: bool) -> None:
    """Change the activity table's edits of ``activity_ids`` (a button's callback:
    a swap marks "Can't do", using another plan marks "Must include")."""
    edits = st.session_state["edits"].setdefault(year, {})
    if change.get("cant_do"):
        change = {**change, "already_doing": False}  # an activity left out is not running
    for activity_id in activity_ids:
        edits[activity_id] = replace(edits.get(activity_id, ActivityEdit()), **change)
    # The table editor keeps its own row edits; dropping them makes it show these.
    for key in [k for k in st.session_state if str(k).startswith(f"activities_{year}_")]:
        del st.session_state[key]


def set_roster(roster: tuple[Clinician, ...], activity_ids: tuple[str, ...]) -> None:
    """Replace the roster the editor starts from (a new editor key drops old row edits)."""
    st.session_state["roster_base"] = (roster, activity_ids)
    st.session_state["roster"] = roster
    st.session_state["roster_version"] = st.session_state.get("roster_version", 0) + 1
