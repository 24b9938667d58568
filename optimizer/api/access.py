"""Who calls the API: a bearer token of one organization (``workspace.api_tokens``),
or nobody, which only a request from this computer to a server on this computer may
be, and only for the planning routes. Each token's requests are rate-limited.

A request counts as local when the server's address and the client's are loopback
and no proxy forwarded it (no ``Forwarded`` or ``X-Forwarded-For`` header): a
reverse proxy on the same computer passes on requests from anywhere.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from optimizer.api.problems import TooManyRequests, Unauthorized
from optimizer.api.settings import count_setting
from optimizer.ui.serve_auth import is_loopback
from optimizer.workspace import Workspace, open_workspace
from optimizer.workspace.access import Scope
from optimizer.workspace.api_rate import take_request
from optimizer.workspace.api_tokens import TokenInfo, token_scope

RATE_VARIABLE = "IA_PLANNER_API_RATE"
DEFAULT_RATE = 600
"""Requests a token may make per minute (a burst of as many, refilled evenly)."""
FORWARDED = (b"forwarded", b"x-forwarded-for")


@dataclass(frozen=True, slots=True)
class Caller:
    """A token and the scope it acts in."""

    token: TokenInfo
    scope: Scope


class RateLimit:
    """Each token's rate: ``per_minute`` requests, refilled evenly, counted in the
    workspace (``workspace.api_rate``), so every server process shares the count."""

    def __init__(self, per_minute: Callable[[], int], clock: Callable[[], float]) -> None:
        self.per_minute = per_minute
        self.clock = clock

    def take(self, ws: Workspace, token_id: int) -> None:
        rate = self.per_minute()
        wait = take_request(ws, token_id, rate, self.clock())
        if wait:
            msg = f"this token made more than {rate} requests a minute: wait {wait} s"
            raise TooManyRequests(msg, retry_after=wait)


def per_minute() -> int:
    """IA_PLANNER_API_RATE requests a minute when set, else 600."""
    return count_setting(RATE_VARIABLE, DEFAULT_RATE)


class Gate:
    """The API's workspace (opened on first need) and its rate limits."""

    def __init__(
        self,
        opener: Callable[[], Workspace] = open_workspace,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._opener = opener
        self._workspace: Workspace | None = None
        self._lock = threading.Lock()
        self.limits = RateLimit(per_minute, clock)

    @property
    def workspace(self) -> Workspace:
        with self._lock:
            if self._workspace is None:
                self._workspace = self._opener()
            return self._workspace

    def caller(self, request: Request) -> Caller | None:
        """The token the request sends (None: none sent); a bad one is refused."""
        header = request.headers.get("authorization")
        if header is None:
            return None
        kind, _, secret = header.partition(" ")
        if kind.lower() != "bearer" or not secret.strip():
            msg = "send the token as 'Authorization: Bearer <token>'"
            raise Unauthorized(msg)
        found = token_scope(self.workspace, secret.strip())
        if found is None:
            msg = "this token is not valid: it was revoked, or mistyped"
            raise Unauthorized(msg)
        caller = Caller(*found)
        self.limits.take(self.workspace, caller.token.id)
        return caller

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()


def is_local(request: Request) -> bool:
    """Whether the request comes from this computer to a server on it, unproxied."""
    server = request.scope.get("server") or (None, None)
    client = request.client.host if request.client else None
    if any(k in FORWARDED for k, _ in request.scope.get("headers", [])):
        return False
    return all(end is not None and is_loopback(str(end)) for end in (server[0], client))


def gate_of(request: Request) -> Gate:
    gate: Gate = request.app.state.gate
    return gate


async def _caller(request: Request) -> Caller | None:
    """The request's token, looked up off the event loop (a database read); a request
    without one costs no thread."""
    if "authorization" not in request.headers:
        return None
    return await run_in_threadpool(gate_of(request).caller, request)


async def planning_access(request: Request) -> Caller | None:
    """A planning route: any caller from this computer; else a valid token."""
    caller = await _caller(request)
    if caller is None and not is_local(request):
        msg = (
            "this server plans for callers with an API token: send 'Authorization: Bearer <token>'"
        )
        raise Unauthorized(msg)
    return caller


async def token_access(request: Request) -> Caller:
    """A workspace route: a valid token, always."""
    caller = await _caller(request)
    if caller is None:
        msg = "the workspace routes need an API token: send 'Authorization: Bearer <token>'"
        raise Unauthorized(msg)
    return caller
