"""Scenario <-> plain data: every field survives, bad values are named."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optimizer.errors import ScenarioError
from optimizer.exports.scenario_json import (
    scenario_from_dict,
    scenario_from_json,
    scenario_to_dict,
    scenario_to_json,
)
from optimizer.model import Attestation, Clinician, Reporting, Scenario, SpecialStatus

IDS = st.sampled_from(["IA_EPA_1", "IA_PM_4", "IA_PM_13", "IA_PSPA_4", "IA_BE_6", "IA_CC_1"])


CLINICIANS = st.builds(
    Clinician,
    id=st.sampled_from(["1234567893", "Dr Kim", "Sam Roe", "A. Patel"]),
    name=st.sampled_from(["", "Dr Lee", "Dr Kim"]),
    role=st.sampled_from(["", "physician"]),
    cannot=st.frozensets(IDS, max_size=2),
    efforts=st.dictionaries(IDS, st.floats(0, 50, allow_nan=False), max_size=2),
    max_activities=st.none() | st.integers(0, 3),
)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Random scenarios over every field; groups may have a roster."""
    include = draw(st.frozensets(IDS, max_size=2))
    reporting = draw(st.sampled_from(list(Reporting)))
    group = reporting in (Reporting.GROUP, Reporting.VIRTUAL_GROUP)
    roster = draw(st.lists(CLINICIANS, max_size=4 if group else 0, unique_by=lambda c: c.id))
    start = draw(st.none() | st.dates(date(2017, 1, 1), date(2026, 12, 31)))
    return Scenario(
        year=draw(st.integers(2017, 2026)),
        statuses=draw(st.frozensets(st.sampled_from(list(SpecialStatus)))),
        apm=draw(st.booleans()),
        app=draw(st.booleans()),
        pcmh=draw(st.booleans()),
        mvp=draw(st.none() | st.sampled_from(["G0053", "M0001"])),
        reporting=reporting,
        clinicians=draw(st.none() | st.integers(max(1, len(roster)), 500)),
        history=tuple(
            draw(st.lists(st.builds(Attestation, IDS, st.integers(2017, 2026)), max_size=4))
        ),
        efforts=draw(
            st.dictionaries(IDS, st.floats(0, 1000, allow_nan=False, allow_infinity=False))
        ),
        quality=draw(st.frozensets(st.sampled_from(["001", "119", "236", "ABC_1"]))),
        require_pairing=draw(st.booleans()),
        min_paired=draw(st.integers(0, 3)),
        include=include,
        exclude=draw(st.frozensets(IDS, max_size=2)) - include,
        target=draw(st.integers(1, 100)),
        roster=tuple(roster),
        max_per_clinician=draw(st.none() | st.integers(1, 5)),
        start_date=start,
        max_concurrent=draw(st.none() | st.integers(1, 5)),
    )


@settings(max_examples=50, deadline=None)
@given(scenarios())
def test_dict_round_trip_is_the_identity(scenario: Scenario) -> None:
    """Any scenario written as plain data reads back equal."""
    assert scenario == scenario_from_dict(scenario_to_dict(scenario))


@settings(max_examples=50, deadline=None)
@given(scenarios())
def test_json_round_trip_is_the_identity(scenario: Scenario) -> None:
    """Any scenario written as JSON reads back equal."""
    assert scenario == scenario_from_json(scenario_to_json(scenario))


def test_every_field_is_written() -> None:
    """The plain form has one key per Scenario field, so new fields are never lost."""
    expected = [f.name for f in dataclasses.fields(Scenario)]

    assert expected == list(scenario_to_dict(Scenario(year=2025)))


def test_plain_form_is_readable() -> None:
    """Sets are sorted lists, enums their values, efforts an object of hours."""
    scenario = Scenario(
        year=2021,
        statuses=frozenset({SpecialStatus.RURAL, SpecialStatus.HPSA}),
        history=(Attestation("IA_PSPA_4", 2019),),
        efforts={"IA_EPA_1": 2.5},
    )
    plain = scenario_to_dict(scenario)

    assert ["hpsa", "rural"] == plain["statuses"]
    assert [{"activity_id": "IA_PSPA_4", "year": 2019}] == plain["history"]
    assert {"IA_EPA_1": 2.5} == plain["efforts"]
    assert "individual" == plain["reporting"]


