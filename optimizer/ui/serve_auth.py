"""No serving beyond this computer without sign-in.

Served only on loopback (``server.address`` localhost, 127.0.0.1 or ::1, and no other
name in ``server.allowedHosts``), the app needs no sign-in, as on a practice's own
computer. Served on any other address, or to another name, it must have sign-in
configured: an ``[auth]`` section in ``.streamlit/secrets.toml`` that Streamlit's
``st.login`` can use (``auth_missing`` names what a partial one lacks; the sign-in
page says the same). Two checks hold that:

* ``stop_unsafe_start`` (``app.py`` calls it as ``streamlit run`` loads the app): an
  address or name beyond loopback without sign-in stops the server with one line
  saying how to configure sign-in.
* ``SignInRequired``: an ASGI middleware (``app.py``) for the launches whose address
  the app cannot know at start (``uvicorn app:app --host 0.0.0.0``): without sign-in,
  a request that reaches the server on an address that is not loopback, comes from
  one (uvicorn has already put a trusted proxy's ``X-Forwarded-For`` in its place), or
  names another host, gets only a page that says so; no page, file, upload or WebSocket
  of the app.
"""

from __future__ import annotations

import functools
import ipaddress
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit import config

from optimizer.errors import PlannerError
from optimizer.ui.host_check import LONGEST_HOST, host_header, host_name, refuse
from optimizer.ui.serve_cookies import session_max_age_s

LOOPBACK_NAMES = ("localhost",)
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
"""What ``st.login`` needs of a provider (its discovery URL is ``server_metadata_url``)."""
HOW_TO = (
    "add an [auth] section (redirect_uri, cookie_secret, client_id, client_secret, "
    "server_metadata_url) to .streamlit/secrets.toml, see docs/serving.md, "
    "or serve on localhost (--server.address localhost)"
)
PAGE = (
    b"IA Planner is not served beyond this computer without sign-in: add an [auth] "
    b"section to .streamlit/secrets.toml (see docs/serving.md), or serve on 127.0.0.1.\n"
)
REFUSED_EXIT = 2
STREAMLIT_RUN = "starlette-app"
"""Streamlit's name for an ``st.App`` started by ``streamlit run`` (``uvicorn app:app``
binds where uvicorn is told, which Streamlit's options do not say)."""


class SignInNotConfiguredError(PlannerError):
    """The server is reachable beyond this computer and nobody has to sign in."""


def is_loopback(name: str) -> bool:
    """Whether an address or host name is this computer's own (localhost, 127.x, ::1)."""
    return len(name) <= LONGEST_HOST and _is_loopback(name)


@functools.lru_cache(maxsize=4096)
def _is_loopback(name: str) -> bool:
    """``is_loopback`` of a name short enough to be one. Asked of every request's two
    ends and Host, so the answers are kept: at most 4096 of at most LONGEST_HOST
    characters (a crowd of addresses cannot make it hold more)."""
    name = name.strip().strip("[]").lower().rstrip(".")
    if name in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 on a dual stack
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def auth_missing(auth: Mapping[str, Any] | None = None) -> tuple[str, ...] | None:
    """The keys the secrets' ``[auth]`` section (or ``auth``) lacks for ``st.login``: a
    redirect URI, a cookie secret and one provider with its client and discovery URL
    (a named provider's keys as 'okta.client_id'). None: there is no ``[auth]``
    section (sign-in is off); (): it is complete. The one test of sign-in set up."""
    if auth is None:
        auth = _secrets_auth()
        if auth is None:
            return None
    missing = [key for key in ("redirect_uri", "cookie_secret") if not auth.get(key)]
    named = {k: v for k, v in auth.items() if isinstance(v, Mapping)}
    candidates = [
        [key for key in PROVIDER_KEYS if not auth.get(key)],
        *(
            [f"{name}.{key}" for key in PROVIDER_KEYS if not p.get(key)]
            for name, p in named.items()
        ),
    ]
    if named and len(candidates[0]) == len(PROVIDER_KEYS):
        candidates.pop(0)  # no provider key at the top: the named providers say what lacks
    return (*missing, *min(candidates, key=len))


def sign_in_configured(auth: Mapping[str, Any] | None = None) -> bool:
    """Whether the ``[auth]`` section is complete (``auth_missing`` finds nothing)."""
    return auth_missing(auth) == ()


def partial_auth_words(missing: tuple[str, ...]) -> str:
    """What a partial ``[auth]`` section lacks, in one sentence."""
    return (
        "Sign-in is not set up: the [auth] section of .streamlit/secrets.toml lacks "
        f"{', '.join(missing)} (see docs/serving.md), or remove the section to use the "
        "app without sign-in on this computer"
    )


def _secrets_auth() -> Mapping[str, Any] | None:
    import streamlit as st  # st.secrets: the server's, or an AppTest's own

    try:
        if not st.secrets.load_if_toml_exists():
            return None
        auth = st.secrets.get("auth")
    except Exception:  # a secrets file that is not TOML configures nothing
        return None
    return auth if isinstance(auth, Mapping) else None


def beyond_loopback(address: str, allowed_hosts: Iterable[str]) -> str | None:
    """The address or host name that serves the app beyond this computer, if any (an
    empty address is Streamlit's default, every address: 0.0.0.0)."""
    address = address.strip() or "0.0.0.0"
    if not is_loopback(address):
        return address
    for name in (str(h).strip() for h in allowed_hosts):
        if name and not is_loopback(name):
            return name
    return None


def refuse_partial_auth() -> None:
    """Stop a server whose ``[auth]`` section lacks a key: nobody could sign in."""
    missing = auth_missing()
    if missing:
        raise SignInNotConfiguredError(f"IA Planner will not start. {partial_auth_words(missing)}.")


def refuse_unsafe_start() -> None:
    """Stop a server configured to serve beyond loopback without sign-in."""
    address = str(config.get_option("server.address") or "")
    reached = beyond_loopback(address, config.get_option("server.allowedHosts") or ())
    if reached is not None and not sign_in_configured():
        raise SignInNotConfiguredError(
            f"IA Planner will not serve on {reached} without sign-in: {HOW_TO}."
        )


def stop_unsafe_start() -> None:
    """As the app is loaded, stop with one line (no traceback) when the session length
    is not one, the ``[auth]`` section lacks a key, or ``streamlit run`` would serve
    beyond loopback without sign-in."""
    try:
        session_max_age_s()
        refuse_partial_auth()
        if config._server_mode == STREAMLIT_RUN:
            refuse_unsafe_start()
    except PlannerError as refused:
        print(refused, file=sys.stderr)
        raise SystemExit(REFUSED_EXIT) from None


def reached_from_outside(scope: Scope) -> bool:
    """Whether a request came to a non-loopback address, from one, or by another name."""
    for end in ("server", "client"):
        where = scope.get(end)
        if where and where[0] and not is_loopback(str(where[0])):
            return True
    name = host_name(host_header(scope))
    return name is not None and not is_loopback(name)


class SignInRequired:
    """ASGI middleware: without sign-in configured, a request from beyond this
    computer gets only the page that says how to configure it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._configured: bool | None = None

    def configured(self) -> bool:
        if self._configured is None:  # the secrets are read once per server
            self._configured = sign_in_configured()
        return self._configured

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket") or not reached_from_outside(scope):
            await self.app(scope, receive, send)
            return
        if self.configured():
            await self.app(scope, receive, send)
            return
        await refuse(kind, send, PAGE)
