"""The server answers only to its own names, against DNS rebinding: a web page whose
name the attacker points at 127.0.0.1 reaches the local server, but its requests
carry the attacker's name in the Host header, and are refused with 403 (HTTP) or a
refused WebSocket handshake (403), before Streamlit sees them.

The names allowed are Streamlit's ``server.allowedHosts`` (``.streamlit/config.toml``
lists localhost, 127.0.0.1 and ::1; ``--server.allowedHosts NAME`` adds others):
Streamlit checks that list on its WebSocket only, this middleware (``app.py``) on
every request too, so a page, a file or an upload is refused the same way. With the
list emptied, only localhost, 127.0.0.1, ::1 and ``server.address`` are let in
(Streamlit would then let any name open the WebSocket); "*" lets in every name.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send
from streamlit import config

LOOPBACK = ("localhost", "127.0.0.1", "::1")
REFUSED = b"IA Planner answers only to its own address: this Host is not allowed."
POLICY_VIOLATION = 1008


def allowed_names() -> tuple[str, ...]:
    """The host names (or patterns: "*", "*.example.org") the server answers to."""
    listed = [str(h).strip() for h in config.get_option("server.allowedHosts") or ()]
    if any(listed):
        return tuple(h for h in listed if h)
    address = str(config.get_option("server.address") or "").strip()
    return (*LOOPBACK, address) if address not in ("", "0.0.0.0", "::") else LOOPBACK


LONGEST_HOST = 300
"""Characters a Host header may hold to name a host: a DNS name is at most 253, and
a port follows; a longer one names none (and is not kept)."""


def host_name(host: str | None) -> str | None:
    """The name in a Host header ("[::1]:8501" -> "::1"); None when it is not one."""
    if not host or len(host) > LONGEST_HOST:
        return None
    return _host_name(host)


@functools.lru_cache(maxsize=4096)
def _host_name(host: str) -> str | None:
    """``host_name`` of a header short enough to name a host. Read for every request,
    so the answers are kept: at most 4096 of at most LONGEST_HOST characters."""
    try:
        parts = urlsplit(f"//{host}")
        _ = parts.port  # a port that is not a number is refused
    except ValueError:
        return None
    if parts.hostname is None or parts.username or parts.password or parts.path:
        return None
    if parts.query or parts.fragment:
        return None
    return parts.hostname.lower().rstrip(".")


def is_allowed(host: str | None, names: Iterable[str]) -> bool:
    """Whether the Host header ``host`` names one of ``names``."""
    name = host_name(host)
    if name is None:
        return False
    for pattern in (n.lower().rstrip(".") for n in names):
        if pattern == "*" or name == pattern.strip("[]"):
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


def host_header(scope: Scope) -> str | None:
    """A request's Host header (None: none, or more than one)."""
    hosts = [v for k, v in scope.get("headers", []) if k == b"host"]
    return hosts[0].decode("latin-1") if len(hosts) == 1 else None


def cookie_header(scope: Scope) -> str:
    """A request's cookies as one ``Cookie`` header (a client may send several)."""
    return "; ".join(v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"cookie")


async def refuse(kind: str, send: Send, text: bytes) -> None:
    """Refuse a request before the app sees it: an HTTP one with a 403 whose body is
    ``text``, a WebSocket by closing it before accepting (the client gets a 403)."""
    if kind == "websocket":
        await send({"type": "websocket.close", "code": POLICY_VIOLATION})
        return
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    headers.append((b"content-length", str(len(text)).encode()))
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": text})


class HostCheck:
    """ASGI middleware: a request (HTTP or WebSocket) whose Host is not allowed is
    refused before the app sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket") or is_allowed(host_header(scope), allowed_names()):
            await self.app(scope, receive, send)
            return
        await refuse(kind, send, REFUSED)
