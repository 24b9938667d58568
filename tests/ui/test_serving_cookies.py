"""The cookies the server sets: Streamlit's sign-in cookie (set by Streamlit's own code)
and the app's browser mark come out HttpOnly, SameSite, with the session's Max-Age for
a sign-in, and Secure over HTTPS, directly or through a proxy uvicorn trusts; a sign-in
older than the session reaches Streamlit without its cookie."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import itsdangerous.timed
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket
from streamlit import config
from streamlit.web.server.starlette import starlette_auth_routes
from streamlit.web.server.starlette.starlette_app_utils import create_signed_value
from test_browser import free_port, wait_until_healthy
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection
from websockets.typing import Subprotocol

from optimizer.ui import serve_cookies
from optimizer.ui.first_visit import BrowserMark
from optimizer.ui.serve_cookies import CookieFlags, SessionSettingError, session_max_age_s

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-long-random-string-that-signs-the-cookies"
USER = '{"email": "ana@clinic.example", "is_logged_in": true, "origin": "http://testserver"}'


@pytest.fixture(autouse=True)
def _cookie_secret(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Streamlit signs its cookies with ``server.cookieSecret`` (no secrets file here)."""
    monkeypatch.delenv(serve_cookies.SESSION_ENV, raising=False)
    before = config.get_option("server.cookieSecret")
    config.set_option("server.cookieSecret", SECRET)
    yield
    config.set_option("server.cookieSecret", before)


async def sign_in(_: Request) -> Response:
    """What Streamlit's /oauth2callback answers: its own code sets the cookie."""
    response = PlainTextResponse("signed in")
    starlette_auth_routes._set_single_cookie(response, "_streamlit_user", USER)
    return response


async def sign_out(_: Request) -> Response:
    response = PlainTextResponse("signed out")
    response.delete_cookie("_streamlit_user", path="/")
    return response


async def xsrf(_: Request) -> Response:
    response = PlainTextResponse("token")
    response.set_cookie("_streamlit_xsrf", "2|ab|cd|1", samesite="lax")
    return response


async def cookies_seen(request: Request) -> Response:
    return JSONResponse(sorted(request.cookies))


