"""Whether a browser comes to the app for the first time, so that it has yet to fetch
the code that draws Streamlit's elements (the planner waits longer before the rest of
its page then: ``pages/planner.py``).

The server marks a browser when its first session connects: the answer to the
connection sets a cookie (``BrowserMark``, a middleware of ``st.App`` in ``app.py``),
and every later session of that browser, a reload or a second tab, carries it
(``st.context.cookies``). The cookie holds no data: it only says "seen before". A
browser that refuses cookies is taken as new each time, which costs its page the
longer pause and nothing else.
"""

from __future__ import annotations

import streamlit as st
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from optimizer.ui.host_check import cookie_header

COOKIE = "ia_planner_seen"
MAX_AGE_S = 30 * 24 * 3600
"""A month: longer than a browser keeps a page's code when the app is not opened."""
SET_COOKIE = f"{COOKIE}=1; Max-Age={MAX_AGE_S}; Path=/; HttpOnly; SameSite=Strict".encode()


class BrowserMark:
    """ASGI middleware: a session's connection (Streamlit's websocket) is accepted with
    the cookie, when the browser did not send it already; everything else passes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket" or _has_cookie(scope):
            await self.app(scope, receive, send)
            return

        async def send_marked(message: Message) -> None:
            if message["type"] == "websocket.accept":
                headers = [*message.get("headers", []), (b"set-cookie", SET_COOKIE)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_marked)


def _has_cookie(scope: Scope) -> bool:
    return COOKIE in cookie_parser(cookie_header(scope))


def seen_before() -> bool:
    """Whether this session's browser has connected to the app before."""
    return COOKIE in st.context.cookies.to_dict()  # (AppTest answers "in" with True)
