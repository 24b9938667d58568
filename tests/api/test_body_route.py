"""The planning routes' one-pass body reader (``optimizer/api/body_route.py``) answers
every request as FastAPI's own handler does: the same routes, registered with
FastAPI's ``APIRoute``, get the same bodies, and the answers are compared."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Annotated, Any

import pytest
import starlette.requests
from fastapi import APIRouter, Body, Depends, FastAPI, Request
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from local_client import LOCAL, local_client
from starlette.applications import Starlette
from starlette.routing import Mount

from optimizer.api.access import Gate, planning_access
from optimizer.api.body_route import BodyRoute, body_model, request_checks
from optimizer.api.planning_routes import router
from optimizer.api.problems import HANDLERS, Unauthorized
from optimizer.api.schemas import PlanRequest
from optimizer.api.service import PREFIX, VERSION, Guard, create_api

AS_OF = "2025-02-01"
REMOTE = ("203.0.113.7", 50000)


def fastapis_own(where: tuple[str, int]) -> TestClient:
    """The planning routes with FastAPI's own handler, served as the API serves them."""
    plain = APIRouter(dependencies=[Depends(planning_access)])
    for route in router.routes:
        assert isinstance(route, APIRoute)
        plain.add_api_route(
            route.path,
            route.endpoint,
            methods=sorted(route.methods),
            response_model=route.response_model,
            route_class_override=APIRoute,
        )
    api = FastAPI(exception_handlers=HANDLERS)
    api.state.gate = Gate()
    api.include_router(plain, prefix=VERSION)
    app = Starlette(routes=[Mount(PREFIX, app=Guard(api))])
    return TestClient(app, base_url="http://127.0.0.1", client=where)


def ours(where: tuple[str, int]) -> TestClient:
    """The API as it is served (``api_mount``), called from ``where``."""
    return TestClient(local_client().app, base_url="http://127.0.0.1", client=where)


JSON = {"content-type": "application/json"}
PLAN = {"scenario": {"year": 2025, "statuses": ["rural"]}, "as_of": AS_OF}
BODIES: list[tuple[str, bytes, dict[str, str]]] = [
    ("/plan", json.dumps(PLAN).encode(), JSON),
    ("/plan", json.dumps({**PLAN, "alternatives": 2}).encode(), JSON),
    ("/plan", b'{"scenario": {"year": "soon", "clinicians": 0, "colour": "red"}}', JSON),
    ("/plan", b'{"scenario": {"year": 2025, "statuses": ["nope"]}, "solver": "x"}', JSON),
    ("/plan", b'{"scenario": {"year": 2025}, "as_of": "2025-13-01"}', JSON),
    ("/plan", b'{"scenario": {"year": 2025}, "as_of": 20250201}', JSON),
    ("/plan", b'{"scenario": {"year": 2025}, "alternatives": 0}', JSON),
    ("/plan", b'{"scenario": {"year": 2025.0, "clinicians": "3"}}', JSON),
    ("/plan", b'{"scenario": {"year": 2025, "running": ["IA_EPA_1:someday"]}}', JSON),
    ("/plan", b'{"scenario": []}', JSON),
    ("/plan", b"{}", JSON),
    ("/plan", b"[]", JSON),
    ("/plan", b'"plan"', JSON),
    ("/plan", b"null", JSON),
    ("/plan", b"{", JSON),
    ("/plan", b"{'scenario': {}}", JSON),
    ("/plan", b'{"scenario": {"year": NaN}}', JSON),
    ("/plan", b"", JSON),
    ("/plan", json.dumps(PLAN).encode(), {"content-type": "text/plain"}),
    ("/plan", json.dumps(PLAN).encode(), {"content-type": "application/json; charset=utf-8"}),
    ("/plan", json.dumps(PLAN).encode(), {"content-type": "application/merge-patch+json"}),
    ("/plan", json.dumps(PLAN).encode(), {}),
    ("/roadmap", b'{"scenario": {"year": 2025}, "last_year": 2026, "as_of": "2025-02-01"}', JSON),
    ("/roadmap", b'{"scenario": {"year": 2025}, "last_year": 2040}', JSON),
    ("/roadmap", b'{"scenario": {"year": 2025}, "status_in": [{"year": "x"}]}', JSON),
    (
        "/what-if",
        b'{"scenario": {"year": 2024, "reporting": "group"}, "as_of": "2024-03-01"}',
        JSON,
    ),
    ("/what-if", b'{"scenario": {"year": 2024, "reporting": "team"}}', JSON),
]


