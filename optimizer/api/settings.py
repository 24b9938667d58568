"""The API's settings from the environment: whole numbers above zero, each with its
default for a value that is missing or is not one (``IA_PLANNER_API_MAX_BODY=0``
would refuse every body)."""

from __future__ import annotations

import os


def count_setting(variable: str, default: int) -> int:
    """The environment's ``variable`` when it is a whole number above zero, else ``default``."""
    text = os.environ.get(variable, "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else default
