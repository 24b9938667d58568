"""Sign-in, driven headless with ``AppTest``: ``at.user`` stands for what Streamlit
reads from its sign-in cookie (``is_logged_in`` is there exactly when [auth] is set)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, plan_year

from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.sign_in import SIGN_IN, SIGN_OUT
from optimizer.workspace import (
    Profile,
    Workspace,
    add_person,
    add_practice,
    open_workspace,
    people,
    set_role,
)
from optimizer.workspace.access import Role, local_scope

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)
BETA = "Beta Health"
ALICE = {"is_logged_in": True, "sub": "alice-sub", "email": "alice@acme.test"}
BOB = {"is_logged_in": True, "sub": "bob-sub", "email": "bob@beta.test"}
VERA = {"is_logged_in": True, "sub": "vera-sub", "email": "vera@beta.test"}
NOBODY = {"is_logged_in": True, "sub": "eve-sub", "email": "eve@elsewhere.test"}


def invite(ws: Workspace, organization: str, email: str, role: Role) -> None:
    """A person an admin added by e-mail, matched at their first sign-in."""
    add_person(ws.scoped(local_scope(ws, [organization])), organization, email, role)


@pytest.fixture
def two_organizations() -> Iterator[Workspace]:
    """Acme Clinic (TIN 111111111, planned) of "acme", whose admin is Alice; Beta Health
    (TIN 222222222, planned) of "beta", whose editor is Bob and viewer Vera."""
    with open_workspace() as ws:
        invite(ws, "acme", "alice@acme.test", Role.ADMIN)
        invite(ws, "beta", "bob@beta.test", Role.EDITOR)
        invite(ws, "beta", "vera@beta.test", Role.VIEWER)
        acme = ws.scoped(local_scope(ws, ["acme"]))
        add_practice(acme, ACME, Profile(tin="111111111", clinicians=6))
        plan_year(acme)
        beta = ws.scoped(local_scope(ws, ["beta"]))
        add_practice(beta, BETA, Profile(tin="222222222", clinicians=3))
        plan_year(beta, name=BETA)
        yield ws


def opened(user: dict[str, object], page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = user
    at.run()
    if page is not None:
        at.switch_page(f"scripts/{page}.py").run()
    return at


def shown(at: AppTest) -> str:
    """Everything the run drew, main area and sidebar, as one text."""

    def walk(node: object) -> Iterator[str]:
        proto = getattr(node, "proto", None)
        if proto is not None:
            yield str(proto)
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    return "\n".join(walk(at._tree))


def plain(text: str) -> str:
    """Text as read: without the word joiners that keep an e-mail address from being a link."""
    return text.replace("\u2060", "")


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def test_without_auth_the_app_is_sign_in_free() -> None:
    """No [auth]: the Planner is drawn, with no sign-in button and no sign-out."""
    at = opened({})

    assert [] == [b for b in buttons(at) if b in (SIGN_IN, SIGN_OUT)]
    assert "Reporting as" in [s.label for s in at.sidebar.selectbox]


def test_with_auth_a_person_not_signed_in_sees_only_the_sign_in_page() -> None:
    """[auth] set, not signed in: a Sign in button and no page, no sidebar inputs."""
    at = opened({"is_logged_in": False})

    assert [SIGN_IN] == buttons(at)
    assert ["IA Planner"] == [t.value for t in at.title]
    assert [] == list(at.sidebar.selectbox)


def test_a_person_with_no_role_is_told_to_ask_an_admin(two_organizations: Workspace) -> None:
    """Signed in, no role anywhere: one page saying to ask an admin, and nothing of anyone's."""
    at = opened(NOBODY)

    assert [
        "You are signed in as eve@elsewhere.test, but no organization has given you a role "
        "yet: ask an admin of your organization to add you by this e-mail address."
    ] == [plain(i.value) for i in at.info]
    assert [SIGN_OUT] == buttons(at)
    text = shown(at)
    assert [] == [w for w in (ACME, BETA, "acme", "beta", "111111111") if w in text]


def test_the_sidebar_names_the_person_and_their_roles(two_organizations: Workspace) -> None:
    """Signed in: who (e-mail) and their role in each organization, and Sign out."""
    at = opened(BOB)

    assert ["Signed in as bob@beta.test", "editor of beta"] == [
        plain(c.value) for c in at.sidebar.caption[:2]
    ]
    assert SIGN_OUT in [b.label for b in at.sidebar.button]


@pytest.mark.parametrize(
    ("user", "own", "other"), [(ALICE, ACME, BETA), (BOB, BETA, ACME)], ids=["alice", "bob"]
)
def test_the_portfolio_shows_only_the_persons_organization(
    two_organizations: Workspace, user: dict[str, object], own: str, other: str
) -> None:
    """Each person's Portfolio counts and names their own practice, never the other's."""
    at = opened(user, "portfolio")

    assert ["Portfolio"] == [t.value for t in at.title]
    assert "1" == next(m for m in at.metric if m.label == "Practices").value
    text = shown(at)
    assert own in text
    assert other not in text


def test_a_viewer_sees_no_edit_button(two_organizations: Workspace) -> None:
    """Vera, viewer of beta: the Tracker and Portfolio read, and offer nothing to change."""
    tracker = opened(VERA, "tracker")
    portfolio = opened(VERA, "portfolio")

    assert [] == [
        b
        for b in buttons(tracker) + buttons(portfolio)
        if b not in (SIGN_OUT, "Open in the Tracker")
    ]
    assert 0 == len(tracker.get("form"))
    assert {"Download the audit pack (zip)", "Download the dates as a calendar (.ics)"} <= {
        d.label for d in tracker.get("download_button")
    }


