"""Today's date, one clock for every face: ``IA_PLANNER_TODAY`` (YYYY-MM-DD) when set,
to run the app, the CLI or the API as on another day (a demonstration, a training, a
test), else the calendar's today. A value that is not a date is refused in words."""

from __future__ import annotations

import os
from datetime import date

from optimizer.errors import PlannerError

TODAY_VARIABLE = "IA_PLANNER_TODAY"


def today() -> date:
    """IA_PLANNER_TODAY's date when set, else the calendar's today."""
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{TODAY_VARIABLE}={text!r} is not a date: write it as YYYY-MM-DD, or unset it"
        raise PlannerError(msg) from None
