"""User fields into a Scenario: the one builder behind the command line's options,
the batch table's cells, the app's widgets and the workbook's saved settings.

Each face hands over a mapping of field name -> what the person gave (text, or a
widget's typed value) and says how to name a field in a message; every value
is read here by ``field_values`` and a bad one is refused with that name.

    scenario_from_fields({"year": "2024", "statuses": "rural; small"})
    scenario_from_fields({"apm": False}, base=saved)   # a saved scenario, one change
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from optimizer.errors import PlannerError, ScenarioError
from optimizer.model import Scenario
from optimizer.sources import field_values as values


def _optional(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``read``, with None or empty text meaning 'not set' (None)."""

    def optional(value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return read(value)

    return optional


def _mvp(value: Any) -> str | None:
    text = str(value or "").strip().upper()
    return text or None


def _whole(low: int) -> Callable[[Any], int]:
    return lambda value: values.whole(value, low)


def _same(value: Any) -> Any:
    return value


READERS: dict[str, Callable[[Any], Any]] = {
    "year": values.performance_year,
    "statuses": values.statuses,
    "apm": values.flag,
    "app": values.flag,
    "pcmh": values.flag,
    "mvp": _mvp,
    "reporting": values.reporting,
    "clinicians": _optional(lambda value: values.whole(value, 1, high=values.MAX_CLINICIANS)),
    "history": _same,
    "efforts": _same,
    "clinician_efforts": _same,
    "quality": lambda v: frozenset(values.measure_ids(v or ())),
    "require_pairing": values.flag,
    "min_paired": lambda v: _optional(_whole(0))(v) or 0,
    "include": lambda v: values.activity_ids(v or ()),
    "exclude": lambda v: values.activity_ids(v or ()),
    "target": _optional(_whole(1)),
    "roster": lambda v: tuple(v or ()),
    "max_per_clinician": _optional(_whole(1)),
    "start_date": _optional(values.iso_date),
    "max_concurrent": _optional(_whole(1)),
    "running": lambda v: values.running(v or ()),
    "ia_study": values.flag,
    "web_interface": values.flag,
    "pi_reweighted": _optional(values.flag),
    "cost_reweighted": values.flag,
}
"""How each Scenario field is read from what a person gave."""

CREDITS_FIELD = "credits"
"""A pseudo-field: 'apm, pcmh' sets the three credit flags at once (the batch table)."""

Locate = Callable[[str, str], PlannerError]
"""(field, problem) -> the error that names where the field is."""


def _plain_error(field: str, problem: str) -> PlannerError:
    return ScenarioError(f"'{field}' {problem}")


def scenario_from_fields(
    fields: Mapping[str, Any],
    *,
    base: Scenario | None = None,
    locate: Locate = _plain_error,
    context: str = "",
) -> Scenario:
    """A Scenario from ``fields`` laid over ``base`` (or the Scenario's defaults).

    A value that cannot be read raises ``locate(field, problem)``; a scenario the
    model refuses as a whole is a ScenarioError prefixed by ``context``.
    """
    unknown = sorted(set(fields) - set(READERS) - {CREDITS_FIELD})
    if unknown:
        msg = f"unknown setting {unknown[0]!r}; known settings are {', '.join(READERS)}"
        raise ScenarioError(f"{context}: {msg}" if context else msg)
    merged: dict[str, Any] = (
        {} if base is None else {f.name: getattr(base, f.name) for f in dataclasses.fields(base)}
    )
    for name, raw in fields.items():
        try:
            if name == CREDITS_FIELD:
                chosen = values.credits(raw or ())
                merged.update({field: c in chosen for c, field in values.CREDITS.items()})
            else:
                merged[name] = READERS[name](raw)
        except values.BadValue as exc:
            raise locate(name, str(exc)) from None
    if "year" not in merged:
        raise locate("year", "is missing: give a performance year such as 2024")
    try:
        return Scenario(**merged)
    except ScenarioError as exc:
        raise ScenarioError(f"{context}: {exc}" if context else str(exc)) from None
