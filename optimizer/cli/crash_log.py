"""Where a crash of the command line (a bug of ours, not the user's input) is written:
the traceback goes to a log file, and the user sees one line with its path."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

import platformdirs

from optimizer.workspace.location import APP_NAME

LOG_DIR_VARIABLE = "IA_PLANNER_LOG_DIR"
"""Overrides the folder crash logs go to (tests use a temporary one)."""


def log_dir() -> Path:
    """``IA_PLANNER_LOG_DIR``, else the user's log folder (platformdirs)."""
    chosen = os.environ.get(LOG_DIR_VARIABLE)
    return Path(chosen) if chosen else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def write_crash_log(exc: BaseException, argv: list[str]) -> Path | None:
    """The traceback of ``exc`` in a new log file (the temporary folder if the log
    folder cannot be written); None if no file could be written."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = f"mips-ia {' '.join(argv)}\npython {sys.version.split()[0]}\n\n" + "".join(
        traceback.format_exception(exc)
    )
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        return path
    return None
