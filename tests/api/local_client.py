"""A TestClient that calls the API from this computer, as a local script does (the
planning routes need no token there)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from starlette.applications import Starlette

from optimizer.api.service import api_mount

LOCAL = ("127.0.0.1", 50000)


def local_client(**kwargs: object) -> TestClient:
    """The API alone, mounted under /api, called from 127.0.0.1."""
    app = Starlette(routes=[api_mount(**kwargs)])  # type: ignore[arg-type]
    return TestClient(app, base_url="http://127.0.0.1", client=LOCAL)
