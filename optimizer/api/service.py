"""The HTTP API as one FastAPI application, mounted under ``/api`` beside the app
(``app.py``, through ``ahead.py``): its routes under ``/v1``, its OpenAPI document at
``/api/v1/openapi.json`` and a browsable page at ``/api/v1/docs``.

Every answer is JSON: a request FastAPI refuses, or a value the planner refuses, is
a 422 whose ``detail`` names each field; a body over the cap a 413; an error that is
our bug a 500 naming a log entry, never a traceback (``problems.py``). Who may call
which route is ``access.py``'s: the planning routes from this computer, or with a
token; the workspace routes (``workspace_routes.py``) with a token only.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import FastAPI, Request
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from optimizer.api.access import Gate
from optimizer.api.planning_routes import router as planning_router
from optimizer.api.problems import HANDLERS, answer, bug, problem
from optimizer.api.settings import count_setting
from optimizer.api.workspace_routes import router as workspace_router
from optimizer.workspace import Workspace

PREFIX = "/api"
VERSION = "/v1"
MAX_BODY_VARIABLE = "IA_PLANNER_API_MAX_BODY"
DEFAULT_MAX_BODY = 1_000_000
"""Bytes a request body may hold (a scenario with a large roster is a few kB)."""
GZIP_FROM = 8_192
"""Answers of this many bytes or more are compressed for a client that accepts gzip:
a year's activities (65 kB), a what-if table, a roadmap, the OpenAPI document; a
plan (about 5 kB) is sent as it is, sooner than it would be compressed."""


def max_body() -> int:
    """The body cap: IA_PLANNER_API_MAX_BODY bytes when set, else 1 MB."""
    return count_setting(MAX_BODY_VARIABLE, DEFAULT_MAX_BODY)


class Guard:
    """ASGI middleware, outermost: caps the body (413), turns any error that escapes
    the routes into a 500 without a traceback (the traceback goes to the log), and
    says in ``Server-Timing`` how long the API took (``benchmarks/bench_api.py``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = max_body()
        body = await _read_body(scope, receive, cap)
        if body is None:
            msg = f"the body is larger than {cap:,} bytes"
            await answer(413, [problem(("body",), msg, "too_large")])(scope, receive, send)
            return
        started = False
        given = False

        async def replay() -> Message:
            nonlocal given
            if given:
                return await receive()
            given = True
            return {"type": "http.request", "body": body, "more_body": False}

        begun = time.perf_counter()

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                spent = (time.perf_counter() - begun) * 1000
                timing = (b"server-timing", f"app;dur={spent:.2f}".encode())
                message = {**message, "headers": [*message.get("headers", []), timing]}
            await send(message)

        try:
            await self.app(scope, replay, watched)
        except Exception as exc:  # answered by _bug, then re-raised by Starlette
            if not started:
                await bug(Request(scope), exc)(scope, receive, send)


async def _read_body(scope: Scope, receive: Receive, cap: int) -> bytes | None:
    """The whole request body, or None once it passes ``cap`` bytes (a Content-Length
    over the cap is refused before any is read)."""
    length = dict(scope.get("headers", [])).get(b"content-length", b"")
    if length.isdigit() and int(length) > cap:
        return None
    chunks: list[bytes] = []
    seen = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > cap:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def create_api(gate: Gate | None = None) -> FastAPI:
    """The API's FastAPI application (its paths start at ``/v1``); ``gate`` holds the
    workspace the tokens and the workspace routes use (default: ``open_workspace()``,
    opened on first need)."""
    api = FastAPI(
        title="IA Planner API",
        version="1",
        summary="The lowest-effort MIPS improvement activities for full credit, as JSON.",
        openapi_url=f"{VERSION}/openapi.json",
        docs_url=f"{VERSION}/docs",
        redoc_url=None,
        exception_handlers=HANDLERS,
    )
    api.add_middleware(GZipMiddleware, minimum_size=GZIP_FROM)
    api.state.gate = gate or Gate()
    api.include_router(planning_router, prefix=VERSION)
    api.include_router(workspace_router, prefix=VERSION)
    return api


def api_mount(opener: Callable[[], Workspace] | None = None) -> Mount:
    """The API under ``/api`` (``ahead.ApiFirst`` serves it in ``app.py``); ``opener``
    opens its workspace (default: ``open_workspace()``: ``IA_PLANNER_DB``, else the
    default file)."""
    return Mount(PREFIX, app=Guard(create_api(None if opener is None else Gate(opener))))
