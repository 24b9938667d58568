"""The QPP submission file for the improvement-activity category.

The shape is the one CMS's submissions API takes (PEERS-RESEARCH.md section 2a):
one submission object with a single ``ia`` measurement set whose measurements
are ``{"measureId": ..., "value": true}``, one per attested activity. The
identifiers are checked here (a TIN has 9 digits, an NPI 10) and every activity
ID against the year's inventory, so a file that leaves the tool is well formed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from optimizer.errors import ProvisionalYearError, ScenarioError
from optimizer.model import PCMH_ID, Inventory, Plan, PlanStatus, Reporting, Scenario
from optimizer.planning.resolve import default_inventory
from optimizer.sources import field_values


class SubmissionMethod(StrEnum):
    """How the data reach CMS; the two methods the API lets a submitter write."""

    REGISTRY = "registry"
    EHR = "electronicHealthRecord"


ENTITY_TYPES: dict[Reporting, str] = {
    Reporting.INDIVIDUAL: "individual",
    Reporting.GROUP: "group",
    Reporting.VIRTUAL_GROUP: "virtualGroup",
    Reporting.APM_ENTITY: "apm",
}
APP_PROGRAM = "app1"
MIPS_PROGRAM = "mips"
_TIN = re.compile(r"^[0-9]{9}$")
_NPI = re.compile(r"^[0-9]{10}$")


def _checked(value: str | None, pattern: re.Pattern[str], label: str, digits: int) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not pattern.match(text):
        msg = f"The {label} must be {digits} digits, got {value!r}"
        raise ScenarioError(msg)
    return text


def check_submittable(year: int, borrowed_from: int | None) -> None:
    """Refuse, in words, a submission for a year planned on another year's CMS list."""
    if borrowed_from is None:
        return
    msg = (
        f"No QPP submission file for PY{year}: its plan is provisional, made on "
        f"PY{borrowed_from}'s activities and rules carried forward; write the file once "
        f"CMS's PY{year} list is loaded and the year is planned on it"
    )
    raise ProvisionalYearError(msg)


def _measure_ids(plan: Plan, scenario: Scenario, inventory: Inventory) -> list[str]:
    ids = list(plan.activity_ids)
    if scenario.pcmh and PCMH_ID not in ids:
        ids.append(PCMH_ID)
    if not ids:
        why = (
            "the APM Performance Pathway gives full credit without one"
            if scenario.app
            else "the plan has no activities"
        )
        msg = f"Nothing to attest for {plan.year}: {why}"
        raise ScenarioError(msg)
    for activity_id in ids:
        if activity_id not in inventory:
            msg = (
                f"{activity_id} is not in the {plan.year} inventory ({inventory.source}); "
                "it cannot be submitted"
            )
            raise ScenarioError(msg)
    return sorted(ids)


@dataclass(frozen=True, slots=True)
class Identifiers:
    """Checked identifiers and method for a submission."""

    method: SubmissionMethod
    tin: str | None
    npi: str | None
    entity_id: str | None


