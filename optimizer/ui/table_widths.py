"""How wide each column of the Portfolio and Tracker tables is drawn, so that every
column fits the page at 1280 px (a 260 px sidebar leaves about 858 px of table, measured):
long cells are cut with the whole text on hover (the Tracker's rows are tall enough for
a long title to wrap), never pushed off screen."""

from __future__ import annotations

from typing import Any

import streamlit as st

from optimizer.ui import progress_tables as tables
from optimizer.wording import START_BY

_Config = dict[str, Any]


def _widths(widths: dict[str, tuple[int, str | None]]) -> _Config:
    """Column -> (pixels, a shorter header or None); the full name is the header's help."""
    return {
        name: st.column_config.Column(label=short or name, width=px, help=name)
        for name, (px, short) in widths.items()
    }


PORTFOLIO_WIDTHS: _Config = _widths(
    {
        tables.PRACTICE: (150, None),
        "TIN": (85, None),
        tables.YEAR: (50, None),
        tables.PLAN: (120, None),
        tables.POINTS: (70, None),
        tables.PROGRESS: (110, None),
        tables.AT_RISK: (125, None),
        tables.SUBMISSION: (130, None),
    }
)
"""840 px in all."""

TRACKER_WIDTHS: _Config = _widths(
    {
        tables.ACTIVITY: (90, None),
        "Title": (150, None),
        tables.STATUS: (70, None),
        tables.START: (85, None),
        tables.END: (85, None),
        tables.REQUIRED: (50, "Days"),
        tables.STILL_NEEDED: (50, "Left"),
        START_BY: (85, None),
        tables.OWNER: (60, None),
        tables.CLINICIANS: (55, None),
        tables.EVIDENCE: (50, "Files"),
    }
)
"""830 px in all (880 px overflowed by 22 px in Chromium at 1280 px): the day counts
and the evidence under short headers; 'not in the plan' said in the status."""

TRACKER_ROW_PX = 76
"""Three lines a row: Streamlit wraps a cell's text in rows over 64 px, so a long title
(or owner, or clinicians) is read whole instead of cut."""
