"""A request's ``scenario`` into the engine's Scenario, through the one builder the
CLI, the batch template and the app use (``scenario_from_fields``); the structured
fields (history, efforts, roster) are read by ``exports.scenario_json``, as a saved
scenario's are, and past attestations checked as the CLI's history file is. A
value the builder refuses is a ``FieldProblem`` naming its field."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from optimizer.api.problems import FieldProblem
from optimizer.api.schemas import ScenarioFields
from optimizer.errors import PlannerError
from optimizer.exports.scenario_json import ValueFormatError, decode_field, record_from_dict
from optimizer.model import Attestation, Clinician, Scenario
from optimizer.planning.year_ahead import actionable_year
from optimizer.sources import field_values
from optimizer.sources.practice_tables import unlisted_attestation
from optimizer.sources.scenario_fields import scenario_from_fields

STRUCTURED = ("history", "efforts", "clinician_efforts")
"""Fields whose JSON shape ``scenario_json`` reads (the CLI reads them from files)."""


def _steps(path: str) -> list[str | int]:
    """'roster[1].efforts' -> ['roster', 1, 'efforts'] (a place as pydantic names it)."""
    steps: list[str | int] = []
    for part in re.split(r"[.\[\]]+", path):
        if part:
            steps.append(int(part) if part.isdigit() else part)
    return steps


def _clinician(raw: dict[str, Any], index: int) -> Clinician:
    data = dict(raw, efforts=list(raw.get("efforts", {}).items()))
    return record_from_dict(Clinician, data, f"roster[{index}]")


def _decoded(body: ScenarioFields) -> dict[str, Any]:
    """The fields given, the structured ones read as the Scenario holds them."""
    given = body.model_dump(mode="json", exclude_none=True)
    fields: dict[str, Any] = {}
    try:
        for name, raw in given.items():
            if name in STRUCTURED:
                fields[name] = decode_field(Scenario, name, raw)
            elif name == "roster":
                fields[name] = tuple(_clinician(c, i) for i, c in enumerate(raw))
            else:
                fields[name] = raw
    except ValueFormatError as exc:
        raise FieldProblem(("body", "scenario", *_steps(exc.path)), str(exc)) from None
    for index, past in enumerate(fields.get("history", ())):
        where = ("body", "scenario", "history", index)
        try:
            field_values.attested_year(past.year)
        except field_values.BadValue as exc:
            raise FieldProblem((*where, "year"), f"history[{index}].year {exc}") from None
        problem = unlisted_attestation(past.activity_id, past.year)
        if problem:
            raise FieldProblem(where, f"history[{index}]: {problem}")
    return fields


def locate(field: str, problem: str) -> PlannerError:
    """A refused scenario field as a 422 naming it under body.scenario."""
    return FieldProblem(("body", "scenario", field), f"'{field}' {problem}")


def scenario_of(body: ScenarioFields, as_of: date) -> Scenario:
    """The Scenario a request's fields describe; ``year`` left out is the one open on
    ``as_of`` (as ``mips-ia plan`` without --year)."""
    fields = _decoded(body)
    fields.setdefault("year", actionable_year(as_of)[0])
    return scenario_from_fields(fields, locate=locate)


def plan_fields(
    body: ScenarioFields,
) -> tuple[dict[str, Any], tuple[Attestation, ...], dict[str, float]]:
    """A workspace plan's fields (laid over the saved scenario by ``plan_practice_year``,
    through the same builder), its added history and its efforts; the year is the path's."""
    fields = _decoded(body)
    if "year" in fields:
        raise FieldProblem(("body", "scenario", "year"), "'year' is the path's: leave it out")
    history = tuple(fields.pop("history", ()))
    efforts = dict(fields.pop("efforts", ()))
    return fields, history, efforts
