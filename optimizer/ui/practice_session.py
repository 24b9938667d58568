"""The session's practice: the one practice the Planner, Roadmap and Tracker work on
(an unsaved scratch practice, or a saved one chosen once), its inputs and the As-of
date. Streamlit forgets a widget's value on a run that does not draw it, so every
run (``keep_inputs``, called by the navigation before the page) copies the inputs
into a store of its own and puts back those a page did not draw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.model import Reporting, SpecialStatus
from optimizer.ui import state
from optimizer.ui.practice_inputs import practice_from_state
from optimizer.ui.session_day import AS_OF, as_of
from optimizer.ui.workspace_state import current_workspace

STORE = "session_practice_inputs"
"""Session-state key of the kept inputs (a dict: widget key -> value); not a widget's."""
SAVED = "session_practice_saved"
"""Session-state key of the saved practice's name (absent: a scratch practice)."""
SAVED_SNAPSHOT = "session_practice_snapshot"
"""What the inputs were when the practice was last saved or chosen."""
TRACKER_KEY = "tracker_practice"
"""The Tracker's practice box (the same key as ``pages.tracker.TRACKER_KEY``)."""
PENDING_TRACKER = "session_practice_pending_tracker"
"""The practice for the Tracker's box, set on the next run (its box may be drawn)."""

PRACTICE_KEYS = (
    "year",
    "reporting",
    "clinicians",
    "pairing",
    "min_paired",
    "start_date",
    "max_concurrent",
    "max_per_clinician",
    *state.KEPT_KEYS,  # the credit and reweighting toggles, the submission's identifiers
)
PRACTICE_PREFIXES = ("mvp_", "quality_", "status_")
"""The practice's inputs: these keys and the keys starting so (kept, and compared
with what was saved)."""
VIEW_KEYS = (
    AS_OF,
    TRACKER_KEY,
    "tracker_year",
    "repeat_effort",
    "roadmap_first",
    "planner_section",
)
VIEW_PREFIXES = ("filter_", "roadmap_last_")
"""Kept as well, but not part of what is saved: the day, the pages' own choices."""
PLAIN_KEYS = ("history", "edits", "roster")
"""Plain session-state values (no widget) that are part of the practice."""


@dataclass(frozen=True)
class SessionPractice:
    """The practice being worked on, as the pages share it."""

    saved_as: str | None
    """The workspace practice it is; None: a scratch practice, not saved."""
    as_of: date
    inputs: Mapping[str, Any]
    """The practice's inputs by widget key (see ``PRACTICE_KEYS``)."""
    unsaved: bool
    """Whether anything differs from what was saved (always True for scratch)."""


def _kept(key: object) -> bool:
    return isinstance(key, str) and (
        key in PRACTICE_KEYS
        or key in VIEW_KEYS
        or key.startswith(PRACTICE_PREFIXES)
        or key.startswith(VIEW_PREFIXES)
    )


def _is_practice_input(key: str) -> bool:
    return key in PRACTICE_KEYS or key.startswith(PRACTICE_PREFIXES)


def keep_inputs() -> None:
    """Copy the inputs on screen into the store and put back those a page did not
    draw (run it before the page, on every run)."""
    store: dict[str, Any] = st.session_state.setdefault(STORE, {})
    pending = st.session_state.pop(PENDING_TRACKER, None)
    if pending is not None:  # the session's practice already: nothing to follow
        st.session_state[TRACKER_KEY] = store[TRACKER_KEY] = pending
    seen = store.get(TRACKER_KEY)
    for key in list(st.session_state):
        if _kept(key):
            store[str(key)] = st.session_state[key]
    picked = store.get(TRACKER_KEY)
    if isinstance(seen, str) and isinstance(picked, str) and picked != seen:
        open_saved(picked)  # another practice picked in the Tracker: the session's now
    for key, value in store.items():
        # Set as the user's value: it outlives a run that draws no such widget.
        st.session_state[key] = value


def keep_fragment_inputs() -> None:
    """Copy the inputs on screen into the store from a fragment's run (call it first in
    the fragment): ``keep_inputs`` runs only on a whole run, so a what-if toggle turned
    in the plan's fragment was lost at the next page switch."""
    store: dict[str, Any] = st.session_state.setdefault(STORE, {})
    for key in list(st.session_state):
        if _kept(key):
            store[str(key)] = st.session_state[key]


