"""The Tracker's "Changes" section: the change log of the practice and the year
shown (who changed which field, when, from what to what), newest first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from optimizer.errors import PlannerError
from optimizer.ui.plain_text import as_text
from optimizer.workspace import PracticeYearInfo, Workspace, changes
from optimizer.workspace.change_log import CHANGE_HEADERS, change_rows


def changes_frame(ws: Workspace, info: PracticeYearInfo) -> pd.DataFrame:
    """The practice-year's changes (and the practice's own), newest first."""
    rows = change_rows(reversed(changes(ws, info.practice, info.year)))
    frame = pd.DataFrame(rows, columns=list(CHANGE_HEADERS))
    frame["Year"] = frame["Year"].astype(str)
    return frame


def changes_section(ws: Workspace, info: PracticeYearInfo) -> None:
    """The "Changes" subheader and its table."""
    st.subheader("Changes")
    try:
        frame = changes_frame(ws, info)
    except PlannerError as exc:
        st.error(as_text(exc))
        return
    if frame.empty:
        st.caption("No changes logged yet.")
        return
    st.caption(f"Every change to {as_text(info.practice)} and its {info.year} plan, newest first.")
    st.dataframe(frame, hide_index=True, width="stretch")
