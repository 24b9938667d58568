"""Served beyond this computer, the app needs sign-in: ``streamlit run`` on 0.0.0.0 (or
to another host name) without an ``[auth]`` section in the secrets exits with one line,
with one it starts; under a server whose address the app cannot know (``uvicorn
app:app --host 0.0.0.0``), a request from beyond loopback gets only the page that says
how to configure sign-in."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest

from optimizer.ui import serve_auth

ROOT = Path(__file__).resolve().parents[2]
READY_WITHIN_S = 90
SECRETS = """\
[auth]
redirect_uri = "http://ia.clinic.example:8501/oauth2callback"
cookie_secret = "a-long-random-string-that-signs-the-cookies"
client_id = "ia-planner"
client_secret = "not-a-real-secret"
server_metadata_url = "https://login.clinic.example/.well-known/openid-configuration"
"""
REFUSED_0000 = (
    "IA Planner will not serve on 0.0.0.0 without sign-in: add an [auth] section "
    "(redirect_uri, cookie_secret, client_id, client_secret, server_metadata_url) to "
    ".streamlit/secrets.toml, see docs/serving.md, or serve on localhost "
    "(--server.address localhost)."
)
PAGE = (
    "IA Planner is not served beyond this computer without sign-in: add an [auth] "
    "section to .streamlit/secrets.toml (see docs/serving.md), or serve on 127.0.0.1.\n"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def streamlit_run(folder: Path, *options: str) -> subprocess.Popen[str]:
    """``streamlit run app.py`` from ``folder`` (its secrets, none of the person's)."""
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.headless", "true", *options]
    env = {**os.environ, "HOME": str(folder), "IA_PLANNER_DB": str(folder / "workspace.db")}
    env.pop("STREAMLIT_SERVER_ADDRESS", None)
    return subprocess.Popen(
        command, cwd=folder, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize(
    ("options", "reached"),
    [
        (("--server.address", "0.0.0.0"), "0.0.0.0"),
        (("--server.address", "::"), "::"),
        (
            ("--server.address", "127.0.0.1", "--server.allowedHosts", "ia.clinic.example"),
            "ia.clinic.example",
        ),
    ],
    ids=["0.0.0.0", "::", "another-host-name"],
)
def test_streamlit_run_beyond_loopback_without_sign_in_exits_with_one_line(
    tmp_path: Path, options: tuple[str, ...], reached: str
) -> None:
    """The server stops before serving, saying how to configure sign-in."""
    proc = streamlit_run(tmp_path, *options, "--server.port", str(free_port()))
    try:
        _, stderr = proc.communicate(timeout=READY_WITHIN_S)
    finally:
        proc.kill()

    assert (serve_auth.REFUSED_EXIT, [REFUSED_0000.replace("0.0.0.0", reached)]) == (
        proc.returncode,
        stderr.splitlines(),
    )


def test_streamlit_run_with_a_partial_auth_section_names_what_it_lacks(tmp_path: Path) -> None:
    """On localhost too, an [auth] section without its provider's keys stops the server
    with one line naming the keys (nobody could sign in)."""
    (tmp_path / ".streamlit").mkdir()
    partial = "\n".join(line for line in SECRETS.splitlines() if "client" not in line)
    (tmp_path / ".streamlit" / "secrets.toml").write_text(partial + "\n")
    options = ("--server.address", "127.0.0.1", "--server.port", str(free_port()))
    proc = streamlit_run(tmp_path, *options)
    try:
        _, stderr = proc.communicate(timeout=READY_WITHIN_S)
    finally:
        proc.kill()

    assert (
        serve_auth.REFUSED_EXIT,
        [
            "IA Planner will not start. Sign-in is not set up: the [auth] section of "
            ".streamlit/secrets.toml lacks client_id, client_secret (see docs/serving.md), "
            "or remove the section to use the app without sign-in on this computer."
        ],
    ) == (proc.returncode, stderr.splitlines())


def test_streamlit_run_on_0000_with_sign_in_configured_starts(tmp_path: Path) -> None:
    """With an [auth] section in .streamlit/secrets.toml, 0.0.0.0 is served."""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(SECRETS)
    port = free_port()
    proc = streamlit_run(tmp_path, "--server.address", "0.0.0.0", "--server.port", str(port))
    status = None
    try:
        deadline = time.monotonic() + READY_WITHIN_S
        while status is None and proc.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as answer:
                    status = answer.status
            except OSError:
                time.sleep(0.3)
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=15)

    assert 200 == status, stderr


@pytest.mark.parametrize(
    ("address", "allowed", "reached"),
    [
        ("localhost", ("localhost", "127.0.0.1", "::1"), None),
        ("127.0.0.1", (), None),
        ("::1", ("[::1]",), None),
        ("127.0.0.2", (), None),
        ("", (), "0.0.0.0"),
        ("0.0.0.0", (), "0.0.0.0"),
        ("::", (), "::"),
        ("192.0.2.10", (), "192.0.2.10"),
        ("localhost", ("localhost", "ia.clinic.example"), "ia.clinic.example"),
        ("localhost", ("*",), "*"),
    ],
    ids=[
        "project-config",
        "127.0.0.1",
        "ipv6",
        "127/8",
        "default",
        "0.0.0.0",
        "::",
        "lan-ip",
        "another-name",
        "any-name",
    ],
)
def test_what_serves_the_app_beyond_loopback(
    address: str, allowed: tuple[str, ...], reached: str | None
) -> None:
    """The address or host name that reaches beyond this computer (an empty address is
    Streamlit's default, 0.0.0.0)."""
    assert reached == serve_auth.beyond_loopback(address, allowed)


@pytest.mark.parametrize(
    ("auth", "missing"),
    [
        ({}, ("redirect_uri", "cookie_secret", "client_id", "client_secret")),
        ({"redirect_uri": "x", "client_id": "a"}, ("cookie_secret", "client_secret")),
        (
            {"redirect_uri": "x", "cookie_secret": "y", "okta": {"client_id": "a"}},
            ("okta.client_secret", "okta.server_metadata_url"),
        ),
    ],
    ids=["empty", "top-level", "named"],
)
def test_a_partial_auth_section_names_the_keys_it_lacks(
    auth: dict[str, Any], missing: tuple[str, ...]
) -> None:
    assert missing == serve_auth.auth_missing(auth)[: len(missing)]


@pytest.mark.parametrize(
    ("auth", "configured"),
    [
        ({}, False),
        ({"redirect_uri": "x", "cookie_secret": "y"}, False),
        (
            {"redirect_uri": "x", "client_id": "a", "client_secret": "b"}
            | {"server_metadata_url": "u"},
            False,
        ),
        (
            {"redirect_uri": "x", "cookie_secret": "y", "client_id": "a", "client_secret": "b"}
            | {"server_metadata_url": "u"},
            True,
        ),
        (
            {"redirect_uri": "x", "cookie_secret": "y"}
            | {"okta": {"client_id": "a", "client_secret": "b", "server_metadata_url": "u"}},
            True,
        ),
        (
            {"redirect_uri": "x", "cookie_secret": "y"}
            | {"okta": {"client_id": "a", "client_secret": "b"}},
            False,
        ),
    ],
    ids=["empty", "no-provider", "no-cookie-secret", "default", "named", "no-discovery"],
)
def test_sign_in_is_configured_by_an_auth_section_st_login_can_use(
    auth: dict[str, Any], configured: bool
) -> None:
    assert configured == serve_auth.sign_in_configured(auth)


def _serve(scope: dict[str, Any], configured: bool) -> list[MutableMapping[str, Any]]:
    """What ``SignInRequired`` sends for ``scope``, with sign-in configured or not."""
    sent: list[MutableMapping[str, Any]] = []
    passed: list[bool] = []

    async def app(*_: object) -> None:
        passed.append(True)

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    middleware = serve_auth.SignInRequired(app)
    middleware._configured = configured
    asyncio.run(middleware(scope, receive, send))
    return [{"type": "passed"}] if passed else sent


def _scope(kind: str, server: str, client: str, host: str) -> dict[str, Any]:
    headers = [(b"host", host.encode())]
    return {"type": kind, "server": (server, 8501), "client": (client, 5000), "headers": headers}


OUTSIDE = [
    pytest.param("192.0.2.1", "192.0.2.7", "192.0.2.7", "192.0.2.1:8501", id="lan-address"),
    pytest.param("127.0.0.1", "203.0.113.9", "127.0.0.1", "localhost:8501", id="forwarded-for"),
    pytest.param("127.0.0.1", "127.0.0.1", "127.0.0.1", "ia.clinic.example", id="host-name"),
]


@pytest.mark.parametrize(("server", "client", "_", "host"), OUTSIDE)
def test_without_sign_in_a_request_from_outside_gets_only_the_page(
    server: str, client: str, _: str, host: str
) -> None:
    """An HTTP request is answered 403 with the page; nothing reaches the app."""
    sent = _serve(_scope("http", server, client, host), configured=False)

    assert (403, PAGE.encode()) == (sent[0]["status"], sent[1]["body"])


@pytest.mark.parametrize(("server", "client", "_", "host"), OUTSIDE)
def test_without_sign_in_a_websocket_from_outside_is_refused(
    server: str, client: str, _: str, host: str
) -> None:
    sent = _serve(_scope("websocket", server, client, host), configured=False)

    assert [{"type": "websocket.close", "code": 1008}] == sent


@pytest.mark.parametrize(
    ("server", "client", "host", "configured"),
    [
        ("127.0.0.1", "127.0.0.1", "localhost:8501", False),
        ("::1", "::1", "[::1]:8501", False),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.1", "127.0.0.1:8501", False),
        ("127.0.0.1", "127.0.0.1", "127.0.0.1:8501", False),
        ("192.0.2.1", "192.0.2.7", "ia.clinic.example", True),
    ],
    ids=["localhost", "ipv6-loopback", "ipv4-mapped", "127.0.0.1", "outside-with-sign-in"],
)
def test_a_loopback_request_or_one_with_sign_in_reaches_the_app(
    server: str, client: str, host: str, configured: bool
) -> None:
    assert [{"type": "passed"}] == _serve(_scope("http", server, client, host), configured)
