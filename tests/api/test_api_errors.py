"""What the API answers to bad requests and to its own bugs: JSON naming each field,
a size cap, and never a traceback."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient
from local_client import local_client

from optimizer.api.service import MAX_BODY_VARIABLE


@pytest.fixture
def client() -> TestClient:
    return local_client()


def test_each_bad_field_is_named(client):
    """Two bad fields and an unknown one: three problems, each with its place."""
    body = {"scenario": {"year": "soon", "clinicians": 0, "colour": "red"}}
    response = client.post("/api/v1/plan", json=body)
    assert 422 == response.status_code
    problems = {tuple(p["loc"]): p["msg"] for p in response.json()["detail"]}
    assert {
        ("body", "scenario", "year"),
        ("body", "scenario", "clinicians"),
        ("body", "scenario", "colour"),
    } == set(problems)
    assert (
        "scenario.clinicians: Input should be greater than or equal to 1"
        == problems[("body", "scenario", "clinicians")]
    )


def test_a_value_the_planner_refuses_names_its_field(client):
    """A running activity with a malformed day is refused by the one builder, by field."""
    body = {"scenario": {"year": 2025, "running": ["IA_EPA_1:someday"]}}
    response = client.post("/api/v1/plan", json=body)
    assert 422 == response.status_code
    [problem] = response.json()["detail"]
    assert ["body", "scenario", "running"] == problem["loc"]
    assert problem["msg"].startswith("'running' ")


def test_an_unknown_activity_is_a_422_in_words(client):
    """An activity the year does not list: the planner's own sentence."""
    body = {"scenario": {"year": 2025, "include": ["IA_NOPE_1"]}}
    response = client.post("/api/v1/plan", json=body)
    assert 422 == response.status_code
    assert (
        "Unknown activity ID IA_NOPE_1 in the must include list: not in the 2025 "
        "inventory (bundled data)" == response.json()["detail"][0]["msg"]
    )


def test_a_structured_field_of_the_wrong_shape_is_named(client):
    """A history entry whose year is text is refused at its place in the list."""
    body = {"scenario": {"year": 2025, "history": [{"activity_id": "IA_EPA_1", "year": "x"}]}}
    response = client.post("/api/v1/plan", json=body)
    assert 422 == response.status_code
    assert ["body", "scenario", "history", 0, "year"] == response.json()["detail"][0]["loc"]


