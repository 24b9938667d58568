"""A person of one organization cannot see, guess or fetch anything of another:
every workspace function that takes a practice's name answers for the other
organization's practice exactly as for a name that does not exist, and every list,
count and download leaves it out. Two people, each of one organization, on both
databases."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from workspace_fixtures import YEAR, plan_year

from optimizer.errors import PlannerError
from optimizer.workspace import (
    EvidenceFile,
    Profile,
    ProgressChange,
    Workspace,
    add_evidence,
    add_person,
    add_practice,
    attest_year,
    backup,
    changes,
    edit_practice,
    evidence_content,
    get_practice,
    get_practice_year,
    has_practices,
    list_practices,
    local_scope,
    mark_progress,
    open_audit_pack,
    organization_changes,
    organizations,
    people,
    person_scope,
    portfolio,
    portfolio_years,
    practice_profile,
    practice_to_dict,
    remove_evidence,
    remove_practice,
    removed_practices,
    restore_practice,
)
from optimizer.workspace.info import database_info
from optimizer.workspace.plans import planned_years

TODAY = date(2026, 3, 1)
NORTH, SOUTH = ("Acme Clinic", "111111111"), ("Birch Health", "222222222")
SECRET_NOTE = "minutes of the {} board"
NOWHERE = "Zzz Nowhere"

BY_NAME: dict[str, Callable[[Workspace, str], Any]] = {
    "get_practice": get_practice,
    "practice_profile": practice_profile,
    "get_practice_year": lambda ws, n: get_practice_year(ws, n, YEAR),
    "planned_years": planned_years,
    "practice_to_dict": practice_to_dict,
    "open_audit_pack": lambda ws, n: open_audit_pack(ws, n, YEAR, TODAY),
    "changes": changes,
    "plan_practice_year": lambda ws, n: plan_year(ws, name=n),
    "mark_progress": lambda ws, n: mark_progress(
        ws, n, YEAR, "IA_BE_27", ProgressChange(owner="Eve")
    ),
    "add_evidence": lambda ws, n: add_evidence(ws, n, YEAR, "IA_BE_27", "planted"),
    "evidence_content": lambda ws, n: evidence_content(ws, n, YEAR, 1),
    "remove_evidence": lambda ws, n: remove_evidence(ws, n, YEAR, 1),
    "attest_year": lambda ws, n: attest_year(ws, n, YEAR, date(2027, 1, 5)),
    "edit_practice": lambda ws, n: edit_practice(ws, n, Profile()),
    "remove_practice": remove_practice,
    "restore_practice": restore_practice,
}
"""Every workspace function that finds a practice by name."""


def _keep(ws: Workspace, org: str, practice: tuple[str, str]) -> Workspace:
    local = ws.scoped(local_scope(ws, [org]))
    name, tin = practice
    add_practice(local, name, Profile(tin=tin, clinicians=6))
    plan_year(local, name=name)
    add_evidence(
        local, name, YEAR, "IA_BE_27", SECRET_NOTE.format(org), EvidenceFile(f"{org}.txt", b"x")
    )
    add_person(local, org, f"admin@{org}.org", "admin")
    return local


@pytest.fixture
def people_of_two(ws: Workspace) -> dict[str, Workspace]:
    """North's admin and South's viewer, each signed in, each with a practice."""
    _keep(ws, "north", NORTH)
    _keep(ws, "south", SOUTH)
    add_person(ws.scoped(local_scope(ws, ["south"])), "south", "val@south.org", "viewer")
    return {
        "north": ws.scoped(person_scope(ws, "sub-north", "admin@north.org")),
        "south": ws.scoped(person_scope(ws, "sub-val", "val@south.org")),
    }


def _refusal(call: Callable[[], Any]) -> PlannerError:
    with pytest.raises(PlannerError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(("who", "other"), [("north", SOUTH[0]), ("south", NORTH[0])])
@pytest.mark.parametrize("function", sorted(BY_NAME))
def test_another_organizations_practice_is_answered_as_one_that_does_not_exist(
    people_of_two: dict[str, Workspace], who: str, other: str, function: str
) -> None:
    ws = people_of_two[who]
    call = BY_NAME[function]

    theirs = _refusal(lambda: call(ws, other))
    nowhere = _refusal(lambda: call(ws, NOWHERE))

    assert type(nowhere) is type(theirs)
    assert str(nowhere).replace(NOWHERE, other) == str(theirs)
    assert nowhere.in_app.replace(NOWHERE, other) == theirs.in_app


def test_another_organizations_evidence_is_not_fetched_by_its_id(
    people_of_two: dict[str, Workspace],
) -> None:
    """North's admin asks for South's evidence (ID 2) through North's own practice."""
    north = people_of_two["north"]

    theirs = _refusal(lambda: evidence_content(north, NORTH[0], YEAR, 2))
    nowhere = _refusal(lambda: evidence_content(north, NORTH[0], YEAR, 99))

    assert str(nowhere).replace("99", "2") == str(theirs)
    with pytest.raises(PlannerError):
        remove_evidence(north, NORTH[0], YEAR, 2)
    assert b"x" == evidence_content(people_of_two["south"], SOUTH[0], YEAR, 2)