def test_an_editor_sees_the_tracker_forms(two_organizations: Workspace) -> None:
    """Bob, editor of beta: the activity and evidence forms, and no Attest (admins')."""
    at = opened(BOB, "tracker")

    assert {"Save the activity", "Keep the evidence", "Plan and keep"} <= set(buttons(at))
    assert "Attest the activities done" not in buttons(at)


def test_a_viewers_edit_forced_through_is_refused_in_words(
    two_organizations: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a form drawn for a viewer anyway, the workspace refuses the save, in words."""
    monkeypatch.setattr("optimizer.ui.sign_in.may_edit", lambda organization=None: True)
    at = opened(VERA, "tracker")

    next(b for b in at.button if b.label == "Save the activity").click().run()

    assert ["you are a viewer of beta: tracking progress needs editor"] == [
        e.value for e in at.error
    ]


def test_sign_out_signs_the_session_out() -> None:
    """Sign out clears the session's person: the next run shows the sign-in page."""
    at = opened(ALICE)

    at.sidebar.button(key="sign_out").click().run()
    at.run()

    assert [SIGN_IN] == buttons(at)


def test_an_admin_adds_a_person_who_then_sees_the_organization(
    two_organizations: Workspace,
) -> None:
    """Alice adds carol@acme.test as editor in People; Carol's first sign-in finds Acme."""
    at = opened(ALICE, "portfolio")
    at.text_input(key="people_email_acme").set_value("carol@acme.test")
    at.selectbox(key="people_role_acme").set_value(Role.EDITOR)
    next(b for b in at.button if b.label == "Add the person").click().run()

    assert ["Added carol@acme.test to acme as editor."] == [plain(s.value) for s in at.success]
    carol = opened({"is_logged_in": True, "sub": "carol-sub", "email": "carol@acme.test"})
    assert "editor of acme" in [plain(c.value) for c in carol.sidebar.caption]
    assert ACME in shown(opened(carol.user, "portfolio"))


def test_an_admin_changes_a_role_and_removes_a_person(two_organizations: Workspace) -> None:
    """Alice makes Dan viewer, then removes him: People lists him so, then not at all."""
    invite(two_organizations, "acme", "dan@acme.test", Role.EDITOR)
    at = opened(ALICE, "portfolio")
    at.selectbox(key="people_pick_acme").set_value("dan@acme.test")
    at.selectbox(key="people_new_acme").set_value(Role.VIEWER)
    at.button(key="people_change_acme").click().run()
    acme = two_organizations.scoped(local_scope(two_organizations, ["acme"]))
    after_change = {p.email: p.role for p in people(acme, "acme")}
    at.selectbox(key="people_pick_acme").set_value("dan@acme.test")
    at.button(key="people_remove_acme").click().run()

    assert Role.VIEWER == after_change["dan@acme.test"]
    assert ["alice@acme.test"] == [p.email for p in people(acme, "acme")]


def test_only_admins_see_people(two_organizations: Workspace) -> None:
    """Bob, editor of beta: no People section, no way to add anyone."""
    at = opened(BOB, "portfolio")

    assert "People" not in [e.label for e in at.expander]
    assert "Add the person" not in buttons(at)


def test_an_unverified_e_mail_address_claims_no_invitation(two_organizations: Workspace) -> None:
    """The provider says it has not verified vera@beta.test: her invitation stays unclaimed."""
    at = opened({**VERA, "sub": "mallory-sub", "email_verified": False})

    assert [] == list(at.sidebar.caption[1:2])
    assert 1 == len(at.info)
    assert BETA not in shown(at)


def test_only_an_admin_loads_cms_lists(two_organizations: Workspace) -> None:
    """CMS's lists serve every organization: Vera (viewer) and Bob (editor) cannot load one."""
    offered = {
        who["sub"]: "Load the year" in buttons(opened(who, "data")) for who in (ALICE, BOB, VERA)
    }

    assert {"alice-sub": True, "bob-sub": False, "vera-sub": False} == offered


def test_a_role_changed_by_an_admin_holds_from_the_next_run(two_organizations: Workspace) -> None:
    """Bob, made viewer while his Tracker is open: its next run offers no form."""
    at = opened(BOB, "tracker")
    assert "Save the activity" in buttons(at)
    beta = two_organizations.scoped(local_scope(two_organizations, ["beta"]))

    set_role(beta, "beta", "bob@beta.test", Role.VIEWER)
    at.run()

    assert "Save the activity" not in buttons(at)
    assert "viewer of beta" in [plain(c.value) for c in at.sidebar.caption]


def test_a_partial_auth_section_is_named_on_the_page() -> None:
    """[auth] without a provider: the page names the keys it lacks, offers no Sign in."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = {"is_logged_in": False}
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.run()

    assert [
        "Sign-in is not set up: the [auth] section of .streamlit/secrets.toml lacks "
        "cookie_secret, client_id, client_secret, server_metadata_url (see docs/serving.md), "
        "or remove the section to use the app without sign-in on this computer."
    ] == [e.value for e in at.error]
    assert [] == buttons(at)
