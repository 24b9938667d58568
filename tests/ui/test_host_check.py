"""The server answers only to its own names (DNS rebinding): a request whose Host is
another name is refused with 403, a page as well as the WebSocket, on a real
``streamlit run app.py`` too."""

from __future__ import annotations

import asyncio
import base64
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from optimizer.ui import host_check
from optimizer.ui.host_check import LOOPBACK, HostCheck, allowed_names, is_allowed

ROOT = Path(__file__).resolve().parents[2]
READY_WITHIN_S = 90
FOREIGN = "rebind.example.org"


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("localhost:8501", True),
        ("LOCALHOST", True),
        ("127.0.0.1:8501", True),
        ("[::1]:8501", True),
        ("localhost.:8501", True),
        (f"{FOREIGN}:8501", False),
        ("localhost.rebind.example.org", False),
        ("localhost@rebind.example.org", False),
        ("localhost:8501/x", False),
        ("localhost:port", False),
        ("", False),
        (None, False),
    ],
)
def test_only_the_loopback_names_are_allowed(host: str | None, allowed: bool) -> None:
    assert allowed == is_allowed(host, LOOPBACK)


def test_a_wildcard_lets_in_subdomains_and_a_star_every_name() -> None:
    assert (True, False, True) == (
        is_allowed("app.clinic.org", ["*.clinic.org"]),
        is_allowed("clinic.org.evil", ["*.clinic.org"]),
        is_allowed(FOREIGN, ["*"]),
    )


@pytest.mark.parametrize(
    ("listed", "address", "names"),
    [
        (["localhost", "127.0.0.1", "::1"], "localhost", ("localhost", "127.0.0.1", "::1")),
        (["ia.clinic.org"], "0.0.0.0", ("ia.clinic.org",)),
        ([], "192.168.1.5", (*LOOPBACK, "192.168.1.5")),
        ([], "0.0.0.0", LOOPBACK),
    ],
    ids=["config-toml", "own-list", "emptied-with-address", "emptied-any-address"],
)
def test_the_names_are_server_allowed_hosts_else_loopback_and_the_address(
    monkeypatch: pytest.MonkeyPatch, listed: list[str], address: str, names: tuple[str, ...]
) -> None:
    options = {"server.allowedHosts": listed, "server.address": address}
    monkeypatch.setattr(host_check, "config", SimpleNamespace(get_option=options.__getitem__))
    assert names == allowed_names()


def _through_middleware(kind: str, host: str) -> tuple[list[MutableMapping[str, Any]], bool]:
    """What ``HostCheck`` sends for one request, and whether the app behind it ran."""
    reached: list[bool] = []
    sent: list[MutableMapping[str, Any]] = []

    async def behind(scope: Any, receive: Any, send: Any) -> None:
        reached.append(True)

    async def receive() -> MutableMapping[str, Any]:
        return {"type": f"{kind}.connect" if kind == "websocket" else "http.request"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": kind, "path": "/_stcore/stream", "headers": [(b"host", host.encode())]}
    asyncio.run(HostCheck(behind)(scope, receive, send))
    return sent, bool(reached)


def test_the_middleware_refuses_a_foreign_websocket_before_accepting_it() -> None:
    sent, reached = _through_middleware("websocket", f"{FOREIGN}:8501")
    assert ([{"type": "websocket.close", "code": 1008}], False) == (sent, reached)


def test_the_middleware_answers_a_foreign_page_with_403() -> None:
    sent, reached = _through_middleware("http", f"{FOREIGN}:8501")
    assert (403, False) == (sent[0]["status"], reached)


def test_the_middleware_lets_the_apps_own_name_through() -> None:
    assert ([], True) == _through_middleware("websocket", "localhost:8501")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status(port: int, host: str, path: str = "/") -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host})
        return conn.getresponse().status
    finally:
        conn.close()


def _handshake(port: int, host: str) -> str:
    """The status line the server answers a WebSocket handshake on Streamlit's stream."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Protocol: streamlit\r\nOrigin: http://{host}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request.encode())
        return conn.recv(4096).split(b"\r\n", 1)[0].decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """``streamlit run app.py`` with the project's config, on a free port of 127.0.0.1."""
    folder = tmp_path_factory.mktemp("server")
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1"]
    env = {**os.environ, "IA_PLANNER_DB": str(folder / "workspace.db")}
    log = folder / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + READY_WITHIN_S
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if _status(port, "localhost", "/_stcore/health") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail(f"the server did not start: {log.read_text()}")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_the_app_opens_by_its_own_names(server: int, host: str) -> None:
    assert (200, "HTTP/1.1 101 Switching Protocols") == (
        _status(server, f"{host}:{server}"),
        _handshake(server, f"{host}:{server}"),
    )


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/_stcore/host-config"])
def test_a_page_asked_for_by_another_name_is_refused(server: int, path: str) -> None:
    assert 403 == _status(server, f"{FOREIGN}:{server}", path)


def test_a_websocket_opened_by_another_name_is_refused(server: int) -> None:
    """A rebinding page's own origin is its name: same-origin, so only the Host tells."""
    assert _handshake(server, f"{FOREIGN}:{server}").startswith("HTTP/1.1 403")


def test_a_host_header_too_long_to_name_a_host_is_refused_and_not_kept():
    """The answers for Host headers are kept (every request asks); one of a megabyte
    names no host, is refused, and is kept nowhere, so headers cannot fill memory."""
    from optimizer.ui.serve_auth import _is_loopback, is_loopback

    before = (host_check._host_name.cache_info().currsize, _is_loopback.cache_info().currsize)
    for n in range(20):
        huge = f"{n}" + "a" * 1_000_000
        assert host_check.host_name(huge) is None
        assert not is_allowed(huge, ["*"])
        assert not is_loopback(huge)
    after = (host_check._host_name.cache_info().currsize, _is_loopback.cache_info().currsize)
    assert before == after
    assert "planner.example.org" == host_check.host_name("Planner.Example.org.:8501")
