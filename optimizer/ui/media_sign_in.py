"""Downloads need a sign-in: with sign-in on, a file Streamlit serves at
``/media/<id>`` (audit packs, evidence, workbooks, calendars) goes only to a request
carrying a signed-in person's cookie.

Streamlit keeps which session a file was made for, but not which person a session
is, so the check is the sign-in, not the owner: a file's address (a hash, made when
the page drew its button, dropped when the session moves on) is still the secret
that ties it to the person. Without sign-in configured (this computer only) nothing
is checked. ``MediaNeedsSignIn`` runs after ``CookieFlags``, which has already taken
a sign-in older than the session's hours off the request.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit import config

from optimizer.ui.host_check import cookie_header, refuse
from optimizer.ui.serve_auth import sign_in_configured
from optimizer.ui.serve_cookies import USER_COOKIE, cookie_secret

PAGE = b"Sign in to IA Planner to download this file.\n"


def media_prefix() -> str:
    """Where Streamlit serves its files: '/media/' under ``server.baseUrlPath``."""
    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/media/" if base else "/media/"


def signed_in(cookie_header: str, secret: str) -> bool:
    """Whether the ``Cookie`` header holds Streamlit's signed user cookie (whole or in
    chunks) saying someone is signed in."""
    from streamlit.auth_util import get_cookie_with_chunks
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value

    cookies = cookie_parser(cookie_header)

    def one(name: str) -> bytes | None:
        value = cookies.get(name)
        return None if value is None else decode_signed_value(secret, name, value.encode("latin-1"))

    decoded = get_cookie_with_chunks(one, USER_COOKIE)
    if decoded is None:
        return False
    try:
        user = json.loads(decoded.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(user, dict) and user.get("is_logged_in") is True


class MediaNeedsSignIn:
    """ASGI middleware: with sign-in on, a ``/media/`` request without a signed-in
    cookie gets a 403 that says to sign in."""

    def __init__(
        self,
        app: ASGIApp,
        secret: Callable[[], str] = cookie_secret,
        configured: Callable[[], bool] = sign_in_configured,
    ) -> None:
        self.app = app
        self.secret = secret
        self._configured = configured
        self._on: bool | None = None

    def on(self) -> bool:
        if self._on is None:  # the secrets are read once per server
            self._on = self._configured()
        return self._on

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not str(scope.get("path", "")).startswith(media_prefix())
            or not self.on()
        ):
            await self.app(scope, receive, send)
            return
        if signed_in(cookie_header(scope), self.secret()):
            await self.app(scope, receive, send)
            return
        await refuse("http", send, PAGE)
