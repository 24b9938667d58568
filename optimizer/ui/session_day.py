"""The session's As-of date: the day the Planner, the Roadmap and the workspace pages
count from, and the sidebar field that sets it. The field is text, so a typed day
takes effect on Enter or as the field is left for a click (Streamlit's date field
commits only when it loses focus, and its calendar covers the sidebar below it)."""

from __future__ import annotations

import re
from datetime import date

import streamlit as st

from optimizer.errors import ScenarioError
from optimizer.ui import state

AS_OF = "as_of"
"""Session-state key of the day (a date; plain state, not a widget's)."""
AS_OF_TEXT = "as_of_text"
"""The As-of field's widget key (its text)."""
AS_OF_PROBLEM = "as_of_problem"
"""Why the text typed last is not a day (absent: it is)."""
LABEL = "As of"
EARLIEST, LATEST = 2000, 2099
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def as_of() -> date:
    """The session's As-of date: the one typed on the Planner or the Roadmap, else the
    app's clock (``state.today``: IA_PLANNER_TODAY when set)."""
    value = st.session_state.get(AS_OF)
    return value if isinstance(value, date) else state.today()


def parse_day(text: str) -> date:
    """'2027-01-15', '2027/01/15' or '1/15/2027' as a day; ScenarioError says why not."""
    text = text.strip()
    us = _US.fullmatch(text)
    try:
        if us:
            month, day, year = (int(g) for g in us.groups())
            found = date(year, month, day)
        else:
            found = date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        msg = f"'{LABEL}' must be a day such as 2027-01-15, got {text!r}"
        raise ScenarioError(msg) from None
    if not EARLIEST <= found.year <= LATEST:
        msg = f"'{LABEL}' must be a day from {EARLIEST} to {LATEST}, got {found.isoformat()}"
        raise ScenarioError(msg)
    return found


def _typed() -> None:
    """The field's callback (before the page runs): a day becomes the session's, shown
    as yyyy-mm-dd; other text is kept to correct, with why, and the day stays."""
    text = str(st.session_state.get(AS_OF_TEXT) or "")
    try:
        day = parse_day(text)
    except ScenarioError as exc:
        st.session_state[AS_OF_PROBLEM] = str(exc)
        return
    st.session_state.pop(AS_OF_PROBLEM, None)
    st.session_state[AS_OF] = day
    st.session_state[AS_OF_TEXT] = day.isoformat()


def as_of_ui(help_text: str) -> date:
    """The sidebar's As-of field; returns the session's day."""
    st.session_state.setdefault(AS_OF, as_of())
    if AS_OF_PROBLEM not in st.session_state or AS_OF_TEXT not in st.session_state:
        st.session_state.pop(AS_OF_PROBLEM, None)  # the day as kept (a restored workbook's)
        st.session_state[AS_OF_TEXT] = as_of().isoformat()
    st.sidebar.text_input(
        LABEL,
        key=AS_OF_TEXT,
        on_change=_typed,
        help=f"{help_text} Type it as yyyy-mm-dd (or m/d/yyyy) and press Enter.",
    )
    problem = st.session_state.get(AS_OF_PROBLEM)
    if problem:
        st.sidebar.error(f"{problem}: the plan stays as of {as_of().isoformat()}.")
    return as_of()
