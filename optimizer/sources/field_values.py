"""Reading one value a person typed: yes/no, a whole number, hours, a date, a list
of activity or quality-measure IDs, special statuses, credits, a reporting level.
These are the one parser of each kind that every reader uses: numbers are ASCII
digits, finite and bounded (``model.values``), dates are ISO (YYYY-MM-DD).

Each reader takes text or an already-typed value (an app widget's, a JSON
cell's) and returns the value, or raises ``BadValue`` with the problem in words;
the caller adds where the value was (a row and column, an option, a widget).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from optimizer.model import ACTIVITY_ID, Reporting, SpecialStatus
from optimizer.model.values import MAX_CLINICIANS, BadValue, hours, is_digits, shown, whole

__all__ = [
    "CREDITS",
    "MAX_CLINICIANS",
    "BadValue",
    "activity_ids",
    "attested_year",
    "credits",
    "flag",
    "hours",
    "is_digits",
    "iso_date",
    "measure_ids",
    "normalise_measure_id",
    "npi",
    "optional_whole",
    "performance_year",
    "reporting",
    "running",
    "statuses",
    "whole",
]

YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"", "no", "n", "false", "0"})
CREDITS = {"apm": "apm", "app": "app", "pcmh": "pcmh", "ia-study": "ia_study"}
"""The credits a practice can claim (APM participation, the APP, a medical home, CMS's
IA study), by the Scenario field each sets."""
STATUS_ALIASES = {"small": SpecialStatus.SMALL_PRACTICE, "npf": SpecialStatus.NON_PATIENT_FACING}
_STATUS_NAMES: dict[str, SpecialStatus] = {s.value: s for s in SpecialStatus} | STATUS_ALIASES
"""Each status by the word that names it (read once: a batch reads thousands of rows)."""
_REPORTING_NAMES = frozenset(r.value for r in Reporting)
_SPACED_ID = re.compile(r"[A-Za-z]+[ \t]+\d+\b|[^,;\s]+")
"""A quality ID in a list: letters, spaces and a number ('MOA 1'), or no space at all."""
_PLAIN_ID = re.compile(r"IA_[A-Z]+(?:_[0-9]+)?")
_PLAIN_IDS = re.compile(r"[ \t,;]*IA_[A-Z]+(?:_[0-9]+)?(?:[ \t,;]+IA_[A-Z]+(?:_[0-9]+)?)*[ \t,;]*")
"""A list of whole activity IDs (an ID is ACTIVITY_ID) separated by spaces, tabs, commas or
semicolons, which ``activity_ids`` reads as those IDs: no two of them join into one."""
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
FIRST_YEAR, LAST_YEAR = 2017, 2100
"""Performance years an attestation may have: MIPS began in 2017."""


def _words(value: str | Iterable[str]) -> list[str]:
    """'a, b; c' or ['a', 'b'] -> the non-empty parts (commas and semicolons split)."""
    parts = [value] if isinstance(value, str) else list(value)
    stripped = (w.strip() for p in parts for w in str(p).replace(";", ",").split(","))
    return [w for w in stripped if w]


def _token(text: str) -> str:
    """'Small Practice' and 'small_practice' -> 'small-practice'."""
    return "-".join(text.strip().lower().replace("_", " ").split())


def flag(value: object) -> bool:
    """yes/no, true/false, 1/0, x or empty."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in YES or text in NO:
        return text in YES
    msg = f"must be yes or no, got {value!r}"
    raise BadValue(msg)


def performance_year(value: object) -> int:
    """A performance year such as 2024 (whether the planner knows it is the rules' say)."""
    text = str(value).strip()
    if not (is_digits(text) and len(text) == 4):
        msg = f"must be a performance year such as 2024, got {shown(text)}"
        raise BadValue(msg)
    return int(text)


def attested_year(value: object) -> int:
    """The year of a past attestation: MIPS began in 2017."""
    year = performance_year(value)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        msg = f"must be a performance year such as 2024, got {shown(str(value).strip())}"
        raise BadValue(msg)
    return year


def iso_date(value: object) -> date:
    """A date written YYYY-MM-DD (or a date already)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    msg = f"must be a date such as 2026-08-01, got {shown(value)}"
    raise BadValue(msg)


def normalise_measure_id(value: str) -> str:
    """Quality measure IDs as CMS writes them: '1' and '001' are both '001'."""
    value = " ".join(value.upper().split())
    return value.zfill(3) if is_digits(value) else value


def measure_ids(value: str | Iterable[str]) -> tuple[str, ...]:
    """Quality measure IDs from '1; 119,236' -> ('001', '119', '236'). Letters then a
    number after a space are one ID, as CMS's 2017 'MOA 1' is."""
    parts = [value] if isinstance(value, str) else list(value)
    return tuple(normalise_measure_id(p) for t in parts for p in _SPACED_ID.findall(str(t)))


