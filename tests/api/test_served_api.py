"""The API served by the app's own server (``streamlit run app.py``), over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from optimizer.cli.mips_ia import main
from tests.ui.test_browser import running_app

AS_OF = "2025-02-01"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log: Path = tmp_path_factory.mktemp("served") / "streamlit.log"
    with running_app(log) as url:
        yield url


def test_the_app_server_answers_a_plan_as_the_cli_prints_it(served, capsys):
    """POST /api/v1/plan on the running app gives the CLI's JSON for the same scenario."""
    main(["plan", "--year", "2025", "--status", "hpsa", "--as-of", AS_OF, "--format", "json"])
    expected = json.loads(capsys.readouterr().out)
    body = {"scenario": {"year": 2025, "statuses": ["hpsa"]}, "as_of": AS_OF}
    response = httpx2.post(f"{served}/api/v1/plan", json=body, timeout=60)
    assert 200 == response.status_code
    assert expected == response.json()


def test_the_app_server_serves_the_document_and_refuses_as_json(served):
    """The OpenAPI document and the docs page are served; a bad field is a JSON 422."""
    document = httpx2.get(f"{served}/api/v1/openapi.json", timeout=60).json()
    assert "/v1/plan" in document["paths"]
    assert 200 == httpx2.get(f"{served}/api/v1/docs", timeout=60).status_code
    bad = httpx2.post(f"{served}/api/v1/plan", json={"scenario": {"year": "x"}}, timeout=60)
    assert 422 == bad.status_code
    assert ["body", "scenario", "year"] == bad.json()["detail"][0]["loc"]


def test_the_app_server_refuses_a_foreign_host_on_the_api_too(served):
    """The app's Host check (DNS rebinding) guards the API as it guards the pages."""
    response = httpx2.get(f"{served}/api/v1/years", headers={"host": "evil.example"}, timeout=60)
    assert 403 == response.status_code


def test_the_app_server_answers_the_api_ahead_of_streamlits_stack(served):
    """A plan of 5 kB comes uncompressed to a client that accepts gzip, as the API
    answers it: Streamlit's own stack, which compresses from 500 bytes, is not on the
    way (``ApiFirst``); a year's activities (65 kB) come compressed by the API."""
    gzip = {"accept-encoding": "gzip"}
    body = {"scenario": {"year": 2025}, "as_of": AS_OF}
    plan = httpx2.post(f"{served}/api/v1/plan", json=body, headers=gzip, timeout=60)
    assert (200, None) == (plan.status_code, plan.headers.get("content-encoding"))
    activities = httpx2.get(f"{served}/api/v1/years/2025/activities", headers=gzip, timeout=60)
    assert "gzip" == activities.headers.get("content-encoding")
