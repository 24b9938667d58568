"""Saving a Planner scenario as a practice, editing a practice, removing one and
restoring it within 30 days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from optimizer.errors import StaleWriteError, WorkspaceError
from optimizer.model import Attestation, Clinician, Reporting, Scenario, SpecialStatus
from optimizer.workspace import (
    Profile,
    add_practice,
    edit_practice,
    get_practice,
    get_practice_year,
    list_practices,
    portfolio,
    portfolio_years,
    practice_profile,
    remove_practice,
    removed_practices,
    restore_practice,
    save_scenario,
)

AS_OF = date(2026, 1, 5)
REMOVED_AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
ROSTER = (
    Clinician("1234567893", "Dr Lee", cannot=frozenset({"IA_EPA_1"})),
    Clinician("Dr Kim"),
    Clinician("Dr Roe"),
    Clinician("Dr Ng"),
)
"""Four of the six clinicians named: enough for the 50% rule (3 of 6), so the group has
a plan to keep (a plan with no activities is not kept)."""
GROUP = Scenario(
    year=2026,
    statuses=frozenset({SpecialStatus.SMALL_PRACTICE}),
    reporting=Reporting.GROUP,
    clinicians=6,
    history=(Attestation("IA_PSPA_23", 2024),),
    efforts=(("IA_BE_27", 3.0),),
    quality=frozenset({"001", "236"}),
    roster=ROSTER,
)


def test_a_saved_scenario_comes_back_as_the_practice_and_its_plan(ws) -> None:
    """Roster, history, quality measures and efforts are the practice's; the year's
    scenario is the one saved."""
    result, saved = save_scenario(ws, "Group Health", GROUP, AS_OF, new=True, tin="123456789")

    info = get_practice(ws, "group health")
    profile = practice_profile(ws, "Group Health")
    assert (ROSTER, ("001", "236"), (("IA_BE_27", 3.0),)) == (
        info.roster,
        info.quality,
        info.efforts,
    )
    assert (Reporting.GROUP, 6, {SpecialStatus.SMALL_PRACTICE}, "123456789") == (
        info.reporting,
        info.clinicians,
        info.statuses,
        info.tin,
    )
    assert (Attestation("IA_PSPA_23", 2024),) == profile.history
    assert GROUP == get_practice_year(ws, "Group Health", 2026).scenario
    assert result.activity_ids == tuple(p.activity_id for p in saved.progress)


def test_saving_into_an_existing_practice_keeps_its_tin_and_adds_the_history(ws) -> None:
    """The practice takes the scenario's profile; its TIN and own history stay."""
    add_practice(ws, "Acme", Profile(tin="987654321", history=(Attestation("IA_EPA_1", 2023),)))

    save_scenario(ws, "ACME", GROUP, AS_OF, new=False)

    expected = (Attestation("IA_EPA_1", 2023), Attestation("IA_PSPA_23", 2024))
    assert ("987654321", ROSTER) == (get_practice(ws, "Acme").tin, get_practice(ws, "Acme").roster)
    assert expected == practice_profile(ws, "Acme").history


def test_saving_as_new_under_a_kept_name_is_refused(ws) -> None:
    """A new practice may not take the name of one already kept."""
    add_practice(ws, "Acme")

    with pytest.raises(WorkspaceError) as caught:
        save_scenario(ws, "acme", GROUP, AS_OF, new=True)

    assert f"a practice named 'acme' already exists in {ws.name}" == str(caught.value)


