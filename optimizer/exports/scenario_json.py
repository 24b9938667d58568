"""A Scenario (and the values inside it) as plain JSON-ready data, and back.

The conversion is driven by the dataclass's own field types, so most new fields
need no code here: ``int``, ``float``, ``bool``, ``str``, ``date``, ``X | None``, StrEnums,
``frozenset[...]``, ``tuple[X, ...]``, fixed tuples and nested frozen dataclasses
(such as ``Attestation``) are all understood.

Adding a field to ``Scenario``:

1. give it a default, so files written before it existed still load;
2. if its type is one of the above, nothing else is needed;
3. otherwise, or to choose a friendlier shape (as ``efforts`` does: an object
   ``{"IA_EPA_1": 2.5}`` rather than a list of pairs), add a ``FieldCodec`` to
   ``FIELD_CODECS`` under the field's name.

``tests/exports/test_scenario_json.py`` checks that every field round-trips.
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from optimizer.errors import InputFileError, ScenarioError
from optimizer.model import Activity, Inventory, Scenario
from optimizer.model.values import shown
from optimizer.sources.read_limits import load_json

T = TypeVar("T")


_LARGEST_WHOLE_FLOAT = 2.0**53
"""A float above this is no exact whole number (1e308 would become a 309-digit int)."""


class ValueFormatError(ScenarioError):
    """One value of a plain-data scenario (or activity) has the wrong shape."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True)
class FieldCodec:
    """How one field is written as plain data and read back."""

    dump: Callable[[Any], Any]
    load: Callable[[Any, str], Any]


def _dump_efforts(efforts: tuple[tuple[str, float], ...]) -> dict[str, float]:
    return dict(efforts)


def _load_efforts(raw: Any, path: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(raw, Mapping):
        raise _wrong(path, "an object of activity ID -> hours, such as {'IA_EPA_1': 2.5}", raw)
    return tuple(
        (str(key), from_plain(value, float, f"{path}.{key}")) for key, value in raw.items()
    )


FIELD_CODECS: dict[str, FieldCodec] = {
    "efforts": FieldCodec(_dump_efforts, _load_efforts),
    "clinician_efforts": FieldCodec(_dump_efforts, _load_efforts),
}
"""Scenario fields whose plain form is not the one their type would give."""


def _wrong(path: str, expected: str, raw: Any) -> ValueFormatError:
    return ValueFormatError(f"'{path}' must be {expected}, got {raw!r}", path=path)


def _is_optional(hint: Any) -> tuple[bool, Any]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return True, args[0]
    return False, hint


def describe(hint: Any) -> str:
    """What a value of type ``hint`` looks like, in words for an error message."""
    optional, inner = _is_optional(hint)
    if optional:
        return f"{describe(inner)} or empty"
    origin, args = typing.get_origin(inner), typing.get_args(inner)
    if inner is bool:
        return "true or false"
    if inner is int:
        return "a whole number"
    if inner is float:
        return "a number"
    if inner is str:
        return "text"
    if inner is date:
        return "a date such as 2026-08-01"
    if isinstance(inner, type) and issubclass(inner, StrEnum):
        values = [str(m.value) for m in inner]
        return "one of " + ", ".join(values)
    if origin in (frozenset, set) or (origin is tuple and len(args) == 2 and args[1] is ...):
        return "a list"
    if origin is tuple:
        return f"a list of {len(args)} values"
    if dataclasses.is_dataclass(inner):
        return "an object with " + ", ".join(f.name for f in dataclasses.fields(inner))
    return f"a {inner!r}"


def to_plain(value: Any, hint: Any) -> Any:
    """``value`` of type ``hint`` as JSON-ready data (sets become sorted lists)."""
    _, inner = _is_optional(hint)
    if value is None:
        return None
    origin, args = typing.get_origin(inner), typing.get_args(inner)
    if isinstance(value, StrEnum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float | str):
        return value
    if origin in (frozenset, set):
        return sorted(to_plain(v, args[0]) for v in value)
    if origin is tuple:
        if len(args) == 2 and args[1] is ...:
            return [to_plain(v, args[0]) for v in value]
        return [to_plain(v, a) for v, a in zip(value, args, strict=True)]
    if dataclasses.is_dataclass(inner):
        return record_to_dict(value)
    msg = f"cannot write a {type(value).__name__} as plain data"
    raise TypeError(msg)


def from_plain(raw: Any, hint: Any, path: str) -> Any:
    """Read plain data back as type ``hint``; a wrong shape names ``path`` and the value."""
    optional, inner = _is_optional(hint)
    if raw is None or (optional and raw == ""):
        if optional:
            return None
        raise _wrong(path, describe(inner), raw)
    origin, args = typing.get_origin(inner), typing.get_args(inner)
    if inner is bool:
        if isinstance(raw, bool):
            return raw
        raise _wrong(path, describe(inner), raw)
    if inner is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, float) and raw.is_integer() and abs(raw) <= _LARGEST_WHOLE_FLOAT:
            return int(raw)
        raise _wrong(path, describe(inner), raw)
    if inner is float:
        if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
            return float(raw)
        raise _wrong(path, describe(inner), raw)
    if inner is str:
        if isinstance(raw, str):
            return raw
        raise _wrong(path, describe(inner), raw)
    if inner is date:
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
        raise _wrong(path, describe(inner), raw)
    if isinstance(inner, type) and issubclass(inner, StrEnum):
        try:
            return inner(raw)
        except ValueError:
            raise _wrong(path, describe(inner), raw) from None
    if origin in (frozenset, set, tuple):
        if not isinstance(raw, list | tuple):
            raise _wrong(path, describe(inner), raw)
        if origin is tuple and not (len(args) == 2 and args[1] is ...):
            if len(raw) != len(args):
                raise _wrong(path, describe(inner), raw)
            return tuple(
                from_plain(v, a, f"{path}[{i}]")
                for i, (v, a) in enumerate(zip(raw, args, strict=True))
            )
        items = [from_plain(v, args[0], f"{path}[{i}]") for i, v in enumerate(raw)]
        return tuple(items) if origin is tuple else frozenset(items)
    if dataclasses.is_dataclass(inner) and isinstance(inner, type):
        if not isinstance(raw, Mapping):
            raise _wrong(path, describe(inner), raw)
        return record_from_dict(inner, raw, path)
    msg = f"cannot read a {inner!r} from plain data"
    raise TypeError(msg)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def record_to_dict(record: Any) -> dict[str, Any]:
    """A frozen dataclass (Scenario, Activity, Attestation) as a plain dict."""
    cls: type = type(record)
    hints = _hints(cls)
    out = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        codec = FIELD_CODECS.get(f.name) if isinstance(record, Scenario) else None
        out[f.name] = codec.dump(value) if codec else to_plain(value, hints[f.name])
    return out