def _snapshot() -> str:
    """The practice as planned (the sidebar's Scenario, the history, the table's
    edits and the roster), in one string: unchanged inputs give the same one."""
    from optimizer.planning.year_ahead import actionable_year

    year = st.session_state.get("year")
    year = year if isinstance(year, int) else actionable_year(as_of())[0]
    try:
        scenario = repr(practice_from_state(year))
    except PlannerError as exc:  # inputs the planner refuses are still inputs
        scenario = str(exc)
    edits = st.session_state.get("edits") or {}
    kept = {y: {k: e for k, e in by.items() if not e.is_default} for y, by in edits.items()}
    plain = (
        tuple(st.session_state.get("history") or ()),
        sorted((y, sorted(by.items())) for y, by in kept.items() if by),
        tuple(st.session_state.get("roster") or ()),
    )
    return repr((scenario, plain))


def saved_name() -> str | None:
    """The saved practice the session works on (None: a scratch practice)."""
    name = st.session_state.get(SAVED)
    return name if isinstance(name, str) else None


def is_unsaved() -> bool:
    """Whether the session's practice has inputs not saved in the workspace."""
    return saved_name() is None or st.session_state.get(SAVED_SNAPSHOT) != _snapshot()


def current() -> SessionPractice:
    """The session's practice now."""
    store: dict[str, Any] = st.session_state.get(STORE, {})
    inputs = {k: v for k, v in store.items() if _is_practice_input(k)}
    inputs.update(
        {k: v for k, v in st.session_state.items() if isinstance(k, str) and _is_practice_input(k)}
    )
    return SessionPractice(saved_name(), as_of(), inputs, is_unsaved())


def _set(key: str, value: Any) -> None:
    st.session_state[key] = value
    st.session_state.setdefault(STORE, {})[key] = value


def mark_saved(name: str) -> None:
    """The inputs now are those of the workspace practice ``name`` (just saved); the
    Tracker opens on it from the next run."""
    st.session_state[SAVED] = name
    st.session_state[PENDING_TRACKER] = name
    st.session_state[SAVED_SNAPSHOT] = _snapshot()


def choose_saved(
    name: str | None,
    *,
    reporting: Reporting | None = None,
    clinicians: int | None = None,
    statuses: frozenset[SpecialStatus] | None = None,
) -> None:
    """Work on the saved practice ``name`` from now on (None: back to a scratch
    practice): its clinicians (None: not known) put in the inputs, and its reporting
    and statuses when given. Call it before the widgets are drawn (a button's
    callback, or before a rerun)."""
    if name is None:
        st.session_state.pop(SAVED, None)
        st.session_state.pop(SAVED_SNAPSHOT, None)
        return
    if reporting is not None:
        _set("reporting", reporting)
    _set("clinicians", clinicians)
    if statuses is not None:
        for key in [k for k in st.session_state.get(STORE, {}) if k.startswith("status_")]:
            _set(key, False)
        for status in statuses:
            _set(f"status_{status}", True)
    mark_saved(name)


def open_saved(name: str) -> None:
    """Work on the workspace practice ``name``: its reporting, clinicians, statuses and
    quality measures become the inputs, and the Tracker opens on it. A practice that
    cannot be read leaves the session as it was (the Tracker says why)."""
    from optimizer.workspace import get_practice

    try:
        info = get_practice(current_workspace(), name)
    except PlannerError:
        return
    year = st.session_state.get("year")
    if isinstance(year, int) and info.quality:
        _set(f"quality_{year}", list(info.quality))
    choose_saved(
        info.name, reporting=info.reporting, clinicians=info.clinicians, statuses=info.statuses
    )


def unsaved_note() -> str:
    """A short note saying whose practice this is and whether it is saved."""
    name = saved_name()
    if name is None:
        return "Scratch practice: not saved in the workspace."
    if is_unsaved():
        return f"{name}: changes not saved in the workspace."
    return f"{name}: saved in the workspace."


def unsaved_note_ui() -> None:
    """The note, in the sidebar."""
    from optimizer.ui.plain_text import as_text

    st.sidebar.caption(as_text(unsaved_note()))
