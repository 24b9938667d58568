"""What the app does with an error that is a bug of ours rather than the user's input:
the traceback goes to a log file (and the server's console), and the page says in one
line that it is our bug and where the details are; the exception's text and its
traceback stay out of the browser.

A user's mistake is a PlannerError, shown as its message where it happened; anything
else is caught here: by an uploader (``state.take_upload``), by a widget's callback
(``keeps_page``), by the page (``pages/navigation.py``) and, for a fragment's rerun
and anything else, by ``on_script_error``, the handler ``app.py`` gives ``st.App``.
"""

from __future__ import annotations

import functools
import os
import traceback
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import ParamSpec

import platformdirs
import streamlit as st
from streamlit.logger import get_logger

from optimizer.ui.plain_text import as_text
from optimizer.workspace.location import APP_NAME

LOG = get_logger(__name__)
LOG_DIR_VARIABLE = "IA_PLANNER_LOG_DIR"
"""The folder of the app's log of bugs (default: the user's log folder)."""
LOG_FILE_NAME = "app-errors.log"
PENDING = "bug_message"
"""Session-state key of the message of a callback that broke, shown by the page."""
Params = ParamSpec("Params")


def log_path() -> Path:
    folder = os.environ.get(LOG_DIR_VARIABLE, "").strip()
    base = Path(folder) if folder else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    return base / LOG_FILE_NAME


def log_bug(exc: BaseException) -> str:
    """Write ``exc`` with its traceback to the log under a new reference; returns where
    to find it, in words ("<log file>, reference <ref>")."""
    reference = uuid.uuid4().hex[:8]
    LOG.error("A bug of IA Planner (reference %s)", reference, exc_info=exc)
    path = log_path()
    lines = traceback.format_exception(exc)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {stamp} reference {reference}\n{''.join(lines)}\n")
    except OSError:
        return f"the server's console, reference {reference}"
    return f"{path}, reference {reference}"


def bug_message(exc: BaseException) -> str:
    """The one line shown for a bug: logs it and says where."""
    return (
        "Something went wrong inside IA Planner: a bug of ours, not your input. "
        f"Your inputs are kept. The details for a bug report are in {log_bug(exc)}."
    )


def unreadable_upload(exc: BaseException) -> str:
    """Why an upload failed when the reader itself broke (logged as our bug)."""
    return f"IA Planner could not read it, a bug of ours: the details are in {log_bug(exc)}"


def show_bug(exc: BaseException) -> bool:
    """``st.App``'s ``on_script_error``: one line in place of Streamlit's traceback
    (True tells Streamlit not to show its own)."""
    st.error(as_text(bug_message(exc)))
    return True


def keeps_page(callback: Callable[Params, None]) -> Callable[Params, None]:
    """A widget's callback that, should it break, leaves the page to draw as before,
    with one line above it (``show_pending``): a callback runs before the page, so its
    exception would leave nothing on screen but the message."""

    @functools.wraps(callback)
    def guarded(*args: Params.args, **kwargs: Params.kwargs) -> None:
        try:
            callback(*args, **kwargs)
        except Exception as exc:
            st.session_state[PENDING] = bug_message(exc)

    return guarded


def show_pending() -> None:
    """The message of a callback that broke on this run, if one did."""
    message = st.session_state.pop(PENDING, None)
    if isinstance(message, str):
        st.error(as_text(message))
