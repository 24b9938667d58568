"""The cookies the server sets, and how long a sign-in lasts.

Streamlit's sign-in cookies (``_streamlit_user``, ``_streamlit_user_tokens`` and their
``_1``, ``_2`` chunks) are HttpOnly and SameSite=Lax but never Secure, and last 30
days. ``CookieFlags``, an ASGI middleware of ``app.py``, makes every cookie the server
sets HttpOnly (but Streamlit's XSRF token, which its front end reads to send back),
SameSite (Lax where none is given), and Secure when the request came over HTTPS:
directly (``server.sslCertFile``) or through a proxy that uvicorn trusts
(``FORWARDED_ALLOW_IPS``, 127.0.0.1 by default) sending ``X-Forwarded-Proto: https``.

A sign-in lasts ``IA_PLANNER_SESSION_HOURS`` (8 by default) from the moment it was
made: the cookie's Max-Age says so to the browser, and a request whose signed cookie
is older (its signature holds the time it was made) reaches Streamlit without it, so
the person is signed out and signs in again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from starlette.requests import cookie_parser

from optimizer.errors import PlannerError

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

SESSION_ENV = "IA_PLANNER_SESSION_HOURS"
DEFAULT_SESSION_HOURS = 8.0
SESSION_HOURS_RANGE = (0.1, 720.0)
"""From six minutes to the 30 days Streamlit allows."""
USER_COOKIE = "_streamlit_user"
AUTH_COOKIE = re.compile(r"_streamlit_user(_tokens)?(_\d+)?")
READ_BY_SCRIPT = ("_streamlit_xsrf",)
"""Streamlit's front end reads its XSRF token and sends it with each upload."""
HTTPS_SCHEMES = ("https", "wss")


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


def signed_at_expired(value: str, secret: str, max_age_s: int) -> bool:
    """Whether Streamlit's signed user cookie was made more than ``max_age_s`` ago (a
    cookie that does not verify is left to Streamlit, which ignores it)."""
    from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

    try:
        URLSafeTimedSerializer(secret, salt=USER_COOKIE).loads(value, max_age=max_age_s)
    except SignatureExpired:
        return True
    except BadSignature:
        return False
    return False


def without_auth_cookies(cookie_header: str) -> str:
    """A request's ``Cookie`` header without Streamlit's sign-in cookies."""
    kept = [
        part
        for part in cookie_header.split(";")
        if not AUTH_COOKIE.fullmatch(part.split("=", 1)[0].strip())
    ]
    return ";".join(kept).strip()


def _cookie_secret() -> str:
    from streamlit.web.server.server_util import get_cookie_secret

    return get_cookie_secret()


class CookieFlags:
    """ASGI middleware: an expired sign-in is taken off the request; every cookie the
    answer sets gets HttpOnly, SameSite and (over HTTPS) Secure, and a sign-in cookie
    the session's Max-Age."""

    def __init__(self, app: ASGIApp, secret: Callable[[], str] = _cookie_secret) -> None:
        self.app = app
        self.max_age_s = session_max_age_s()
        self.secret = secret

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        scope = self._drop_expired_sign_in(scope)
        https = scope.get("scheme") in HTTPS_SCHEMES

        async def send_flagged(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                headers = [
                    (k, self._flagged(v, https)) if k.lower() == b"set-cookie" else (k, v)
                    for k, v in message.get("headers", [])
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_flagged)

    def _flagged(self, value: bytes, https: bool) -> bytes:
        header = value.decode("latin-1")
        return secure_cookie(header, https=https, max_age_s=self.max_age_s).encode("latin-1")

    def _drop_expired_sign_in(self, scope: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        headers = scope.get("headers", [])
        expired = False
        for name, value in headers:
            if name == b"cookie":
                signed = cookie_parser(value.decode("latin-1")).get(USER_COOKIE)
                if signed and signed_at_expired(signed, self.secret(), self.max_age_s):
                    expired = True
        if not expired:
            return scope
        kept = [
            (k, without_auth_cookies(v.decode("latin-1")).encode("latin-1"))
            if k == b"cookie"
            else (k, v)
            for k, v in headers
        ]
        return {**scope, "headers": kept}