def activity_ids(value: str | Iterable[str]) -> frozenset[str]:
    """Activity IDs typed as lists: 'ia_epa_1, IA_PM_2; IA_BE_6 IA_BE_7' -> upper-case IDs.
    Commas, semicolons and spaces separate IDs; 'IA EPA 1' (spaces for underscores) is
    read as one ID."""
    if not value:
        return frozenset()
    if isinstance(value, str):
        upper = value.upper()
        if _PLAIN_IDS.fullmatch(upper):  # the usual list: the same IDs, found at once
            return frozenset(_PLAIN_ID.findall(upper))
    found = set()
    for part in _words(value):
        words = part.upper().split()
        joined = "_".join(words)
        if ACTIVITY_ID.match(joined):
            found.add(joined)
            continue
        for activity_id in words:
            if not ACTIVITY_ID.match(activity_id):
                msg = f"{part!r} is not an activity ID (IDs look like IA_EPA_1)"
                raise BadValue(msg)
            found.add(activity_id)
    return frozenset(found)


def running(value: str | Iterable[Any]) -> tuple[tuple[str, date | None], ...]:
    """Activities the practice runs: 'IA_EPA_1:2026-03-01, IA_BE_6' (a day is when its
    window began; none: since the start of the year), or (ID, date) pairs."""
    items: list[Any] = _words(value) if isinstance(value, str) else list(value)
    found = []
    for item in items:
        if isinstance(item, str):
            text, _, day = item.partition(":")
            item = (text, day.strip() or None)
        text, day = item
        ids = activity_ids(str(text))
        if len(ids) != 1:
            msg = f"{text!r} is not an activity ID (IDs look like IA_EPA_1)"
            raise BadValue(msg)
        found.append((next(iter(ids)), None if day is None else iso_date(day)))
    return tuple(found)


NPI_PREFIX = "80840"
"""The prefix the NPI check digit is computed with (the Luhn formula, CMS's NPI standard)."""


def npi_check_digit(first_nine: str) -> int:
    """The Luhn check digit of an NPI's first nine digits, with the 80840 prefix."""
    total = 0
    for position, digit in enumerate(reversed(NPI_PREFIX + first_nine)):
        doubled = int(digit) * (2 if position % 2 == 0 else 1)
        total += doubled - 9 if doubled > 9 else doubled
    return (10 - total % 10) % 10


def npi(value: object) -> str:
    """A national provider identifier: 10 digits, the last one its check digit."""
    text = str(value).strip()
    if not (len(text) == 10 and is_digits(text)):
        msg = f"an NPI has 10 digits, got {shown(text)}"
        raise BadValue(msg)
    if npi_check_digit(text[:9]) != int(text[9]):
        msg = f"{text} fails the NPI check digit (Luhn with prefix 80840): look for a typo"
        raise BadValue(msg)
    return text


def statuses(value: str | Iterable[str]) -> frozenset[SpecialStatus]:
    """'rural; small practice' -> {RURAL, SMALL_PRACTICE}; 'none' or empty -> none."""
    allowed = _STATUS_NAMES
    found = set()
    for word in _words(value):
        token = _token(word)
        if token == "none":
            continue
        if token not in allowed:
            names = ", ".join(s.value for s in SpecialStatus)
            msg = f"unknown status {word!r}; use {names}"
            raise BadValue(msg)
        found.add(allowed[token])
    return frozenset(found)


def credits(value: str | Iterable[str]) -> frozenset[str]:
    """'APM, pcmh' -> {'apm', 'pcmh'}."""
    found = {_token(w) for w in _words(value)}
    unknown = sorted(found - set(CREDITS))
    if unknown:
        msg = f"unknown credit {unknown[0]!r}; use {', '.join(CREDITS)}"
        raise BadValue(msg)
    return frozenset(found)


def reporting(value: object) -> Reporting:
    """'group', 'Virtual group', 'apm_entity' ... (empty: individual)."""
    if isinstance(value, Reporting):
        return value
    text = _token(str(value or "")) or Reporting.INDIVIDUAL.value
    if text not in _REPORTING_NAMES:
        names = ", ".join(r.value for r in Reporting)
        msg = f"must be one of {names}, got {value!r}"
        raise BadValue(msg)
    return Reporting(text)


def optional_whole(value: Any, low: int) -> int | None:
    """A whole number ``low`` or more, or None for an empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return whole(value, low)
