"""Practices: kept with their profile, found by name in any case, checked before
anything is written."""

from __future__ import annotations

import pytest

from optimizer.errors import PlannerError, WorkspaceError
from optimizer.model import Attestation, Clinician, Reporting, SpecialStatus
from optimizer.workspace import Profile, add_practice, get_practice, list_practices
from optimizer.workspace.export import practice_to_dict


def test_a_practice_is_kept_with_its_profile(ws) -> None:
    """Name, TIN, reporting, clinicians, statuses, quality measures and efforts come back."""
    profile = Profile(
        tin="12-3456789",
        clinicians=6,
        statuses=frozenset({SpecialStatus.RURAL}),
        quality=("001", "119"),
        efforts={"IA_EPA_1": 2.5},
    )
    add_practice(ws, "Acme Clinic", profile)

    info = get_practice(ws, "acme clinic")

    expected = ("Acme Clinic", "123456789", Reporting.INDIVIDUAL, 6, {SpecialStatus.RURAL})
    assert expected == (info.name, info.tin, info.reporting, info.clinicians, info.statuses)
    assert (("001", "119"), (("IA_EPA_1", 2.5),), 1) == (info.quality, info.efforts, info.version)


def test_a_group_practice_keeps_its_roster(ws) -> None:
    """A group's roster (who cannot do what, their caps) is kept clinician by clinician."""
    roster = (
        Clinician("1234567893", "Dr Lee", cannot=frozenset({"IA_EPA_1"})),
        Clinician("Dr Kim"),
    )
    add_practice(ws, "Group", Profile(reporting=Reporting.GROUP, roster=roster))

    assert roster == get_practice(ws, "Group").roster


def test_practices_are_listed_by_name(ws) -> None:
    """The list is alphabetical whatever the case of the names."""
    for name in ("beta", "Acme", "Charlie"):
        add_practice(ws, name)

    assert ["Acme", "beta", "Charlie"] == [p.name for p in list_practices(ws)]


def test_a_name_already_kept_is_refused_in_any_case(ws) -> None:
    """'ACME CLINIC' is the same practice as 'Acme Clinic'."""
    add_practice(ws, "Acme Clinic")

    with pytest.raises(WorkspaceError) as caught:
        add_practice(ws, "ACME  CLINIC")

    assert f"a practice named 'ACME CLINIC' already exists in {ws.name}" == str(caught.value)
    assert ["Acme Clinic"] == [p.name for p in list_practices(ws)]


@pytest.mark.parametrize(
    ("name", "profile", "message"),
    [
        ("", Profile(), "a practice needs a name"),
        (
            "X",
            Profile(tin="1234"),
            "the TIN (taxpayer identification number) must be 9 digits, got '1234'",
        ),
        (
            "X",
            Profile(roster=(Clinician("Dr Lee"),)),
            "A roster applies to group or virtual-group reporting, not to individual reporting",
        ),
        ("X", Profile(clinicians=0), "'clinicians' must be at least 1: 0"),
    ],
    ids=["no name", "short TIN", "roster without group", "no clinicians"],
)
def test_a_bad_profile_is_refused_and_nothing_is_kept(ws, name, profile, message) -> None:
    """The profile is checked whole before the write: a refusal leaves no practice."""
    with pytest.raises(PlannerError) as caught:
        add_practice(ws, name, profile)

    assert (message, ()) == (str(caught.value), list_practices(ws))


def test_an_unknown_practice_suggests_the_closest_name(ws) -> None:
    """A misspelt name is refused with the practice it probably meant."""
    add_practice(ws, "Acme Clinic")

    with pytest.raises(WorkspaceError) as caught:
        get_practice(ws, "Acme Clinik")

    assert f"no practice named 'Acme Clinik' in {ws.name}; did you mean 'Acme Clinic'?" == str(
        caught.value
    )


def test_a_history_file_given_when_adding_is_kept_as_attestations(ws) -> None:
    """Earlier attestations from a history file become the practice's own, 'imported'."""
    add_practice(ws, "Acme", Profile(history=(Attestation("IA_PSPA_23", 2024),)))

    kept = practice_to_dict(ws, "Acme")["attestations"]

    assert [
        {
            "year": 2024,
            "activity_id": "IA_PSPA_23",
            "credit_from_status": False,
            "source": "imported",
            "attested_on": None,
        }
    ] == kept