def test_missing_settings_take_their_defaults() -> None:
    """A file written before a field existed still loads: absent keys get defaults."""
    assert Scenario(year=2024) == scenario_from_dict({"year": 2024})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "twenty"}, "scenario: 'year' must be a whole number, got 'twenty'"),
        ({}, "scenario: 'year' is missing"),
        (
            {"year": 2021, "statuses": ["urban"]},
            "scenario: 'statuses[0]' must be one of small-practice, rural, hpsa, "
            "non-patient-facing, got 'urban'",
        ),
        (
            {"year": 2021, "history": [{"activity_id": "IA_PM_4", "year": "last"}]},
            "scenario: 'history[0].year' must be a whole number, got 'last'",
        ),
        (
            {"year": 2021, "efforts": {"IA_PM_4": "lots"}},
            "scenario: 'efforts.IA_PM_4' must be a number, got 'lots'",
        ),
        ({"year": 2021, "apm": "yes"}, "scenario: 'apm' must be true or false, got 'yes'"),
        (
            {"year": 2021, "include": ["IA_PM_4"], "exclude": ["IA_PM_4"]},
            "scenario: IA_PM_4 cannot be both included and excluded",
        ),
        (
            {"year": 2024, "reporting": "group", "roster": [{"id": "Dr Kim", "cannot": "all"}]},
            "scenario: 'roster[0].cannot' must be a list, got 'all'",
        ),
        (
            {"year": 2024, "reporting": "group", "roster": [{"name": "Dr Kim"}]},
            "scenario: 'roster[0].id' is missing",
        ),
        (
            {"year": 2024, "roster": [{"id": "Dr Kim"}]},
            "scenario: A roster applies to group or virtual-group reporting, "
            "not to individual reporting",
        ),
        (
            {"year": 2024, "start_date": "March"},
            "scenario: 'start_date' must be a date such as 2026-08-01, got 'March'",
        ),
    ],
    ids=[
        "year",
        "no-year",
        "status",
        "history-year",
        "effort",
        "flag",
        "include-exclude",
        "roster-cannot",
        "roster-no-id",
        "roster-individual",
        "start-date",
    ],
)
def test_bad_values_are_named(data: dict, message: str) -> None:
    """A wrong value is refused with the setting's name, the rule and the value."""
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict(data)

    assert message == str(caught.value)


def test_unknown_setting_is_refused() -> None:
    """A key that is no Scenario field is an error that lists the known ones."""
    with pytest.raises(ScenarioError) as caught:
        scenario_from_dict({"year": 2021, "colour": "red"})

    assert str(caught.value).startswith(
        "scenario: unknown setting 'colour'; known settings are year, statuses, apm,"
    )


def test_bad_json_is_refused() -> None:
    """Text that is not JSON names the file."""
    with pytest.raises(ScenarioError) as caught:
        scenario_from_json("{year: 2021}", "mine.json")

    assert str(caught.value).startswith("mine.json is not valid JSON (line 1, column 2: ")


def test_roster_plain_form_is_readable() -> None:
    """A clinician is an object of its fields, 'cannot' sorted, efforts as pairs."""
    lee = Clinician("1234567893", "Dr Lee", cannot={"IA_PM_4", "IA_BE_6"}, efforts={"IA_EPA_1": 2})
    scenario = Scenario(year=2024, reporting=Reporting.GROUP, roster=(lee,), max_concurrent=2)

    assert [
        {
            "id": "1234567893",
            "name": "Dr Lee",
            "role": "",
            "cannot": ["IA_BE_6", "IA_PM_4"],
            "efforts": [["IA_EPA_1", 2.0]],
            "max_activities": None,
            "statuses": [],
        }
    ] == scenario_to_dict(scenario)["roster"]
    assert scenario == scenario_from_dict(scenario_to_dict(scenario))