def check_identifiers(
    scenario: Scenario,
    *,
    tin: str | None = None,
    npi: str | None = None,
    entity_id: str | None = None,
    submission_method: SubmissionMethod | str = SubmissionMethod.REGISTRY,
) -> Identifiers:
    """The identifiers the reporting level needs, checked before any planning:
    an individual the TIN and the NPI, a group the TIN, a virtual group or an APM
    Entity its entity ID."""
    try:
        method = SubmissionMethod(submission_method)
    except ValueError:
        known = ", ".join(m.value for m in SubmissionMethod)
        msg = f"Unknown submission method {submission_method!r}: use one of {known}"
        raise ScenarioError(msg) from None
    tin = _checked(tin, _TIN, "TIN (taxpayer identification number)", 9)
    npi = _checked(npi, _NPI, "NPI (national provider identifier)", 10)
    if npi is not None and field_values.npi_check_digit(npi[:9]) != int(npi[9]):
        msg = (
            f"The NPI (national provider identifier) {npi} fails its check digit (the Luhn "
            "formula with prefix 80840): look for a typo"
        )
        raise ScenarioError(msg)
    entity_type = ENTITY_TYPES[scenario.reporting]
    entity = entity_id.strip() if entity_id and entity_id.strip() else None
    if scenario.reporting in (Reporting.INDIVIDUAL, Reporting.GROUP) and tin is None:
        article = "An" if scenario.reporting is Reporting.INDIVIDUAL else "A"
        msg = f"{article} {entity_type} submission needs the practice's TIN (9 digits)"
        raise ScenarioError(msg)
    if scenario.reporting is Reporting.INDIVIDUAL and npi is None:
        msg = "An individual submission needs the clinician's NPI (10 digits)"
        raise ScenarioError(msg)
    if scenario.reporting in (Reporting.VIRTUAL_GROUP, Reporting.APM_ENTITY) and entity is None:
        msg = f"A {entity_type} submission needs its entity ID"
        raise ScenarioError(msg)
    return Identifiers(method, tin, npi, entity)


def build_submission(
    plan: Plan,
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    tin: str | None = None,
    npi: str | None = None,
    entity_id: str | None = None,
    submission_method: SubmissionMethod | str = SubmissionMethod.REGISTRY,
) -> dict[str, Any]:
    """The plan as a QPP submission object (JSON-ready); bad identifiers are refused.

    An individual needs the TIN and the NPI, a group the TIN, a virtual group or
    an APM Entity its entity ID. The performance period spans the plan's windows
    (the whole year when only the medical-home credit is attested).
    """
    if plan.year != scenario.year:
        msg = f"The plan is for {plan.year} but the scenario is for {scenario.year}"
        raise ScenarioError(msg)
    check_submittable(plan.year, plan.borrowed_from)
    if plan.status is PlanStatus.INFEASIBLE:
        msg = f"No submission for {plan.year}: no plan reaches the target, so nothing to attest"
        raise ScenarioError(msg)
    inventory = inventory if inventory is not None else default_inventory(plan.year)
    ids = check_identifiers(
        scenario, tin=tin, npi=npi, entity_id=entity_id, submission_method=submission_method
    )
    method, tin, npi, entity = ids.method, ids.tin, ids.npi, ids.entity_id
    entity_type = ENTITY_TYPES[scenario.reporting]

    measurements = [
        {"measureId": i, "value": True} for i in _measure_ids(plan, scenario, inventory)
    ]
    start = min((w.start for w in plan.schedule), default=date(plan.year, 1, 1))
    end = max((w.end for w in plan.schedule), default=date(plan.year, 12, 31))
    if scenario.app:
        program = APP_PROGRAM
    elif scenario.mvp is not None:
        program = scenario.mvp
    else:
        program = MIPS_PROGRAM

    submission: dict[str, Any] = {"programName": program, "entityType": entity_type}
    if tin is not None:
        submission["taxpayerIdentificationNumber"] = tin
    if npi is not None:
        submission["nationalProviderIdentifier"] = npi
    if entity is not None and scenario.reporting not in (Reporting.INDIVIDUAL, Reporting.GROUP):
        submission["entityId"] = entity
    submission["performanceYear"] = plan.year
    submission["measurementSets"] = [
        {
            "category": "ia",
            "submissionMethod": str(method),
            "performanceStart": start.isoformat(),
            "performanceEnd": end.isoformat(),
            "measurements": measurements,
        }
    ]
    return submission


def submission_json(
    plan: Plan,
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    tin: str | None = None,
    npi: str | None = None,
    entity_id: str | None = None,
    submission_method: SubmissionMethod | str = SubmissionMethod.REGISTRY,
) -> bytes:
    """``build_submission`` as UTF-8 JSON bytes, ready to save or download."""
    submission = build_submission(
        plan,
        scenario,
        inventory,
        tin=tin,
        npi=npi,
        entity_id=entity_id,
        submission_method=submission_method,
    )
    return (json.dumps(submission, indent=2) + "\n").encode()