async def connect(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json(sorted(websocket.cookies))
    await websocket.close()


ROUTES = [
    Route("/oauth2callback", sign_in),
    Route("/auth/logout", sign_out),
    Route("/xsrf", xsrf),
    Route("/cookies", cookies_seen),
    WebSocketRoute("/_stcore/stream", connect),
]


def client(
    base_url: str = "http://testserver", proxy_trusted: str | None = None, **kwargs: object
) -> TestClient:
    """The routes behind ``BrowserMark`` and ``CookieFlags`` (as in ``app.py``), and
    uvicorn's proxy-header handling trusting ``proxy_trusted`` when given."""
    app = CookieFlags(BrowserMark(Starlette(routes=ROUTES)))
    served = app if proxy_trusted is None else ProxyHeadersMiddleware(app, proxy_trusted)
    return TestClient(served, base_url=base_url, **kwargs)  # type: ignore[arg-type]


def set_cookie(response: Response | object) -> str:
    return str(response.headers["set-cookie"])  # type: ignore[attr-defined]


def attributes(header: str) -> list[str]:
    return sorted(p.strip() for p in header.split(";")[1:])


def test_streamlits_sign_in_cookie_is_httponly_lax_with_the_sessions_max_age() -> None:
    """Over plain HTTP (localhost): no Secure, and 8 hours instead of Streamlit's 30 days."""
    header = set_cookie(client().get("/oauth2callback"))

    assert ["HttpOnly", "Max-Age=28800", "Path=/", "SameSite=lax"] == attributes(header)


def test_the_session_length_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(serve_cookies.SESSION_ENV, "1.5")

    header = set_cookie(client().get("/oauth2callback"))

    assert "Max-Age=5400" in attributes(header)


def test_over_https_the_sign_in_cookie_is_secure() -> None:
    header = set_cookie(client(base_url="https://ia.clinic.example").get("/oauth2callback"))

    assert ["HttpOnly", "Max-Age=28800", "Path=/", "SameSite=lax", "Secure"] == attributes(header)


@pytest.mark.parametrize(
    ("peer", "secure"),
    [(("127.0.0.1", 40000), True), (("192.0.2.50", 40000), False)],
    ids=["trusted-proxy", "untrusted-peer"],
)
def test_x_forwarded_proto_https_makes_it_secure_only_from_a_trusted_proxy(
    peer: tuple[str, int], secure: bool
) -> None:
    """uvicorn trusts 127.0.0.1 by default (``FORWARDED_ALLOW_IPS``); anyone else's
    header is ignored."""
    served = client(proxy_trusted="127.0.0.1", client=peer)

    header = set_cookie(served.get("/oauth2callback", headers={"X-Forwarded-Proto": "https"}))

    assert secure == ("Secure" in attributes(header))


def test_signing_out_still_deletes_the_cookie() -> None:
    """A deletion keeps its Max-Age=0: the session length is not put on it."""
    header = set_cookie(client().get("/auth/logout"))

    assert "Max-Age=0" in attributes(header)
    assert "Max-Age=28800" not in attributes(header)


def test_the_xsrf_token_stays_readable_by_streamlits_front_end() -> None:
    """Streamlit's front end reads it to send it back with an upload: no HttpOnly."""
    header = set_cookie(client().get("/xsrf"))

    assert ["Path=/", "SameSite=lax"] == attributes(header)


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("http://testserver", ["HttpOnly", "Max-Age=2592000", "Path=/", "SameSite=Strict"]),
        (
            "https://ia.clinic.example",
            ["HttpOnly", "Max-Age=2592000", "Path=/", "SameSite=Strict", "Secure"],
        ),
    ],
    ids=["http", "https"],
)
def test_the_browser_mark_is_httponly_samesite_and_secure_over_https(
    base_url: str, expected: list[str]
) -> None:
    """The app's own cookie, set as Streamlit's WebSocket is accepted."""
    ws_url = base_url.replace("http", "ws", 1) + "/_stcore/stream"
    with client(base_url=base_url).websocket_connect(ws_url) as ws:
        ws.receive_json()
        header = dict(ws.extra_headers)[b"set-cookie"].decode()  # type: ignore[attr-defined]

    assert expected == attributes(header)


def signed_user_cookie(hours_ago: float) -> str:
    """Streamlit's user cookie as its sign-in made it ``hours_ago``."""
    then = time.time() - hours_ago * 3600
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(itsdangerous.timed.time, "time", lambda: then)
        return create_signed_value(SECRET, "_streamlit_user", USER).decode()


@pytest.mark.parametrize(
    ("hours_ago", "seen"),
    [
        (1, ["_streamlit_user", "_streamlit_user_tokens", "ia_planner_seen"]),
        (9, ["ia_planner_seen"]),
    ],
    ids=["1h-old", "9h-old"],
)
def test_a_sign_in_older_than_the_session_reaches_the_app_without_its_cookies(
    hours_ago: float, seen: list[str]
) -> None:
    """Past 8 hours, Streamlit sees no signed-in person: it asks to sign in again."""
    cookies = {
        "_streamlit_user": signed_user_cookie(hours_ago),
        "_streamlit_user_tokens": "tokens",
        "ia_planner_seen": "1",
    }
    served = client(cookies=cookies)

    with served.websocket_connect("/_stcore/stream") as ws:
        on_websocket = ws.receive_json()
    on_http = served.get("/cookies").json()

    assert (seen, seen) == (on_websocket, on_http)


def test_a_cookie_that_does_not_verify_is_left_to_streamlit() -> None:
    """Streamlit ignores (and clears) a cookie with a bad signature itself."""
    served = client(cookies={"_streamlit_user": "forged.value.sig"})

    assert ["_streamlit_user"] == served.get("/cookies").json()


