"""What the API answers when it cannot answer the request: each problem named by
its place (``loc``) and in words (``msg``), as JSON, with the status that says why:
401 no valid token, 403 a role too low, 404 nothing there, 409 a save over someone
else's, 413 a body too large, 422 a field that cannot be used, 429 over the rate,
500 a bug of ours (a log entry, never a traceback)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from optimizer.errors import PlannerError, StaleWriteError
from optimizer.workspace.access import AccessDenied

log = logging.getLogger("optimizer.api")


class FieldProblem(PlannerError):
    """One field of a request that cannot be used: the API answers 422 naming it."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


class Unauthorized(PlannerError):
    """No token, or one that is not (or no longer) valid: 401."""


class NotFound(PlannerError):
    """A practice or a year the caller has not got: 404."""


class TooManyRequests(PlannerError):
    """A token over its rate: 429, with the seconds to wait."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def problem(loc: tuple[str | int, ...], msg: str, kind: str) -> dict[str, Any]:
    return {"loc": list(loc), "msg": msg, "type": kind}


def answer(status: int, problems: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse({"detail": problems}, status_code=status)


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for e in exc.errors():
        where = ".".join(map(str, e["loc"][1:])) or "body"
        problems.append(problem(tuple(e["loc"]), f"{where}: {e['msg']}", e["type"]))
    return answer(422, problems)


def _status(exc: PlannerError) -> tuple[int, str]:
    """The HTTP status of a refusal, by its kind (422: the input)."""
    for kind, status, name in STATUSES:
        if isinstance(exc, kind):
            return status, name
    return 422, "refused"


async def _refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PlannerError)
    status, kind = _status(exc)
    loc = exc.loc if isinstance(exc, FieldProblem) else ("body",) if status == 422 else ()
    response = answer(status, [problem(loc, str(exc), kind)])
    if isinstance(exc, Unauthorized):
        response.headers["www-authenticate"] = "Bearer"
    if isinstance(exc, TooManyRequests):
        response.headers["retry-after"] = str(exc.retry_after)
    return response


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    where = ("path",) if exc.status_code in (404, 405) else ()
    response = answer(exc.status_code, [problem(where, str(exc.detail), "http")])
    response.headers.update(exc.headers or {})
    return response


async def _bug_handler(request: Request, exc: Exception) -> JSONResponse:
    return bug(request, exc)


def bug(request: Request, exc: Exception) -> JSONResponse:
    """A 500 naming a log entry; the traceback goes to the log under that entry."""
    entry = uuid.uuid4().hex[:12]
    log.error("API bug %s on %s %s", entry, request.method, request.url.path, exc_info=exc)
    msg = f"internal error, a bug in IA Planner and not in the request; log entry {entry}"
    return answer(500, [problem((), msg, "internal")])


STATUSES: tuple[tuple[type[PlannerError], int, str], ...] = (
    (Unauthorized, 401, "unauthorized"),
    (AccessDenied, 403, "forbidden"),
    (NotFound, 404, "not_found"),
    (StaleWriteError, 409, "stale"),
    (TooManyRequests, 429, "too_many_requests"),
)
"""Refusals that are not about the input, and their status."""

HANDLERS: dict[Any, Any] = {
    RequestValidationError: _invalid,
    PlannerError: _refused,
    StarletteHTTPException: _http,
    Exception: _bug_handler,
}
"""FastAPI's exception handlers: every answer that is not a route's own."""
