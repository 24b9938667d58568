"""The HTTP API as one FastAPI application, mounted under ``/api`` beside the app
(``app.py``): its routes under ``/v1``, its OpenAPI document at
``/api/v1/openapi.json`` and a browsable page at ``/api/v1/docs``.

Every answer is JSON: a request FastAPI refuses, or a value the planner refuses, is
a 422 whose ``detail`` names each field; a body over the cap a 413; an error that is
our bug a 500 naming a log entry, never a traceback.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Mount

from optimizer.api.planning_routes import router as planning_router
from optimizer.api.scenario_body import FieldProblem
from optimizer.errors import PlannerError

PREFIX = "/api"
VERSION = "/v1"
MAX_BODY_VARIABLE = "IA_PLANNER_API_MAX_BODY"
DEFAULT_MAX_BODY = 1_000_000
"""Bytes a request body may hold (a scenario with a large roster is a few kB)."""

log = logging.getLogger("optimizer.api")

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


def problem(loc: tuple[str | int, ...], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": kind}


def _answer(status: int, problems: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"detail": problems}, status_code=status)


def max_body() -> int:
    """The body cap: IA_PLANNER_API_MAX_BODY bytes when set, else 1 MB."""
    text = os.environ.get(MAX_BODY_VARIABLE, "").strip()
    return int(text) if text.isdigit() else DEFAULT_MAX_BODY


class Guard:
    """ASGI middleware, outermost: caps the body (413), turns any error that escapes
    the routes into a 500 without a traceback (the traceback goes to the log), and
    says in ``Server-Timing`` how long the API took (``benchmarks/bench_api.py``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = max_body()
        body = await _read_body(scope, receive, cap)
        if body is None:
            msg = f"the body is larger than {cap:,} bytes"
            await _answer(413, [problem(("body",), msg, "too_large")])(scope, receive, send)
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
                await _bug(Request(scope), exc)(scope, receive, send)


async def _read_body(scope: MutableMapping[str, Any], receive: Receive, cap: int) -> bytes | None:
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


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        problem(
            tuple(e["loc"]), f"{'.'.join(map(str, e['loc'][1:])) or 'body'}: {e['msg']}", e["type"]
        )
        for e in exc.errors()
    ]
    return _answer(422, problems)


async def _refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PlannerError)
    loc = exc.loc if isinstance(exc, FieldProblem) else ("body",)
    return _answer(422, [problem(loc, str(exc), "refused")])


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    where = ("path",) if exc.status_code in (404, 405) else ()
    response = _answer(exc.status_code, [problem(where, str(exc.detail), "http")])
    response.headers.update(exc.headers or {})
    return response


async def _bug_handler(request: Request, exc: Exception) -> JSONResponse:
    return _bug(request, exc)


def _bug(request: Request, exc: Exception) -> JSONResponse:
    """A 500 naming a log entry; the traceback goes to the log under that entry."""
    entry = uuid.uuid4().hex[:12]
    log.error("API bug %s on %s %s", entry, request.method, request.url.path, exc_info=exc)
    msg = f"internal error, a bug in IA Planner and not in the request; log entry {entry}"
    return _answer(500, [problem((), msg, "internal")])


def create_api() -> FastAPI:
    """The API's FastAPI application (its paths start at ``/v1``)."""
    api = FastAPI(
        title="IA Planner API",
        version="1",
        summary="The lowest-effort MIPS improvement activities for full credit, as JSON.",
        openapi_url=f"{VERSION}/openapi.json",
        docs_url=f"{VERSION}/docs",
        redoc_url=None,
        exception_handlers={
            RequestValidationError: _invalid,
            PlannerError: _refused,
            StarletteHTTPException: _http,
            Exception: _bug_handler,
        },
    )
    api.include_router(planning_router, prefix=VERSION)
    return api


def api_mount() -> Mount:
    """The API under ``/api``, for ``st.App(routes=...)``."""
    return Mount(PREFIX, app=Guard(create_api()))
