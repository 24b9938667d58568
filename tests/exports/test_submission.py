"""The QPP submission JSON: the documented shape, checked identifiers and IDs."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from optimizer import plan
from optimizer.errors import ScenarioError
from optimizer.exports.submission import build_submission, submission_json
from optimizer.model import Clinician, Inventory, Reporting, Scenario, SpecialStatus, Window
from tests.conftest import make_inventory

TIN, NPI = "000123456", "1234567893"


def test_individual_submission_has_the_documented_shape() -> None:
    """Keys and types follow PEERS-RESEARCH.md section 2a, one true per activity."""
    scenario = Scenario(year=2021, statuses=frozenset({SpecialStatus.RURAL}))
    result = plan(scenario)
    data = json.loads(submission_json(result, scenario, tin=TIN, npi=NPI))
    (measurement_set,) = data["measurementSets"]

    assert [
        "programName",
        "entityType",
        "taxpayerIdentificationNumber",
        "nationalProviderIdentifier",
        "performanceYear",
        "measurementSets",
    ] == list(data)
    assert ("mips", "individual", TIN, NPI, 2021) == (
        data["programName"],
        data["entityType"],
        data["taxpayerIdentificationNumber"],
        data["nationalProviderIdentifier"],
        data["performanceYear"],
    )
    assert ["category", "submissionMethod", "performanceStart", "performanceEnd"] == list(
        measurement_set
    )[:4]
    assert ("ia", "registry") == (measurement_set["category"], measurement_set["submissionMethod"])
    assert [{"measureId": i, "value": True} for i in sorted(result.activity_ids)] == (
        measurement_set["measurements"]
    )
    start = date.fromisoformat(measurement_set["performanceStart"])
    end = date.fromisoformat(measurement_set["performanceEnd"])
    assert 89 <= (end - start).days
    assert start <= date(2021, 10, 3)


@pytest.mark.parametrize(
    ("reporting", "entity_type"),
    [
        (Reporting.GROUP, "group"),
        (Reporting.VIRTUAL_GROUP, "virtualGroup"),
        (Reporting.APM_ENTITY, "apm"),
    ],
    ids=["group", "virtual-group", "apm-entity"],
)
def test_entity_type_follows_the_reporting_level(reporting: Reporting, entity_type: str) -> None:
    """Groups send the TIN; virtual groups and APM Entities their entity ID."""
    scenario = Scenario(year=2024, reporting=reporting, clinicians=4)
    data = build_submission(plan(scenario), scenario, tin=TIN, entity_id="VG-0001")

    assert entity_type == data["entityType"]
    assert "nationalProviderIdentifier" not in data
    assert (reporting is not Reporting.GROUP) == ("entityId" in data)


@pytest.mark.parametrize(
    ("scenario", "program"),
    [
        (Scenario(year=2024), "mips"),
        (Scenario(year=2024, app=True, pcmh=True), "app1"),
        (Scenario(year=2024, mvp="G0053"), "G0053"),
    ],
    ids=["mips", "app", "mvp"],
)
def test_program_name(scenario: Scenario, program: str) -> None:
    """mips by default, app1 under the APP, the MVP's ID under an MVP."""
    data = build_submission(plan(scenario), scenario, tin=TIN, npi=NPI)

    assert program == data["programName"]


def test_medical_home_credit_attests_ia_pcmh() -> None:
    """A recognized medical home attests IA_PCMH (and nothing else is needed)."""
    scenario = Scenario(year=2025, pcmh=True)
    data = build_submission(plan(scenario), scenario, tin=TIN, npi=NPI)
    measurement_set = data["measurementSets"][0]

    assert [{"measureId": "IA_PCMH", "value": True}] == measurement_set["measurements"]
    assert ("2025-01-01", "2025-12-31") == (
        measurement_set["performanceStart"],
        measurement_set["performanceEnd"],
    )


@pytest.mark.parametrize(
    ("tin", "npi", "message"),
    [
        (
            "12345678",
            NPI,
            "The TIN (taxpayer identification number) must be 9 digits, got '12345678'",
        ),
        (
            "12-3456789",
            NPI,
            "The TIN (taxpayer identification number) must be 9 digits, got '12-3456789'",
        ),
        (
            TIN,
            "123456789",
            "The NPI (national provider identifier) must be 10 digits, got '123456789'",
        ),
        (
            TIN,
            "12345678901",
            "The NPI (national provider identifier) must be 10 digits, got '12345678901'",
        ),
        (None, NPI, "An individual submission needs the practice's TIN (9 digits)"),
        (TIN, None, "An individual submission needs the clinician's NPI (10 digits)"),
    ],
    ids=["tin-short", "tin-dash", "npi-short", "npi-long", "no-tin", "no-npi"],
)
def test_bad_identifiers_are_refused(tin: str | None, npi: str | None, message: str) -> None:
    """A TIN is 9 digits and an NPI 10; an individual needs both."""
    scenario = Scenario(year=2025)
    result = plan(scenario)
    with pytest.raises(ScenarioError) as caught:
        build_submission(result, scenario, tin=tin, npi=npi)

    assert message == str(caught.value)


