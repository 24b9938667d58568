"""The planning routes of the HTTP API (/api/v1), through Starlette's TestClient."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from local_client import local_client

from optimizer.api.planning_routes import QUICK_ENTRIES, plans_on_the_loop
from optimizer.api.schemas import PlanRequest
from optimizer.planning.year_ahead import plannable_years

AS_OF = "2025-02-01"


@pytest.fixture
def client() -> TestClient:
    return local_client()


def test_years_lists_every_plannable_year_and_marks_the_carried_one(client):
    """GET /years: every year the planner can plan; only the one past the lists is provisional."""
    years = client.get("/api/v1/years").json()["years"]
    assert list(plannable_years()) == [y["year"] for y in years]
    assert [False] * (len(years) - 1) + [True] == [y["provisional"] for y in years]
    assert years[-2]["year"] == years[-1]["list_from"]


def test_activities_give_the_project_facts_of_one_activity(client):
    """GET /years/2025/activities: IA_AHE_1's points, period, estimate and guidance."""
    body = client.get("/api/v1/years/2025/activities").json()
    first = next(a for a in body["activities"] if a["id"] == "IA_AHE_1")
    assert (2025, False) == (body["year"], body["provisional"])
    assert (20, 40, 90) == (first["points"], first["special_status_points"], first["period_days"])
    assert first["practice_hours"] + first["per_clinician_hours"] == first["effort_hours"]
    assert first["what_to_do"]
    assert first["evidence_to_keep"]


def test_activities_name_a_conditional_activity_selector(client):
    """IA_BE_3 needs the QIN-QIO's agreement: the listing says who selects."""
    body = client.get("/api/v1/years/2025/activities").json()
    listed = {a["id"]: a for a in body["activities"]}
    assert "QIN-QIO (CMS contractor)" == listed["IA_BE_3"]["conditional"]
    assert listed["IA_AHE_1"]["conditional"] is None


def test_activities_of_an_unknown_year_are_a_422_naming_the_year(client):
    """A year the planner cannot plan is refused, naming the path parameter."""
    response = client.get("/api/v1/years/2010/activities")
    assert 422 == response.status_code
    [problem] = response.json()["detail"]
    assert ["path", "py"] == problem["loc"]
    assert problem["msg"].startswith("PY2010 cannot be planned; the years are 2017, 2018")


def test_plan_is_the_cli_json(client, capsys):
    """POST /plan answers what `mips-ia plan --format json` prints for the same scenario."""
    from optimizer.cli.mips_ia import main

    main(["plan", "--year", "2025", "--status", "rural", "--as-of", AS_OF, "--format", "json"])
    expected = json.loads(capsys.readouterr().out)
    body = {"scenario": {"year": 2025, "statuses": ["rural"]}, "as_of": AS_OF}
    assert expected == client.post("/api/v1/plan", json=body).json()


def test_plan_gives_alternatives_on_request(client):
    """`alternatives: 2` adds the next-cheapest plans and each activity's replacement."""
    body = {"scenario": {"year": 2025}, "as_of": AS_OF}
    plain = client.post("/api/v1/plan", json=body).json()
    more = client.post("/api/v1/plan", json={**body, "alternatives": 2}).json()
    assert "alternatives" not in plain
    assert 2 == len(more["alternatives"])
    assert plain["activities"] == more["activities"]
    assert len(more["replacements"]) == len(more["activities"])


def test_an_infeasible_scenario_is_200_with_the_reasons(client):
    """Past the last start, no plan fits: 200, status infeasible, and why."""
    body = {"scenario": {"year": 2025}, "as_of": "2025-12-01"}
    response = client.post("/api/v1/plan", json=body)
    assert 200 == response.status_code
    assert "infeasible" == response.json()["status"]
    assert response.json()["reasons"]


def test_a_plan_without_a_year_plans_the_open_one(client):
    """No `year`: the year whose activities can still start on `as_of` (as the CLI)."""
    body = {"scenario": {}, "as_of": "2025-11-15"}
    assert 2026 == client.post("/api/v1/plan", json=body).json()["year"]


