"""With sign-in on, Streamlit's files (``/media/<id>``: audit packs, evidence,
calendars) go only to a request with a signed-in person's cookie."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path

from streamlit.web.server.starlette.starlette_app_utils import create_signed_value
from test_serving_refusal import READY_WITHIN_S, SECRETS, free_port, streamlit_run

from optimizer.ui.media_sign_in import PAGE, signed_in
from optimizer.ui.serve_cookies import USER_COOKIE

SECRET = "a-long-random-string-that-signs-the-cookies"
"""The cookie_secret of ``SECRETS``."""
ALICE = {"is_logged_in": True, "sub": "alice-sub", "email": "alice@acme.test"}


def _cookie(user: dict[str, object], secret: str = SECRET) -> str:
    value = create_signed_value(secret, USER_COOKIE, json.dumps(user)).decode()
    return f"{USER_COOKIE}={value}"


def _get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def test_a_cookie_signed_with_the_secret_is_a_sign_in() -> None:
    """Only a cookie signed with the server's secret and saying signed-in counts."""
    assert (True, False, False, False) == (
        signed_in(_cookie(ALICE), SECRET),
        signed_in(_cookie(ALICE, "another-secret"), SECRET),
        signed_in(_cookie({**ALICE, "is_logged_in": False}), SECRET),
        signed_in("", SECRET),
    )


def test_media_needs_a_sign_in_cookie_when_sign_in_is_on(tmp_path: Path) -> None:
    """A server with [auth]: /media/<id> without a sign-in gets the 403 page; with
    one, the request reaches Streamlit (404: no such file), as does its health check."""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(SECRETS)
    port = free_port()
    proc = streamlit_run(tmp_path, "--server.address", "127.0.0.1", "--server.port", str(port))
    try:
        deadline = time.monotonic() + READY_WITHIN_S
        health = 0
        while health != 200 and proc.poll() is None and time.monotonic() < deadline:
            try:
                health = _get(port, "/_stcore/health")[0]
            except OSError:
                time.sleep(0.3)
        anonymous = _get(port, "/media/0123abcd.zip")
        forged = _get(port, "/media/0123abcd.zip", _cookie(ALICE, "not-the-secret"))
        alice = _get(port, "/media/0123abcd.zip", _cookie(ALICE))[0]
    finally:
        proc.terminate()
        proc.communicate(timeout=15)

    assert 200 == health
    assert ((403, PAGE), (403, PAGE), 404) == (anonymous, forged, alice)