def test_every_id_is_checked_against_the_inventory() -> None:
    """An activity missing from the year's inventory cannot be submitted."""
    inventory = make_inventory(2021, ("IA_PM_4", "high", 1.0), ("IA_EPA_1", "high", 2.0))
    scenario = Scenario(year=2021)
    result = plan(scenario, inventory)
    other = Inventory(2021, inventory.activities[1:], source="other.csv")
    with pytest.raises(ScenarioError) as caught:
        build_submission(result, scenario, other, tin=TIN, npi=NPI)

    assert "IA_PM_4 is not in the 2021 inventory (other.csv); it cannot be submitted" == str(
        caught.value
    )


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        (
            Scenario(year=2024, app=True),
            "Nothing to attest for 2024: the APM Performance Pathway gives full credit without one",
        ),
        (
            Scenario(
                year=2024,
                include=frozenset({"IA_PM_4"}),
                exclude=frozenset({"IA_EPA_1"}),
                require_pairing=True,
            ),
            "No submission for 2024: no plan reaches the target, so nothing to attest",
        ),
    ],
    ids=["app", "infeasible"],
)
def test_nothing_to_submit_is_refused(scenario: Scenario, message: str) -> None:
    """No file is made when there is nothing to attest."""
    with pytest.raises(ScenarioError) as caught:
        build_submission(plan(scenario), scenario, tin=TIN, npi=NPI)

    assert message == str(caught.value)


def test_unknown_submission_method_is_refused() -> None:
    """Only the methods the API accepts are written."""
    scenario = Scenario(year=2025)
    with pytest.raises(ScenarioError) as caught:
        build_submission(plan(scenario), scenario, tin=TIN, npi=NPI, submission_method="fax")

    assert "Unknown submission method 'fax': use one of registry, electronicHealthRecord" == str(
        caught.value
    )


def test_plan_windows_are_90_days_and_start_in_time() -> None:
    """Each window is 90 days, within the year, none starting after the last start."""
    inventory = make_inventory(2021, *((f"IA_PM_{i}", "medium", 1.0) for i in range(1, 6)))
    result = plan(Scenario(year=2021), inventory)
    windows = sorted(result.schedule, key=lambda w: result.activity_ids.index(w.activity))

    assert list(result.activity_ids) == [w.activity for w in windows]
    assert {90} == {w.days for w in windows}
    assert all(date(2021, 1, 1) <= w.start <= date(2021, 10, 3) for w in windows)


def _period(data: dict[str, object]) -> tuple[str, str]:
    (measurement_set,) = data["measurementSets"]  # type: ignore[misc]
    return measurement_set["performanceStart"], measurement_set["performanceEnd"]


@pytest.mark.parametrize(
    ("scenario", "period"),
    [
        (
            Scenario(year=2024, start_date=date(2024, 3, 1), max_concurrent=1),
            ("2024-03-01", "2024-08-27"),
        ),
        (
            Scenario(
                year=2024,
                reporting=Reporting.GROUP,
                roster=(Clinician("Dr Kim", "Dr Kim"), Clinician("Sam Roe", "Sam Roe")),
                start_date=date(2024, 6, 15),
            ),
            ("2024-06-15", "2024-09-12"),
        ),
    ],
    ids=["one-at-a-time", "group-from-june"],
)
def test_performance_period_spans_the_plan_schedule(
    scenario: Scenario, period: tuple[str, str]
) -> None:
    """performanceStart/End are the earliest start and the latest end of the schedule."""
    result = plan(scenario)
    starts = [w.start for w in result.schedule]
    ends = [w.end for w in result.schedule]

    assert (min(starts).isoformat(), max(ends).isoformat()) == period
    assert period == _period(build_submission(result, scenario, tin=TIN, npi=NPI))


def test_schedule_given_by_the_plan_is_used_as_it_is() -> None:
    """A plan's own windows, wherever they fall, set the performance period."""
    scenario = Scenario(year=2025)
    result = plan(scenario)
    windows = (
        Window(result.activity_ids[0], date(2025, 5, 2), date(2025, 7, 30)),
        Window(result.activity_ids[1], date(2025, 8, 1), date(2025, 10, 29)),
    )
    given = replace(result, schedule=windows)

    assert ("2025-05-02", "2025-10-29") == _period(
        build_submission(given, scenario, tin=TIN, npi=NPI)
    )


def test_an_npi_failing_its_check_digit_never_reaches_the_file() -> None:
    """Issue 11: the submission refuses an NPI whose check digit is wrong."""
    scenario = Scenario(year=2025)

    with pytest.raises(ScenarioError) as caught:
        build_submission(plan(scenario), scenario, tin=TIN, npi="1234567890")

    expected = (
        "The NPI (national provider identifier) 1234567890 fails its check digit (the Luhn "
        "formula with prefix 80840): look for a typo"
    )
    assert expected == str(caught.value)