def _everything_read(ws: Workspace, own: str) -> str:
    """All a person of one organization reads: lists, counts, record, pack, log."""
    name, pack = open_audit_pack(ws, own, YEAR, TODAY)
    with pack, zipfile.ZipFile(io.BytesIO(pack.read())) as archive:
        packed = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".json"))
        packed += b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".csv"))
        names = " ".join(archive.namelist())
    return repr(
        (
            list_practices(ws),
            portfolio(ws, TODAY),
            portfolio(ws, TODAY, YEAR),
            practice_to_dict(ws, own),
            changes(ws, own),
            organizations(ws),
            removed_practices(ws),
            name,
            names,
            packed,
        )
    )


@pytest.mark.parametrize(
    ("who", "own", "other_org", "other"),
    [
        ("north", NORTH[0], "south", SOUTH),
        ("south", SOUTH[0], "north", NORTH),
    ],
)
def test_no_list_count_or_download_names_the_other_organization(
    people_of_two: dict[str, Workspace], who: str, own: str, other_org: str, other: tuple[str, str]
) -> None:
    ws = people_of_two[who]
    local_other = ws.scoped(local_scope(ws, [other_org]))
    remove_practice(local_other, other[0])  # a removed practice is not listed either

    text = _everything_read(ws, own)

    for secret in (*other, other_org, SECRET_NOTE.format(other_org), f"{other_org}.txt"):
        assert secret not in text
    assert [own] == [p.name for p in list_practices(ws)]
    assert (YEAR,) == portfolio_years(ws)
    assert (who,) == organizations(ws)


def test_people_and_their_changes_are_read_only_in_ones_own_organization(
    people_of_two: dict[str, Workspace],
) -> None:
    north = people_of_two["north"]

    theirs = _refusal(lambda: people(north, "south"))
    nowhere = _refusal(lambda: people(north, "zzz"))
    log_theirs = _refusal(lambda: organization_changes(north, "south"))

    assert str(nowhere).replace("zzz", "south") == str(theirs)
    assert "no organization named 'south' among yours" in str(log_theirs)
    assert ["admin@north.org"] == [p.email for p in people(north, "north")]


def test_a_person_with_no_role_sees_nothing(ws: Workspace, people_of_two: Any) -> None:
    stranger = ws.scoped(person_scope(ws, "sub-x", "x@elsewhere.org"))

    assert ((), (), (), False) == (
        list_practices(stranger),
        portfolio(stranger, TODAY),
        organizations(stranger),
        has_practices(stranger),
    )


def test_the_same_name_in_two_organizations_is_two_practices(ws: Workspace) -> None:
    north = ws.scoped(local_scope(ws, ["north"]))
    south = ws.scoped(local_scope(ws, ["south"]))
    add_practice(north, "Cedar", Profile(tin="111111111"))
    add_practice(south, "Cedar", Profile(tin="222222222"))

    both = ws.scoped(local_scope(ws, ["north", "south"]))
    refused = _refusal(lambda: get_practice(both, "Cedar"))

    assert ("111111111", "222222222") == (
        get_practice(north, "cedar").tin,
        get_practice(south, "Cedar").tin,
    )
    assert (
        "practices named 'Cedar' are in several organizations (north, south): give one (--org)"
        == str(refused)
    )


def test_a_backup_needs_admin_of_every_organization(
    ws: Workspace, people_of_two: dict[str, Workspace], tmp_path: Any
) -> None:
    refused = _refusal(lambda: backup(people_of_two["north"], tmp_path / "b.db"))

    assert str(refused).startswith("a backup holds every organization's practices: only an admin")
    assert not (tmp_path / "b.db").exists()


def test_db_info_counts_only_the_organizations_given(
    db_url: str, people_of_two: dict[str, Workspace]
) -> None:
    counted = [database_info(db_url, {}, orgs).practices for orgs in (["north"], ["default"])]

    assert [1, 0] == counted
