"""Organizations, people and roles: the local CLI's scope, a signed-in person's
(the first becomes admin, an invitation is matched by e-mail), and roles enforced
by the workspace functions themselves."""

from __future__ import annotations

from datetime import date

import pytest
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.errors import WorkspaceError
from optimizer.workspace import (
    AccessDenied,
    Actor,
    Profile,
    ProgressChange,
    ProgressStatus,
    Role,
    Scope,
    Workspace,
    add_evidence,
    add_organization,
    add_person,
    add_practice,
    attest_year,
    edit_practice,
    list_practices,
    local_scope,
    mark_progress,
    organizations,
    people,
    person_scope,
    remove_person,
    set_role,
)


def test_an_unscoped_workspace_acts_as_the_local_admin_of_default(ws: Workspace) -> None:
    """Opened without a scope, the workspace is the command line: admin of "default"."""
    scope = ws.scope

    assert ("local", {"default": Role.ADMIN}) == (scope.actor.subject, dict(scope.roles))
    assert scope.can(Role.EDITOR, "default")
    assert not scope.can(Role.VIEWER, "acme")


def test_local_scope_makes_the_organizations_it_is_given(ws: Workspace) -> None:
    scope = local_scope(ws, ["North", "south"])

    assert ("north", "south") == scope.organizations
    assert ("north", "south") == organizations(ws.scoped(scope))
    assert ("default",) == organizations(ws)


def test_a_bad_organization_name_is_refused_in_words(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError) as caught:
        local_scope(ws, ["north clinics!"])

    assert str(caught.value).startswith("'north clinics!' is not an organization name")


def test_the_first_person_signed_in_becomes_admin_of_default(ws: Workspace) -> None:
    first = person_scope(ws, "sub-1", "Lee@Clinic.org")
    second = person_scope(ws, "sub-2", "kim@clinic.org")

    assert Actor("sub-1", "lee@clinic.org") == first.actor
    assert {"default": Role.ADMIN} == dict(first.roles)
    assert {} == dict(second.roles)  # the app says "ask an admin to add you"


def test_an_invited_person_is_matched_on_first_sign_in(ws: Workspace) -> None:
    person_scope(ws, "sub-admin", "admin@clinic.org")
    add_organization(ws, "north")
    add_person(ws.scoped(local_scope(ws, ["north"])), "north", "kim@clinic.org", "editor")

    kim = person_scope(ws, "sub-kim", "KIM@clinic.org")
    again = person_scope(ws, "sub-kim", "kim@clinic.org")

    assert {"north": Role.EDITOR} == dict(kim.roles) == dict(again.roles)
    assert [("kim@clinic.org", Role.EDITOR, True)] == [
        (p.email, p.role, p.signed_in) for p in people(ws.scoped(kim), "north")
    ]


def test_a_viewer_reads_but_every_edit_is_refused_in_words(ws: Workspace) -> None:
    """Roles hold in the workspace functions, whatever face calls them."""
    add_practice(ws, ACME, Profile(clinicians=6))
    plan_year(ws)
    add_person(ws, "default", "val@clinic.org", Role.VIEWER)
    viewer = ws.scoped(person_scope(ws, "sub-val", "val@clinic.org"))
    words = "you are a viewer of default: "

    assert [ACME] == [p.name for p in list_practices(viewer)]
    attempts = {
        "planning a year needs editor": lambda: plan_year(viewer),
        "tracking progress needs editor": lambda: mark_progress(
            viewer, ACME, YEAR, "IA_BE_27", ProgressChange(status=ProgressStatus.RUNNING)
        ),
        "adding evidence needs editor": lambda: add_evidence(
            viewer, ACME, YEAR, "IA_BE_27", "minutes"
        ),
        "attesting a year needs admin": lambda: attest_year(viewer, ACME, YEAR, date(2027, 1, 5)),
        "editing a practice needs admin": lambda: edit_practice(viewer, ACME, Profile()),
        "adding people needs admin": lambda: add_person(viewer, "default", "x@y.org", "viewer"),
    }
    for words_after, attempt in attempts.items():
        with pytest.raises(AccessDenied) as caught:
            attempt()
        assert words + words_after == str(caught.value)


def test_an_editor_tracks_but_does_not_attest(ws: Workspace) -> None:
    add_practice(ws, ACME, Profile(clinicians=6))
    add_person(ws, "default", "ed@clinic.org", "editor")
    editor = ws.scoped(person_scope(ws, "sub-ed", "ed@clinic.org"))

    plan_year(editor)
    mark_progress(editor, ACME, YEAR, "IA_BE_27", ProgressChange(owner="Dr Lee"))
    with pytest.raises(AccessDenied) as caught:
        attest_year(editor, ACME, YEAR, date(2027, 1, 5))

    assert "you are a editor of default: attesting a year needs admin" != str(caught.value)
    assert "you are an editor of default: attesting a year needs admin" == str(caught.value)


def test_roles_change_and_people_leave(ws: Workspace) -> None:
    add_person(ws, "default", "kim@clinic.org", "viewer")
    set_role(ws, "default", "kim@clinic.org", "admin")
    add_person(ws, "default", "lee@clinic.org", "editor")
    remove_person(ws, "default", "lee@clinic.org")

    assert [("kim@clinic.org", Role.ADMIN, False)] == [
        (p.email, p.role, p.signed_in) for p in people(ws, "default")
    ]


def test_a_person_cannot_leave_an_organization_without_an_admin(ws: Workspace) -> None:
    admin = ws.scoped(person_scope(ws, "sub-1", "lee@clinic.org"))

    with pytest.raises(WorkspaceError) as caught:
        set_role(admin, "default", "lee@clinic.org", "viewer")

    assert "lee@clinic.org is the last admin of default: make someone else admin first" == str(
        caught.value
    )


def test_only_the_command_line_adds_organizations(ws: Workspace) -> None:
    admin = ws.scoped(person_scope(ws, "sub-1", "lee@clinic.org"))

    with pytest.raises(AccessDenied):
        add_organization(admin, "north")


def test_a_scope_names_no_organization_it_does_not_hold() -> None:
    scope = Scope(Actor("s", "a@b.org"), {"north": Role.EDITOR})

    with pytest.raises(AccessDenied) as caught:
        scope.require(Role.VIEWER, "south", "reading")

    assert "no organization named 'south' among yours: reading needs viewer" == str(caught.value)
    assert ("north",) == scope.only("north", "south").organizations


def test_a_scope_is_a_value() -> None:
    """Equal scopes hash alike, so a face may cache by one."""
    one = Scope(Actor("s", "a@b.org"), {"north": Role.EDITOR, "south": Role.VIEWER})
    two = Scope(Actor("s", "a@b.org"), {"south": Role.VIEWER, "north": Role.EDITOR})

    assert one == two
    assert hash(one) == hash(two)


def test_a_scoped_view_shares_the_engine_and_has_its_own_scope(ws: Workspace) -> None:
    view = ws.scoped(local_scope(ws, ["north"]))
    view.close()

    assert view.engine is ws.engine
    assert ("default",) == organizations(ws)
    assert ("north",) == organizations(view)
