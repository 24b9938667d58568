"""The cookies the server sets, and how long a sign-in lasts.

Streamlit's sign-in cookies (``_streamlit_user``, ``_streamlit_user_tokens`` and their
``_1``, ``_2`` chunks) are HttpOnly and SameSite=Lax but never Secure, and last 30
days. ``CookieFlags``, an ASGI middleware of ``app.py``, makes every cookie the server
sets HttpOnly (but Streamlit's XSRF token, which its front end reads to send back),
SameSite (Lax where none is given), and Secure when the request came over HTTPS:
directly (``server.sslCertFile``) or through a proxy that uvicorn trusts
(``FORWARDED_ALLOW_IPS``, 127.0.0.1 by default) sending ``X-Forwarded-Proto: https``.

A sign-in lasts ``IA_PLANNER_SESSION_HOURS`` (8 by default) from the moment it was
made: the cookie's Max-Age says so to the browser, a request whose signed cookie is
older (its signature holds the time it was made) reaches Streamlit without it, and a
page's WebSocket open when the sign-in ends is closed, so the page connects again
signed out and the person signs in again.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Callable, Mapping

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from optimizer.errors import PlannerError
from optimizer.ui.host_check import cookie_header

SESSION_ENV = "IA_PLANNER_SESSION_HOURS"
DEFAULT_SESSION_HOURS = 8.0
SESSION_HOURS_RANGE = (0.1, 720.0)
"""From six minutes to the 30 days Streamlit allows."""
USER_COOKIE = "_streamlit_user"
AUTH_COOKIE = re.compile(r"_streamlit_user(_tokens)?(_\d+)?")
READ_BY_SCRIPT = ("_streamlit_xsrf",)
"""Streamlit's front end reads its XSRF token and sends it with each upload."""
HTTPS_SCHEMES = ("https", "wss")
SIGN_IN_ENDED = 1000
ENDED = "The sign-in has ended: sign in again."


class SessionSettingError(PlannerError):
    """``IA_PLANNER_SESSION_HOURS`` is not a number of hours the server can use."""


def session_max_age_s(environ: Mapping[str, str] | None = None) -> int:
    """How long a sign-in lasts, in seconds (``IA_PLANNER_SESSION_HOURS``)."""
    text = (os.environ if environ is None else environ).get(SESSION_ENV, "").strip()
    if not text:
        return int(DEFAULT_SESSION_HOURS * 3600)
    low, high = SESSION_HOURS_RANGE
    try:
        hours = float(text)
    except ValueError:
        hours = float("nan")
    if not low <= hours <= high:
        raise SessionSettingError(
            f"{SESSION_ENV} must be a number of hours from {low:g} to {high:g}, got {text!r}"
        )
    return round(hours * 3600)


def secure_cookie(header: str, *, https: bool, max_age_s: int) -> str:
    """A ``Set-Cookie`` value with the flags this server wants."""
    name = header.split("=", 1)[0].strip()
    parts = [p.strip() for p in header.split(";")]
    attributes = {p.split("=", 1)[0].strip().lower() for p in parts[1:]}
    if AUTH_COOKIE.fullmatch(name) and not _is_deletion(parts):
        parts = [p for p in parts if not p.lower().startswith(("max-age", "expires"))]
        parts.append(f"Max-Age={max_age_s}")
    if "httponly" not in attributes and name not in READ_BY_SCRIPT:
        parts.append("HttpOnly")
    if "samesite" not in attributes:
        parts.append("SameSite=Lax")
    if https and "secure" not in attributes:
        parts.append("Secure")
    return "; ".join(parts)


def _is_deletion(parts: list[str]) -> bool:
    return any(p.lower().replace(" ", "") in ("max-age=0", 'max-age="0"') for p in parts)


def signed_age_s(value: str, secret: str) -> float | None:
    """How long ago Streamlit's signed user cookie was made (its signature holds the
    time); None when it does not verify, which is left to Streamlit (it ignores it)."""
    from itsdangerous import BadSignature, URLSafeTimedSerializer

    try:
        _, signed_at = URLSafeTimedSerializer(secret, salt=USER_COOKIE).loads(
            value, return_timestamp=True
        )
    except BadSignature:
        return None
    return float(time.time() - signed_at.timestamp())


def without_auth_cookies(cookie_header: str) -> str:
    """A request's ``Cookie`` header without Streamlit's sign-in cookies."""
    kept = [
        part
        for part in cookie_header.split(";")
        if not AUTH_COOKIE.fullmatch(part.split("=", 1)[0].strip())
    ]
    return ";".join(kept).strip()


def cookie_secret() -> str:
    """Streamlit's secret that signs its cookies (``server.cookieSecret``)."""
    from streamlit.web.server.server_util import get_cookie_secret

    return get_cookie_secret()


class CookieFlags:
    """ASGI middleware: an expired sign-in is taken off the request; every cookie the
    answer sets gets HttpOnly, SameSite and (over HTTPS) Secure, and a sign-in cookie
    the session's Max-Age."""

    def __init__(self, app: ASGIApp, secret: Callable[[], str] = cookie_secret) -> None:
        self.app = app
        self.max_age_s = session_max_age_s()
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        left_s = self._sign_in_left_s(scope)
        if left_s is not None and left_s <= 0:
            scope = _without_sign_in(scope)
        https = scope.get("scheme") in HTTPS_SCHEMES

        async def send_flagged(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                headers = [
                    (k, self._flagged(v, https)) if k.lower() == b"set-cookie" else (k, v)
                    for k, v in message.get("headers", [])
                ]
                message = {**message, "headers": headers}
            await send(message)

        if scope["type"] == "websocket" and left_s is not None and left_s > 0:
            receive = _ending_at(receive, send, time.monotonic() + left_s)
        await self.app(scope, receive, send_flagged)

    def _flagged(self, value: bytes, https: bool) -> bytes:
        header = value.decode("latin-1")
        return secure_cookie(header, https=https, max_age_s=self.max_age_s).encode("latin-1")

    def _sign_in_left_s(self, scope: Scope) -> float | None:
        """Seconds left of the request's sign-in; None without one that verifies."""
        signed = cookie_parser(cookie_header(scope)).get(USER_COOKIE)
        age_s = signed_age_s(signed, self.secret()) if signed else None
        return None if age_s is None else self.max_age_s - age_s


def _without_sign_in(scope: Scope) -> Scope:
    headers = [
        (k, without_auth_cookies(v.decode("latin-1")).encode("latin-1"))
        if k == b"cookie"
        else (k, v)
        for k, v in scope.get("headers", [])
    ]
    return {**scope, "headers": headers}


def _ending_at(receive: Receive, send: Send, deadline: float) -> Receive:
    """``receive`` of a WebSocket whose sign-in ends at ``deadline`` (monotonic): then
    the browser's connection is closed and the app told it went. Streamlit's page
    connects again, without the sign-in, and asks the person to sign in."""

    async def receive_until_expiry() -> Message:
        try:
            return await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0))
        except TimeoutError:
            await send({"type": "websocket.close", "code": SIGN_IN_ENDED, "reason": ENDED})
            return {"type": "websocket.disconnect", "code": SIGN_IN_ENDED}

    return receive_until_expiry