def test_an_edit_changes_name_tin_reporting_clinicians_and_statuses(ws) -> None:
    """Every field of the profile can be changed, the name too."""
    add_practice(ws, "Acme", Profile(tin="123456789", clinicians=3))
    profile = Profile(
        tin="111-22-3333",
        reporting=Reporting.GROUP,
        clinicians=12,
        statuses=frozenset({SpecialStatus.RURAL}),
        quality=("236",),
        efforts={"IA_EPA_1": 1.5},
        roster=ROSTER,
        history=(Attestation("IA_BE_27", 2025),),
    )

    info = edit_practice(ws, "acme", profile, new_name="Acme Group")

    assert ["Acme Group"] == [p.name for p in list_practices(ws)]
    assert ("111223333", Reporting.GROUP, 12, {SpecialStatus.RURAL}, ROSTER) == (
        info.tin,
        info.reporting,
        info.clinicians,
        info.statuses,
        info.roster,
    )
    assert profile.history == practice_profile(ws, "Acme Group").history


def test_an_edit_over_a_newer_change_is_refused(ws) -> None:
    """The version read before the edit must still be the practice's."""
    first = add_practice(ws, "Acme")
    edit_practice(ws, "Acme", Profile(clinicians=4))

    with pytest.raises(StaleWriteError) as caught:
        edit_practice(ws, "Acme", Profile(clinicians=5), version=first.version)

    expected = (
        "'Acme' was changed by someone else since it was opened: open it again and redo the edit"
    )
    assert expected == str(caught.value)
    assert 4 == get_practice(ws, "Acme").clinicians


def test_a_rename_to_a_kept_name_is_refused(ws) -> None:
    """Two practices never share a name."""
    add_practice(ws, "Acme")
    add_practice(ws, "Beta")

    with pytest.raises(WorkspaceError) as caught:
        edit_practice(ws, "Beta", Profile(), new_name="ACME")

    assert f"a practice named 'ACME' already exists in {ws.name}" == str(caught.value)


def test_a_removed_practice_leaves_the_lists_and_comes_back_restored(ws, acme) -> None:
    """Removed: gone from the practices and the portfolio; restored: back with its plan."""
    removed = remove_practice(ws, "Acme Clinic", at=REMOVED_AT)

    assert (date(2026, 3, 31), []) == (removed.restorable_until, list(list_practices(ws)))
    assert () == portfolio(ws, date(2026, 3, 2))
    assert ["Acme Clinic"] == [r.name for r in removed_practices(ws, at=REMOVED_AT)]
    with pytest.raises(WorkspaceError) as caught:
        get_practice(ws, "Acme Clinic")
    expected = (
        f"'Acme Clinic' was removed from {ws.name} on 2026-03-01: restore it "
        "(until 2026-03-31) to use it again"
    )
    assert expected == str(caught.value)

    restore_practice(ws, "acme clinic", at=REMOVED_AT + timedelta(days=29))

    assert ["Acme Clinic"] == [p.name for p in list_practices(ws)]
    assert acme.plan == get_practice_year(ws, "Acme Clinic", 2026).plan


def test_a_practice_removed_over_30_days_ago_cannot_be_restored(ws) -> None:
    """After 30 days the removal is final."""
    add_practice(ws, "Acme")
    remove_practice(ws, "Acme", at=REMOVED_AT)
    later = REMOVED_AT + timedelta(days=31)

    with pytest.raises(WorkspaceError) as caught:
        restore_practice(ws, "Acme", at=later)

    expected = (
        f"no removed practice named 'Acme' in {ws.name} can be restored "
        "(a removed practice is kept 30 days)"
    )
    assert (expected, ()) == (str(caught.value), removed_practices(ws, at=later))


def test_a_removed_practices_name_is_not_taken_again_while_restorable(ws) -> None:
    """Adding a practice under a removed one's name says to restore it."""
    add_practice(ws, "Acme")
    remove_practice(ws, "Acme", at=datetime.now(UTC))

    with pytest.raises(WorkspaceError) as caught:
        add_practice(ws, "ACME")

    assert str(caught.value).startswith(f"a removed practice of {ws.name} is named 'Acme'")


def test_a_removed_practices_years_are_not_offered(ws, acme) -> None:
    """The Portfolio's years are those of the practices kept."""
    add_practice(ws, "Beta")
    remove_practice(ws, "Acme Clinic", at=REMOVED_AT)

    assert () == portfolio_years(ws)