def test_not_json_is_a_422(client):
    """A body that is not JSON is refused as JSON, not with a page."""
    response = client.post(
        "/api/v1/plan", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert 422 == response.status_code
    assert "json_invalid" == response.json()["detail"][0]["type"]


def test_a_body_over_the_cap_is_413(client, monkeypatch):
    """A body larger than IA_PLANNER_API_MAX_BODY is refused before it is read."""
    monkeypatch.setenv(MAX_BODY_VARIABLE, "1000")
    response = client.post("/api/v1/plan", json={"scenario": {"exclude": ["IA_EPA_1"] * 200}})
    assert 413 == response.status_code
    assert "the body is larger than 1,000 bytes" == response.json()["detail"][0]["msg"]


def test_a_chunked_body_over_the_cap_is_413(client, monkeypatch):
    """A body sent without a length is counted as it arrives, and refused once over."""
    monkeypatch.setenv(MAX_BODY_VARIABLE, "1000")

    def chunks():
        yield b'{"scenario": {"exclude": ['
        for _ in range(200):
            yield b'"IA_EPA_1", '
        yield b'"IA_EPA_1"]}}'

    response = client.post(
        "/api/v1/plan", content=chunks(), headers={"content-type": "application/json"}
    )
    assert 413 == response.status_code


def test_an_unknown_path_is_json(client):
    """A path the API does not have: 404 as JSON."""
    response = client.get("/api/v1/nothing")
    assert 404 == response.status_code
    assert ["path"] == response.json()["detail"][0]["loc"]


def test_a_bug_is_a_500_without_a_traceback(client, monkeypatch, caplog):
    """A forced bug in the engine: 500, one sentence with a log entry; the traceback
    goes to the server's log only."""

    def broken(*args, **kwargs):
        raise KeyError("secret internals")

    monkeypatch.setattr("optimizer.api.planning_routes.solve_plan", broken)
    with caplog.at_level(logging.ERROR, logger="optimizer.api"):
        response = client.post("/api/v1/plan", json={"scenario": {"year": 2025}})
    assert 500 == response.status_code
    text = response.text
    assert "Traceback" not in text
    assert "secret" not in text
    [problem] = response.json()["detail"]
    entry = problem["msg"].rsplit(" ", 1)[-1]
    assert problem["msg"].startswith("internal error, a bug in IA Planner and not in the request")
    assert entry in caplog.text
    assert "secret internals" in caplog.text


def test_the_openapi_document_lists_the_planning_routes(client):
    """/api/v1/openapi.json is served, with every planning route."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/v1/years",
        "/v1/years/{py}/activities",
        "/v1/plan",
        "/v1/roadmap",
        "/v1/what-if",
    } <= set(paths)


def test_the_docs_page_reads_the_document_under_api(client):
    """/api/v1/docs is a browsable page that loads /api/v1/openapi.json."""
    response = client.get("/api/v1/docs")
    assert 200 == response.status_code
    assert "/api/v1/openapi.json" in response.text


def test_a_past_attestation_of_an_activity_that_year_lacked_is_named(client):
    """History is checked as the CLI's history file is: IA_BE_24 was not in PY2017."""
    body = {"scenario": {"year": 2022, "history": [{"activity_id": "IA_BE_24", "year": 2017}]}}
    response = client.post("/api/v1/plan", json=body)
    assert 422 == response.status_code
    [problem] = response.json()["detail"]
    assert ["body", "scenario", "history", 0] == problem["loc"]
    assert (
        "history[0]: IA_BE_24 is not an activity of performance year 2017: look for a typo"
        == problem["msg"]
    )


def test_a_past_attestation_before_mips_is_named(client):
    """A history year before MIPS began is refused at its place, as the CLI refuses it."""
    body = {"scenario": {"year": 2022, "history": [{"activity_id": "IA_BE_24", "year": 2010}]}}
    response = client.post("/api/v1/plan", json=body)
    assert 422 == response.status_code
    [problem] = response.json()["detail"]
    assert ["body", "scenario", "history", 0, "year"] == problem["loc"]
    assert "history[0].year must be a performance year such as 2024, got '2010'" == problem["msg"]


def test_a_large_answer_is_compressed_for_a_client_that_accepts_gzip(client):
    """A year's activities (tens of kB) come gzip-compressed when asked; a plan (a few
    kB) and any answer to a client that did not ask come as they are."""
    gzip = {"accept-encoding": "gzip"}
    activities = client.get("/api/v1/years/2025/activities", headers=gzip)
    assert "gzip" == activities.headers.get("content-encoding")
    assert activities.json()["activities"]  # the client unpacks it
    plain = client.get("/api/v1/years/2025/activities", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert activities.json() == plain.json()
    body = {"scenario": {"year": 2025}, "as_of": "2025-02-01"}
    plan = client.post("/api/v1/plan", json=body, headers=gzip)
    assert (200, None) == (plan.status_code, plan.headers.get("content-encoding"))


def test_a_body_cap_that_is_not_a_positive_number_is_the_default(client, monkeypatch):
    """IA_PLANNER_API_MAX_BODY=0 (or words) leaves the 1 MB cap: a plan is answered."""
    for value in ("0", "lots"):
        monkeypatch.setenv(MAX_BODY_VARIABLE, value)
        body = {"scenario": {"year": 2025}, "as_of": "2025-02-01"}
        assert 200 == client.post("/api/v1/plan", json=body).status_code
