"""Checks of single values that every reader shares: hours of effort and whole
numbers, read one strict way. Text must be ASCII digits (an optional decimal point
for hours): no '²⁰²⁴', no '1_0', no '1e3', no NaN or infinity; numbers must be
finite and within bounds. Each returns the value or raises ``BadValue`` with the
problem in words; the caller says where the value was (a row and column, an option,
a field)."""

from __future__ import annotations

import math
import re

from optimizer.errors import DataError

MAX_HOURS = 100_000
"""The most hours one effort may be (eleven years of a person's every hour)."""
MAX_WHOLE = 1_000_000
"""The largest whole number a reader takes (clinicians, points, days, years)."""
MAX_CLINICIANS = 100_000
"""The most clinicians a practice may have: more than any one TIN bills under (the
largest US groups have tens of thousands); the CLI, the app and the batch table all
refuse more (``Scenario``)."""
DIGITS = re.compile(r"[0-9]+", re.ASCII)
DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", re.ASCII)


class BadValue(DataError):
    """One value breaks its rule; the message says how, and the caller adds where."""


def shown(value: object, width: int = 48) -> str:
    """A value as messages quote it: its repr, cut to ``width`` characters."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def is_digits(text: str) -> bool:
    """ASCII digits only ('2024'; not '²⁰²⁴', '٢٠٢٤', '1_0' or '')."""
    return DIGITS.fullmatch(text) is not None


def hours(value: object) -> float:
    """A number of hours: 0 to MAX_HOURS (text such as '2.5' is read)."""
    number = math.nan
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        number = float(min(value, MAX_HOURS + 1))
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
        text = value.strip()
        number = float(text) if len(text) <= 20 else math.inf
    if not number >= 0:
        msg = f"must be a number of hours >= 0, got {shown(value)}"
        raise BadValue(msg)
    if number > MAX_HOURS:
        msg = f"must be at most {MAX_HOURS:,} hours, got {shown(value)}"
        raise BadValue(msg)
    return number


def whole(value: object, low: int, what: str = "a whole number", high: int = MAX_WHOLE) -> int:
    """A whole number from ``low`` to ``high`` (text such as '3' is read)."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(min(value, MAX_WHOLE + 1))
    elif isinstance(value, str) and is_digits(value.strip()):
        text = value.strip()
        number = int(text) if len(text) <= 12 else MAX_WHOLE + 1
    if number is None or number < low:
        msg = f"must be {what} >= {low}, got {shown(value)}"
        raise BadValue(msg)
    if number > high:
        msg = f"must be {what} of at most {high:,}, got {shown(value)}"
        raise BadValue(msg)
    return number