@pytest.mark.parametrize(
    ("value", "seconds"), [("", 28800), ("2", 7200), (" 0.5 ", 1800)], ids=["default", "2", "0.5"]
)
def test_the_session_length_is_read_in_hours(value: str, seconds: int) -> None:
    assert seconds == session_max_age_s({serve_cookies.SESSION_ENV: value})


@pytest.mark.parametrize("value", ["lots", "0", "1000", "nan"])
def test_a_session_length_that_is_not_hours_is_refused_in_words(value: str) -> None:
    with pytest.raises(SessionSettingError) as caught:
        session_max_age_s({serve_cookies.SESSION_ENV: value})

    expected = f"IA_PLANNER_SESSION_HOURS must be a number of hours from 0.1 to 720, got '{value}'"
    assert expected == str(caught.value)


def until_closed(connection: ClientConnection) -> ConnectionClosed:
    """What ends ``connection``: its messages are read and dropped until then."""
    while True:
        try:
            connection.recv(timeout=30)
        except ConnectionClosed as closed:
            return closed


@dataclass(frozen=True)
class Served:
    port: int
    log: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A real ``streamlit run app.py`` on loopback whose sign-ins last 0.1 hours (6
    minutes), with a known cookie secret; always stopped."""
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    command += ["--server.port", str(port)]
    env = {**os.environ, serve_cookies.SESSION_ENV: "0.1", "HOME": str(folder)}
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = SECRET
    env["IA_PLANNER_DB"] = str(folder / "workspace.db")
    log = folder / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", proc, log)
        yield Served(port, log)
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def page(served: Served, *, hours_ago: float | None = None, **headers: str) -> ClientConnection:
    """A page's WebSocket to ``served``, signed in ``hours_ago`` when given."""
    from websockets.sync.client import connect

    headers["Origin"] = f"http://127.0.0.1:{served.port}"
    if hours_ago is not None:
        headers["Cookie"] = f"_streamlit_user={signed_user_cookie(hours_ago)}"
    url = f"ws://127.0.0.1:{served.port}/_stcore/stream"
    return connect(url, additional_headers=headers, subprotocols=[Subprotocol("streamlit")])


def test_an_open_page_is_disconnected_when_its_sign_in_ends(served: Served) -> None:
    """Of two WebSockets, the one whose sign-in ends in 2 to 3 s (its signature keeps
    whole seconds) is closed then, with the reason; one just signed in stays open."""
    with page(served, hours_ago=0) as fresh, page(served, hours_ago=0.1 - 3 / 3600) as ending:
        opened = time.monotonic()
        closed = until_closed(ending)
        closed_after_s = time.monotonic() - opened
        fresh.ping().wait(timeout=5)  # still open: it answers

    assert closed.rcvd is not None
    assert (1000, "The sign-in has ended: sign in again.") == (
        closed.rcvd.code,
        closed.rcvd.reason,
    )
    assert 1 < closed_after_s < 10
    assert "Traceback" not in served.log.read_text()


@pytest.mark.parametrize(
    ("headers", "secure"),
    [({}, False), ({"X-Forwarded-Proto": "https"}, True)],
    ids=["http", "proxy-says-https"],
)
def test_a_real_servers_cookies_are_secure_behind_a_trusted_https_proxy(
    served: Served, headers: dict[str, str], secure: bool
) -> None:
    """From 127.0.0.1 (a proxy uvicorn trusts): Streamlit's XSRF token (health check)
    and the app's browser mark (WebSocket) are Secure when the proxy says HTTPS."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{served.port}/_stcore/health", headers=headers
    )
    with urllib.request.urlopen(request) as answer:
        xsrf = answer.headers["set-cookie"]
    with page(served, **headers) as ws:
        assert ws.response is not None
        mark = ws.response.headers["set-cookie"]

    assert (xsrf.startswith("_streamlit_xsrf="), mark.startswith("ia_planner_seen=")) == (
        True,
        True,
    )
    assert (secure, secure) == ("Secure" in attributes(xsrf), "Secure" in attributes(mark))
    assert "HttpOnly" in attributes(mark)
