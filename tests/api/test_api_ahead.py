"""``ApiFirst`` (``optimizer/api/ahead.py``), the first middleware of ``app.py``: a
request under /api reaches the API without the app's stack behind it, and still
meets the sign-in check and the Host check; every other request reaches the app."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.responses import PlainTextResponse

from optimizer.api.ahead import ApiFirst
from optimizer.ui.host_check import REFUSED
from optimizer.ui.serve_auth import PAGE, SignInRequired

AS_OF = "2025-02-01"
LOCAL = ("127.0.0.1", 50000)
REMOTE = ("203.0.113.7", 50000)


class Pages:
    """The app behind: answers "pages" and counts what reached it."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        self.paths.append(scope["path"])
        await PlainTextResponse("pages")(scope, receive, send)


@pytest.fixture
def pages() -> Pages:
    return Pages()


def client(pages: Pages, where: tuple[str, int] = LOCAL, host: str = "127.0.0.1") -> TestClient:
    return TestClient(ApiFirst(pages), base_url=f"http://{host}", client=where)


def test_the_api_is_answered_without_the_app(pages, monkeypatch):
    """A plan, the document and the docs page (which names the document under /api)."""
    monkeypatch.setenv("IA_PLANNER_TODAY", AS_OF)
    served = client(pages)
    plan = served.post("/api/v1/plan", json={"scenario": {"year": 2025}, "as_of": AS_OF})
    assert (200, "optimal") == (plan.status_code, plan.json()["status"])
    assert "/v1/plan" in served.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/openapi.json" in served.get("/api/v1/docs").text
    assert [] == pages.paths


def test_every_other_request_reaches_the_app(pages):
    """The pages, Streamlit's own paths, and names that only start like the API's."""
    served = client(pages)
    for path in ("/", "/planner", "/_stcore/health", "/api", "/apiary", "/media/x.csv"):
        assert "pages" == served.get(path).text
    assert ["/", "/planner", "/_stcore/health", "/api", "/apiary", "/media/x.csv"] == pages.paths


def test_the_api_from_beyond_this_computer_without_sign_in_gets_the_sign_in_page(pages):
    """No sign-in configured: a request from another address is refused before the
    API reads it, as every page is (``SignInRequired``)."""
    response = client(pages, where=REMOTE).post("/api/v1/plan", json={"scenario": {}})
    assert (403, PAGE.decode()) == (response.status_code, response.text)
    assert [] == pages.paths


def test_the_api_refuses_a_foreign_host(pages, monkeypatch):
    """DNS rebinding: a page of evil.example pointed at this computer. With sign-in
    off the sign-in check refuses it first (another name); with sign-in on, the Host
    check does (``HostCheck``)."""
    response = client(pages, host="evil.example").get("/api/v1/years")
    assert (403, PAGE.decode()) == (response.status_code, response.text)
    monkeypatch.setattr(SignInRequired, "configured", lambda self: True)
    response = client(pages, host="evil.example").get("/api/v1/years")
    assert (403, REFUSED.decode()) == (response.status_code, response.text)
    assert [] == pages.paths
