"""Text the user wrote (a practice name, an evidence note, a file name, an activity
title from an uploaded inventory, a message quoting a cell) shown as written.

Streamlit reads Markdown in st.markdown, st.caption, st.error and the other message
boxes, widget labels and st.table cells: "![x](http://evil/x.png)" would load a remote
image there, "[a](http://evil)" or a bare "www.evil.com" would be a link. ``as_text``
puts a backslash before each character that could start Markdown, HTML, an entity,
maths or a colour there, and an invisible word joiner (U+2060) where the front end
would make a link or an emoji of plain text; it leaves the rest alone, so ordinary
text is sent unchanged ("IA_EPA_1", "kept: mine.csv"). Checked in Chromium against
Streamlit's own renderer (tests/ui/test_browser_plain_text.py).
"""

from __future__ import annotations

import re

import pandas as pd

from optimizer.errors import PlannerError

_ALWAYS = re.compile(r"[\\`*\[\]<>#|$~]")
"""Escaped wherever they are: emphasis, code, links and images, HTML, headings,
tables, maths, strike-through."""
_IN_CONTEXT = re.compile(
    r"&(?=[A-Za-z#])"  # an entity: &lt; &#60;
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])",  # emphasis; IA_EPA_1 is not
)
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d+[.)])", re.MULTILINE)
"""A list item, a setext heading's underline, a numbered item, at the start of a line."""
WORD_JOINER = "\u2060"
_FOUND_IN_TEXT = re.compile(
    r"(?<=www)(?=\.)"  # www.example.org
    r"|(?<=http)(?=s?:)"  # http://example.org, https://
    r"|(?<=@)"  # a@example.org
    r"|(?<=:)(?=[\w+-])",  # :smile:, :material/home:, :+1:
    re.IGNORECASE,
)
"""Where the front end turns plain text into a link or an emoji after reading the
Markdown, so no backslash stops it (www.example.org, http://example.org, a@b.org,
:smile:, :material/home:): an invisible word joiner is put there instead."""


def as_text(text: object) -> str:
    """``text`` as Markdown that shows exactly ``text`` (an error: its words for the app)."""
    escaped = _IN_CONTEXT.sub(lambda m: "\\" + m.group(), _ALWAYS.sub(r"\\\g<0>", app_words(text)))
    escaped = _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)
    return _FOUND_IN_TEXT.sub(WORD_JOINER, escaped)


def app_words(text: object) -> str:
    """``text`` as a string; an error's message in the app's words (``PlannerError.in_app``)."""
    if isinstance(text, PlannerError):
        return getattr(text, "in_app", None) or str(text)
    return str(text)


def _escape_marker(marker: str) -> str:
    return "\\" + marker if not marker[0].isdigit() else marker[:-1] + "\\" + marker[-1]


def table_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for st.table (which reads Markdown in every cell): each text cell and
    column name through ``as_text``; numbers, days and empty cells as they are."""
    shown = frame.rename(columns=lambda c: as_text(c) if isinstance(c, str) else c)
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = [as_text(v) if isinstance(v, str) else v for v in shown[column]]
    return shown
