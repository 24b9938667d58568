"""API tokens: made, listed and revoked by an admin of their organization, kept hashed,
sent as a bearer token, rate-limited; the planning routes need one off this computer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from starlette.applications import Starlette

from optimizer.api.access import RATE_VARIABLE
from optimizer.api.service import api_mount
from optimizer.cli.mips_ia import main
from optimizer.workspace import Workspace, open_workspace
from optimizer.workspace.access import AccessDenied, Actor, Role, Scope, local_scope
from optimizer.workspace.api_tokens import create_token, list_tokens, revoke_token, token_scope

LOCAL = ("127.0.0.1", 50000)
PLAN = {"scenario": {"year": 2025}, "as_of": "2025-02-01"}


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with open_workspace(str(tmp_path / "ws.db")) as opened:
        yield opened.scoped(local_scope(opened, ["acme", "other"]))


def client_of(ws: Workspace, *, where: tuple[str, int] = LOCAL) -> TestClient:
    host = "127.0.0.1" if where == LOCAL else "planner.example.org"
    app = Starlette(routes=[api_mount(opener=lambda: ws)])
    return TestClient(app, base_url=f"http://{host}", client=where)


def test_a_token_is_kept_as_a_hash_and_shown_once(ws):
    """The secret comes back once; the database holds only its SHA-256; listing never shows it."""
    token, secret = create_token(ws, "acme", "EHR nightly sync")
    assert secret.startswith("iap_")
    with ws.read() as session:
        kept = session.execute(text("SELECT secret_sha256, label FROM api_tokens")).all()
    assert [(token_scope(ws, secret)[0].id, "EHR nightly sync")] == [(token.id, kept[0][1])]
    assert secret not in str(kept)
    assert ["EHR nightly sync"] == [t.label for t in list_tokens(ws, "acme")]
    assert () == list_tokens(ws, "other")


def test_a_token_acts_as_an_editor_of_its_organization_named_by_its_id(ws):
    """The token's scope: editor of its organization only, actor token:<id> with its label."""
    token, secret = create_token(ws, "acme", "registry")
    _, scope = token_scope(ws, secret)
    assert Actor(f"token:{token.id}", "registry") == scope.actor
    assert {"acme": Role.EDITOR} == dict(scope.roles)


def test_only_an_admin_makes_lists_or_revokes_tokens(ws):
    """An editor of acme is refused, in words."""
    editor = ws.scoped(Scope(Actor("sub-1", "ed@example.org"), {"acme": Role.EDITOR}))
    with pytest.raises(
        AccessDenied, match="you are an editor of acme: making an API token needs admin"
    ):
        create_token(editor, "acme", "mine")
    with pytest.raises(AccessDenied):
        list_tokens(editor, "acme")


def test_a_revoked_token_is_refused(ws):
    """After revoke, the secret opens nothing and the API answers 401."""
    token, secret = create_token(ws, "acme", "old script")
    revoke_token(ws, "acme", token.id)
    assert token_scope(ws, secret) is None
    response = client_of(ws).get("/api/v1/practices", headers={"authorization": f"Bearer {secret}"})
    assert 401 == response.status_code
    assert (
        "this token is not valid: it was revoked, or mistyped"
        == response.json()["detail"][0]["msg"]
    )


def test_planning_needs_no_token_from_this_computer(ws):
    """A local caller plans without a token."""
    assert 200 == client_of(ws).post("/api/v1/plan", json=PLAN).status_code


def test_planning_off_this_computer_needs_a_token(ws):
    """A caller from elsewhere gets 401 without a token, and a plan with one."""
    remote = client_of(ws, where=("203.0.113.9", 40000))
    refused = remote.post("/api/v1/plan", json=PLAN)
    assert 401 == refused.status_code
    assert "Bearer" == refused.headers["www-authenticate"]
    _, secret = create_token(ws, "acme", "registry")
    answered = remote.post("/api/v1/plan", json=PLAN, headers={"authorization": f"Bearer {secret}"})
    assert 200 == answered.status_code


def test_a_proxied_request_is_not_local(ws):
    """A request a proxy on this computer forwards needs a token like any other."""
    response = client_of(ws).post(
        "/api/v1/plan", json=PLAN, headers={"x-forwarded-for": "198.51.100.7"}
    )
    assert 401 == response.status_code


def test_a_plan_counts_once_against_its_tokens_rate(ws, monkeypatch):
    """A plan read in one pass (``body_route.py``), and one refused and answered by
    FastAPI's own handler, each take one request of the rate: with 3 a minute, the
    4th is refused."""
    monkeypatch.setenv(RATE_VARIABLE, "3")
    _, secret = create_token(ws, "acme", "registry")
    client = client_of(ws, where=("198.51.100.7", 50000))
    sent = {"authorization": f"Bearer {secret}"}
    bad = {"scenario": {"year": "soon"}}
    codes = [client.post("/api/v1/plan", json=b, headers=sent).status_code for b in (PLAN, bad)]
    codes += [client.post("/api/v1/plan", json=PLAN, headers=sent).status_code for _ in range(2)]
    assert [200, 422, 200, 429] == codes


def test_two_server_processes_share_a_tokens_rate(ws, monkeypatch):
    """Two API applications on one workspace (two processes behind a proxy) count one
    bucket: with 3 a minute, the 4th request is refused, whichever answers it."""
    monkeypatch.setenv(RATE_VARIABLE, "3")
    _, secret = create_token(ws, "acme", "registry")
    sent = {"authorization": f"Bearer {secret}"}
    first, second = client_of(ws), client_of(ws)
    codes = [c.get("/api/v1/years", headers=sent).status_code for c in (first, second) * 2]
    assert [200, 200, 200, 429] == codes


def test_a_token_over_its_rate_gets_429(ws, monkeypatch):
    """With 3 requests a minute, the 4th is refused with Retry-After; another token is not."""
    monkeypatch.setenv(RATE_VARIABLE, "3")
    _, first = create_token(ws, "acme", "busy")
    _, second = create_token(ws, "acme", "calm")
    client = client_of(ws)
    codes = [
        client.get("/api/v1/years", headers={"authorization": f"Bearer {first}"}).status_code
        for _ in range(4)
    ]
    assert [200, 200, 200, 429] == codes
    again = client.get("/api/v1/years", headers={"authorization": f"Bearer {first}"})
    assert int(again.headers["retry-after"]) >= 1
    assert (
        200
        == client.get("/api/v1/years", headers={"authorization": f"Bearer {second}"}).status_code
    )


def test_the_token_command_makes_lists_and_revokes(tmp_path, capsys):
    """`mips-ia token create/list/revoke --org acme`: the secret printed once, listed by label."""
    db = str(tmp_path / "cli.db")
    assert 0 == main(["token", "create", "--org", "acme", "--label", "EHR", "--db", db])
    made = capsys.readouterr().out
    secret = next(w for w in made.split() if w.startswith("iap_"))
    assert 0 == main(["token", "list", "--org", "acme", "--db", db])
    listed = capsys.readouterr().out
    assert "EHR" in listed
    assert secret not in listed
    assert 0 == main(["token", "revoke", "1", "--org", "acme", "--db", db])
    assert "revoked API token 1 of acme (EHR)" in capsys.readouterr().out
    with open_workspace(db) as opened:
        assert token_scope(opened, secret) is None