def record_from_dict(cls: type[T], data: Mapping[str, Any], path: str = "") -> T:
    """Build ``cls`` from a plain dict: missing keys take the field's default."""
    known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    prefix = f"{path}." if path else ""
    if not isinstance(data, Mapping):
        msg = f"'{path or 'settings'}' must be an object with {', '.join(known)}, got {shown(data)}"
        raise ValueFormatError(msg, path=path)
    unknown = sorted(set(data) - set(known))
    if unknown:
        msg = f"unknown setting '{prefix}{unknown[0]}'; known settings are {', '.join(known)}"
        raise ValueFormatError(msg, path=f"{prefix}{unknown[0]}")
    values: dict[str, Any] = {}
    for name, f in known.items():
        if name not in data:
            no_default = (
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            )
            if no_default:
                msg = f"'{prefix}{name}' is missing"
                raise ValueFormatError(msg, path=f"{prefix}{name}")
            continue
        values[name] = decode_field(cls, name, data[name], f"{prefix}{name}")
    try:
        return cls(**values)
    except ScenarioError:
        raise
    except (ValueError, TypeError) as exc:
        raise ValueFormatError(f"{path or cls.__name__}: {exc}", path=path) from None


def decode_field(cls: type, name: str, raw: Any, path: str | None = None) -> Any:
    """One field of ``cls`` read back from plain data (the workbook reads row by row)."""
    path = path or name
    codec = FIELD_CODECS.get(name) if cls is Scenario else None
    if codec is not None:
        return codec.load(raw, path)
    return from_plain(raw, _hints(cls)[name], path)


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data: every field, sets sorted, enums as their values."""
    return record_to_dict(scenario)


def scenario_from_dict(data: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """The scenario back from plain data; a bad value is a ScenarioError naming it."""
    try:
        return record_from_dict(Scenario, data)
    except ScenarioError as exc:
        raise ScenarioError(f"{source}: {exc}") from None


def scenario_to_json(scenario: Scenario) -> str:
    return json.dumps(scenario_to_dict(scenario), indent=2, sort_keys=False)


def scenario_from_json(text: str | bytes, source: str = "scenario.json") -> Scenario:
    """A scenario from the JSON ``scenario_to_json`` writes."""
    try:
        data = load_json(text, source)
    except InputFileError as exc:
        raise ScenarioError(str(exc)) from None
    if not isinstance(data, dict):
        msg = f"{source} must hold a JSON object of settings, got {type(data).__name__}"
        raise ScenarioError(msg)
    return scenario_from_dict(data, source)


def inventory_to_dicts(inventory: Inventory) -> list[dict[str, Any]]:
    """Every activity of an inventory as plain data (for inventories not bundled)."""
    return [record_to_dict(a) for a in inventory.activities]


def activity_from_dict(data: Mapping[str, Any], path: str = "activity") -> Activity:
    return record_from_dict(Activity, data, path)
