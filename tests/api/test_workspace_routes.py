"""The workspace routes: a token sees its organization's practices only, reads a
practice-year, changes progress with the version check, and plans a practice-year
as the app does, the change log naming the token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette

from optimizer.api.service import api_mount
from optimizer.workspace import Profile, Workspace, add_practice, changes, open_workspace
from optimizer.workspace.access import local_scope
from optimizer.workspace.api_tokens import create_token

AS_OF = "2026-01-05"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with open_workspace(str(tmp_path / "ws.db")) as opened:
        admin = opened.scoped(local_scope(opened, ["acme", "other"]))
        add_practice(admin, "Acme Clinic", Profile(clinicians=6), organization="acme")
        add_practice(admin, "Other Clinic", Profile(clinicians=2), organization="other")
        yield admin


@pytest.fixture
def token(ws: Workspace) -> tuple[int, str]:
    info, secret = create_token(ws, "acme", "EHR sync")
    return info.id, secret


@pytest.fixture
def client(ws: Workspace, token: tuple[int, str]) -> TestClient:
    app = Starlette(routes=[api_mount(opener=lambda: ws)])
    headers = {"authorization": f"Bearer {token[1]}"}
    return TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 1), headers=headers)


def _plan(client: TestClient) -> dict:
    response = client.post("/api/v1/practices/Acme Clinic/years/2026/plan", json={"as_of": AS_OF})
    assert 200 == response.status_code, response.text
    return response.json()


def test_a_token_sees_only_its_organizations_practices(client):
    """GET /practices: Acme Clinic, never Other Clinic."""
    body = client.get("/api/v1/practices").json()
    assert ("acme", ["Acme Clinic"]) == (
        body["organization"],
        [p["name"] for p in body["practices"]],
    )


def test_another_organizations_practice_does_not_exist_for_the_token(client):
    """Other Clinic's year is refused as a practice the token has not got."""
    response = client.get("/api/v1/practices/Other Clinic/years/2026")
    assert 404 == response.status_code
    assert "Other" not in response.json()["detail"][0]["msg"].replace("'Other Clinic'", "")


def test_the_workspace_routes_need_a_token(ws):
    """Even from this computer, no token is 401."""
    app = Starlette(routes=[api_mount(opener=lambda: ws)])
    local = TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 1))
    assert 401 == local.get("/api/v1/practices").status_code


def test_a_plan_is_kept_and_read_back_with_progress(client):
    """POST .../plan keeps the plan; GET gives it with each activity's progress."""
    kept = _plan(client)
    read = client.get("/api/v1/practices/Acme Clinic/years/2026").json()
    assert kept["plan"]["activities"] == read["plan"]["activities"]
    assert {a["id"] for a in read["plan"]["activities"]} <= {
        p["activity_id"] for p in read["progress"]
    }
    assert all(p["evidence"] == [] for p in read["progress"])


def test_progress_changes_with_the_version_read_and_refuses_a_stale_one(client):
    """PATCH with the version read lands; the same version again is a 409."""
    read = _plan(client)
    first = read["progress"][0]
    path = f"/api/v1/practices/Acme Clinic/years/2026/progress/{first['activity_id']}"
    changed = client.patch(path, json={"version": first["version"], "owner": "Dr Lee"})
    assert 200 == changed.status_code, changed.text
    assert ("Dr Lee", first["version"] + 1) == (changed.json()["owner"], changed.json()["version"])
    stale = client.patch(path, json={"version": first["version"], "owner": "Dr Kim"})
    assert 409 == stale.status_code


def test_the_change_log_names_the_token(client, ws, token):
    """A progress change by the API is logged as token:<id>, with its label."""
    read = _plan(client)
    first = read["progress"][0]
    path = f"/api/v1/practices/Acme Clinic/years/2026/progress/{first['activity_id']}"
    client.patch(path, json={"version": first["version"], "owner": "Dr Lee"})
    logged = changes(ws, "Acme Clinic", 2026)
    owner = [c for c in logged if c.field == "owner"]
    assert [(f"token:{token[0]}", "EHR sync", "Dr Lee")] == [
        (c.actor_subject, c.actor_email, c.new) for c in owner
    ]


def test_the_year_lists_each_activitys_evidence_without_its_bytes(client, ws):
    """Evidence kept for an activity is listed with its name, size and hash."""
    from optimizer.workspace import EvidenceFile, add_evidence

    read = _plan(client)
    activity = read["progress"][0]["activity_id"]
    add_evidence(ws, "Acme Clinic", 2026, activity, "policy signed", EvidenceFile("p.pdf", b"%PDF"))
    progress = client.get("/api/v1/practices/Acme Clinic/years/2026").json()["progress"]
    [evidence] = next(p for p in progress if p["activity_id"] == activity)["evidence"]
    assert ("policy signed", "p.pdf", 4) == (
        evidence["note"],
        evidence["file_name"],
        evidence["size"],
    )
    assert "data" not in evidence


def test_a_token_cannot_change_another_organizations_progress(client, ws):
    """A token of acme patching Other Clinic's progress finds no such practice."""
    from optimizer.workspace import PlanRequest, plan_practice_year

    plan_practice_year(ws, "Other Clinic", PlanRequest(2026, date(2026, 1, 5)))
    path = "/api/v1/practices/Other Clinic/years/2026/progress/IA_BE_27"
    response = client.patch(path, json={"version": 1, "owner": "intruder"})
    assert 422 == response.status_code
    said = response.json()["detail"][0]["msg"]
    assert said.startswith("no practice named 'Other Clinic'")
    assert "sqlite" not in said  # the server's database is not the client's business


def test_a_plan_kept_through_the_api_is_logged_as_the_token(client, ws, token):
    """The plan's save is in the change log under token:<id>, as the app's save is under
    the person."""
    _plan(client)
    logged = [c for c in changes(ws, "Acme Clinic", 2026) if c.year == 2026]
    assert logged
    assert {(f"token:{token[0]}", "EHR sync")} == {(c.actor_subject, c.actor_email) for c in logged}


def test_a_refused_field_of_a_kept_plan_is_named(client):
    """A running activity with a malformed day is a 422 at body.scenario.running, as
    on POST /plan (the workspace route reads the fields with the same locator)."""
    body = {"scenario": {"running": ["IA_EPA_1:someday"]}, "as_of": "2026-02-01"}
    response = client.post("/api/v1/practices/Acme Clinic/years/2026/plan", json=body)
    assert 422 == response.status_code
    assert ["body", "scenario", "running"] == response.json()["detail"][0]["loc"]
