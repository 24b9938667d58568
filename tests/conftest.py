"""Shared fixtures: tiny inventories built in code, and CMS's reference data
(../shared/cms beside the project), which tests skip cleanly when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.model import Activity, Inventory, Weight

# Workspace databases: SQLite and a throwaway PostgreSQL server, and a workspace of
# its own for every test (never the person's own).
pytest_plugins = ["workspace_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
CMS_DIR = ROOT.parent / "shared" / "cms"


@pytest.fixture
def cms_dir() -> Path:
    """CMS's public reference data; the test is skipped where it is not present."""
    if not (CMS_DIR / "ia").is_dir():
        pytest.skip("CMS reference data (../shared/cms) is not present")
    return CMS_DIR


def make_inventory(year: int, *specs: tuple[str, str | None, float], **extra: dict) -> Inventory:
    """An inventory of (id, weight, effort) triples; ``extra`` adds fields per ID."""
    activities = []
    for activity_id, weight, effort in specs:
        fields = {
            "id": activity_id,
            "title": f"Activity {activity_id}",
            "subcategory": "Population Management",
            "weight": None if weight is None else Weight(weight),
            "effort": effort,
        }
        fields.update(extra.get(activity_id, {}))
        activities.append(Activity(**fields))
    return Inventory(year=year, activities=tuple(activities), source="test")
