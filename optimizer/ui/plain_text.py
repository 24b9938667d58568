"""Text the user wrote (a practice name, an evidence note, a file name, an activity
title from an uploaded inventory, a message quoting a cell) shown as written.

Streamlit reads Markdown in st.markdown, st.caption, st.error and the other message
boxes, widget labels and st.table cells: "![x](http://evil/x.png)" would load a remote
image there, "[a](http://evil)" or a bare "www.evil.com" would be a link. ``as_text``
puts a backslash before each character that could start Markdown, HTML, an entity, a
link, maths, a colour or an emoji there, and leaves the rest alone, so the words of
ordinary text are sent unchanged ("IA_EPA_1", "kept: mine.csv").
"""

from __future__ import annotations

import re

import pandas as pd

_ALWAYS = re.compile(r"[\\`*\[\]<>#|$~@]")
"""Escaped wherever they are: emphasis, code, links and images, HTML and autolinks,
headings, tables, maths, strike-through, e-mail links."""
_IN_CONTEXT = re.compile(
    r"&(?=[A-Za-z#])"  # an entity: &lt; &#60;
    r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])"  # emphasis; IA_EPA_1 is not
    r"|:(?=\S)"  # http://, :red[...], :material/x:, :smile: (not "kept: x")
    r"|(?<=www)\.",  # www.example.com
    re.IGNORECASE,
)
_LINE_START = re.compile(r"^([ \t]*)([-+=]|\d+[.)])", re.MULTILINE)
"""A list item, a setext heading's underline, a numbered item, at the start of a line."""


def as_text(text: object) -> str:
    """``text`` as Markdown that shows exactly ``text``."""
    escaped = _IN_CONTEXT.sub(lambda m: "\\" + m.group(), _ALWAYS.sub(r"\\\g<0>", str(text)))
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), escaped)


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
