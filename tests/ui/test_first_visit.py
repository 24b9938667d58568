"""The mark of a browser that has been to the app: the cookie comes with the answer to
a session's connection, once, and nothing else is touched."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

from optimizer.ui.first_visit import COOKIE, SET_COOKIE, BrowserMark

Message = MutableMapping[str, Any]


def answer(scope: dict[str, Any], first: Message) -> list[Message]:
    """What BrowserMark sends for ``scope`` when the app behind it sends ``first``."""
    sent: list[Message] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(first)
        await send({"type": "websocket.send", "text": "hello"})

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(BrowserMark(app)(scope, receive, send))
    return sent


def connection(*cookies: bytes) -> dict[str, Any]:
    headers = [(b"host", b"localhost")] + [(b"cookie", c) for c in cookies]
    return {"type": "websocket", "path": "/_stcore/stream", "headers": headers}


def test_a_first_connection_is_accepted_with_the_cookie() -> None:
    accept = {"type": "websocket.accept", "subprotocol": "streamlit", "headers": []}

    sent = answer(connection(b"_streamlit_xsrf=abc"), accept)

    assert [(b"set-cookie", SET_COOKIE)] == sent[0]["headers"]
    assert "streamlit" == sent[0]["subprotocol"]
    assert {"type": "websocket.send", "text": "hello"} == sent[1]
    assert SET_COOKIE.startswith(f"{COOKIE}=".encode())
    assert b"HttpOnly" in SET_COOKIE


def test_a_browser_that_has_the_cookie_gets_no_new_one() -> None:
    accept = {"type": "websocket.accept", "headers": []}

    sent = answer(connection(f"a=1; {COOKIE}=1".encode()), accept)

    assert [] == sent[0]["headers"]


def test_pages_and_files_pass_untouched() -> None:
    start = {"type": "http.response.start", "status": 200, "headers": [(b"a", b"b")]}

    sent = answer({"type": "http", "path": "/static/js/index.js", "headers": []}, start)

    assert start == sent[0]