def answer(client: TestClient, path: str, body: bytes, headers: dict[str, str]) -> Any:
    response = client.post(f"/api/v1{path}", content=body, headers=headers)
    return response.status_code, response.json(), response.headers.get("www-authenticate")


@pytest.mark.parametrize("where", [LOCAL, REMOTE], ids=["local", "remote, no token"])
def test_each_body_is_answered_as_fastapis_own_handler_answers_it(where, monkeypatch):
    """Valid, refused and malformed bodies, any content type, from this computer and
    from beyond it without a token (401 before or after the body, as FastAPI orders it)."""
    monkeypatch.setenv("IA_PLANNER_TODAY", AS_OF)
    expected, got = fastapis_own(where), ours(where)
    for path, body, headers in BODIES:
        assert answer(expected, path, body, headers) == answer(got, path, body, headers), body


def test_the_post_routes_take_the_one_pass_reader_and_the_get_routes_fastapis():
    """A body model and request checks only: the POST routes; a path parameter or no
    body: FastAPI's handler."""
    routes = {r.path: r for r in router.routes if isinstance(r, BodyRoute)}
    assert {"/years", "/years/{py}/activities", "/plan", "/roadmap", "/what-if"} == set(routes)
    read = {path for path, route in routes.items() if body_model(route) is not None}
    assert {"/plan", "/roadmap", "/what-if"} == read
    assert all(request_checks(route) is not None for route in routes.values())


def test_a_valid_body_is_read_in_one_pass(monkeypatch):
    """With the standard library's JSON reader made to fail where Starlette calls it,
    FastAPI's own handler cannot read a plan (400) and the one-pass reader can (200):
    a valid body never goes through FastAPI's reading."""

    def refuse(text: object) -> object:
        raise ValueError("json.loads was called")

    monkeypatch.setattr(starlette.requests, "json", SimpleNamespace(loads=refuse))
    body, headers = json.dumps(PLAN).encode(), JSON
    assert 400 == answer(fastapis_own(LOCAL), "/plan", body, headers)[0]
    assert 200 == answer(ours(LOCAL), "/plan", body, headers)[0]


def test_a_dependency_override_is_applied_as_fastapi_applies_it(monkeypatch):
    """A stand-in for the access check (as a test of another project would set) is
    the one that runs: the one-pass reader leaves such requests to FastAPI."""
    monkeypatch.setenv("IA_PLANNER_TODAY", AS_OF)
    api = create_api()

    async def nobody(request: Request) -> None:
        raise Unauthorized("nobody may plan")

    api.dependency_overrides[planning_access] = nobody
    client = TestClient(Starlette(routes=[Mount(PREFIX, app=Guard(api))]), client=LOCAL)
    response = client.post("/api/v1/plan", content=json.dumps(PLAN).encode(), headers=JSON)
    assert (401, "nobody may plan") == (response.status_code, response.json()["detail"][0]["msg"])


def test_a_route_that_reads_more_than_one_body_model_keeps_fastapis_handler():
    """An embedded body, two bodies, a query parameter: not the plain case."""
    odd = APIRouter(route_class=BodyRoute)

    @odd.post("/embedded")
    async def embedded(request: Annotated[PlanRequest, Body(embed=True)]) -> None: ...

    @odd.post("/two")
    async def two(first: PlanRequest, second: PlanRequest) -> None: ...

    @odd.post("/query")
    async def query(request: PlanRequest, page: int = 1) -> None: ...

    assert [None, None, None] == [body_model(r) for r in odd.routes if isinstance(r, APIRoute)]
