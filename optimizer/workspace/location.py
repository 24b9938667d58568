"""Where the workspace lives when no database is named: the environment variable that
names one, and the default SQLite file in the user's data directory (``platformdirs``).
Kept apart from ``connection`` so that asking "is there a workspace yet?" loads no
database driver."""

from __future__ import annotations

from pathlib import Path

import platformdirs

ENV_VAR = "IA_PLANNER_DB"
APP_NAME = "ia-planner"
DEFAULT_FILE_NAME = "workspace.db"


def default_path() -> Path:
    """The SQLite file used when no database is named: in the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILE_NAME