def test_history_efforts_and_roster_are_read_as_json(client):
    """Past attestations, one effort and a roster arrive as JSON and change the plan."""
    base = {"year": 2025, "reporting": "group", "clinicians": 2}
    plain = client.post("/api/v1/plan", json={"scenario": base, "as_of": AS_OF}).json()
    chosen = plain["activities"][0]["id"]
    changed = {
        **base,
        "efforts": {chosen: 500},
        "history": [{"activity_id": "IA_PSPA_4", "year": 2024}],
        "roster": [
            {"id": "Dr Lee", "cannot": [chosen]},
            {"id": "Dr Kim", "efforts": {chosen: 9}, "statuses": ["rural"]},
        ],
    }
    again = client.post("/api/v1/plan", json={"scenario": changed, "as_of": AS_OF}).json()
    assert "optimal" == again["status"]
    assert chosen not in [a["id"] for a in again["activities"]]


def test_roadmap_is_the_cli_json(client, capsys):
    """POST /roadmap answers what `mips-ia roadmap --format json` prints."""
    from optimizer.cli.mips_ia import main

    main(["roadmap", "--years", "2025-2027", "--as-of", AS_OF, "--format", "json"])
    expected = json.loads(capsys.readouterr().out)
    body = {"scenario": {"year": 2025}, "last_year": 2027, "as_of": AS_OF}
    assert expected == client.post("/api/v1/roadmap", json=body).json()


def test_roadmap_status_in_a_year_is_that_years_status(client):
    """`status_in` makes the practice rural in 2026 only: that year needs fewer activities."""
    body = {"scenario": {"year": 2025}, "last_year": 2026, "as_of": AS_OF}
    rural = {**body, "status_in": [{"year": 2026, "statuses": ["rural"]}]}
    years = client.post("/api/v1/roadmap", json=rural).json()["years"]
    plain = client.post("/api/v1/roadmap", json=body).json()["years"]
    assert ([], ["rural"]) == (years[0]["statuses"], years[1]["statuses"])
    assert len(years[1]["activities"]) < len(plain[1]["activities"])


def test_roadmap_span_too_long_is_a_422_on_last_year(client):
    """A span of more than 10 years is refused, naming `last_year`."""
    body = {"scenario": {"year": 2017}, "last_year": 2027, "as_of": AS_OF}
    response = client.post("/api/v1/roadmap", json=body)
    assert 422 == response.status_code
    assert ["body", "last_year"] == response.json()["detail"][0]["loc"]


def test_what_if_flips_each_status_and_credit(client):
    """POST /what-if: the scenario as entered first, then each status or credit flipped."""
    body = {"scenario": {"year": 2025}, "as_of": AS_OF}
    rows = client.post("/api/v1/what-if", json=body).json()["rows"]
    assert "as entered" == rows[0]["label"]
    assert 0 == rows[0]["effort_change"]
    assert any(r["label"] == "with rural" for r in rows)
    assert "optimal" == rows[0]["plan"]["status"]


def test_a_small_automatic_plan_is_made_on_the_loop_and_any_other_in_a_thread():
    """On the event loop: no roster, no alternatives, the automatic solver and at most
    QUICK_ENTRIES entries in the lists (a large history is read in a thread)."""
    year = {"year": 2025}
    small = {"scenario": {**year, "history": [{"activity_id": "IA_EPA_1", "year": 2020}]}}
    history = [{"activity_id": "IA_EPA_1", "year": 2020}] * (QUICK_ENTRIES + 1)
    roster = [{"id": "1234567893"}]
    bodies = {
        "small": small,
        "roster": {"scenario": {**year, "roster": roster}},
        "alternatives": {"scenario": year, "alternatives": 2},
        "solver": {"scenario": year, "solver": "highs"},
        "history": {"scenario": {**year, "history": history}},
    }
    on_loop = {k for k, b in bodies.items() if plans_on_the_loop(PlanRequest.model_validate(b))}
    assert {"small"} == on_loop
