"""Checks of single values that every reader shares: hours of effort and whole
numbers. Each returns the value or raises ``BadValue`` with the problem in words;
the caller says where the value was (a row and column, an option, a field)."""

from __future__ import annotations

import math

from optimizer.errors import DataError


class BadValue(DataError):
    """One value breaks its rule; the message says how, and the caller adds where."""


def hours(value: object) -> float:
    """A number of hours: finite and 0 or more (text such as '2.5' is read)."""
    try:
        number = float(value)  # type: ignore[arg-type]  # any text or number; others fail
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not (number >= 0 and math.isfinite(number)):
        msg = f"must be a number of hours >= 0, got {value!r}"
        raise BadValue(msg)
    return number


def whole(value: object, low: int, what: str = "a whole number") -> int:
    """A whole number ``low`` or more (text such as '3' is read)."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or number < low:
        msg = f"must be {what} >= {low}, got {value!r}"
        raise BadValue(msg)
    return number
