"""Everything kept for a practice, as JSON (``practice show --format json``)."""

from __future__ import annotations

import base64
import json
from datetime import date

from workspace_fixtures import ACME, PLAN_IDS, YEAR, plan_year

from optimizer.workspace import (
    EvidenceFile,
    ProgressChange,
    ProgressStatus,
    add_evidence,
    attest_year,
    mark_progress,
    practice_to_dict,
)


def _kept(ws) -> None:  # type: ignore[no-untyped-def]
    change = ProgressChange(
        status=ProgressStatus.DONE, start=date(2026, 2, 1), end=date(2026, 5, 31), owner="Dr Lee"
    )
    mark_progress(ws, ACME, YEAR, "IA_BE_27", change)
    mark_progress(ws, ACME, YEAR, "IA_PSPA_23", change)
    add_evidence(ws, ACME, YEAR, "IA_BE_27", "minutes", EvidenceFile("m.pdf", b"%PDF-1"))
    attest_year(ws, ACME, YEAR, date(2027, 1, 15))


def test_the_json_holds_profile_years_progress_evidence_and_attestations(ws, acme) -> None:
    """Every part kept is there, and the whole is plain JSON."""
    _kept(ws)

    data = json.loads(json.dumps(practice_to_dict(ws, ACME)))

    assert ["practice", "years", "attestations"] == list(data)
    assert ("Acme Clinic", "123456789", 6) == tuple(
        data["practice"][k] for k in ("name", "tin", "clinicians")
    )
    (year,) = data["years"]
    assert {"scenario", "plan", "progress", "planned_on", "history_files", "inventory"} <= set(year)
    assert list(PLAN_IDS) == [p["activity_id"] for p in year["progress"]]
    epa = year["progress"][0]
    assert ("done", "2026-02-01", "2026-05-31", "Dr Lee") == (
        epa["status"],
        epa["start"],
        epa["end"],
        epa["owner"],
    )
    assert [("IA_BE_27", "attested"), ("IA_PSPA_23", "attested")] == [
        (a["activity_id"], a["source"]) for a in data["attestations"]
    ]


def test_evidence_files_come_back_byte_for_byte(ws, acme) -> None:
    """A file's bytes are in the JSON as base64, with its SHA-256."""
    _kept(ws)

    (evidence,) = practice_to_dict(ws, ACME)["years"][0]["progress"][0]["evidence"]

    assert b"%PDF-1" == base64.b64decode(evidence["content_base64"])
    assert ("minutes", "m.pdf", 6) == (evidence["note"], evidence["file_name"], evidence["size"])


def test_files_can_be_left_out(ws, acme) -> None:
    """--no-files keeps each file's name, size and hash but not its bytes."""
    _kept(ws)

    (evidence,) = practice_to_dict(ws, ACME, files=False)["years"][0]["progress"][0]["evidence"]

    assert "content_base64" not in evidence
    assert 64 == len(evidence["sha256"])


def test_a_year_asked_for_limits_the_plans_not_the_attestations(ws, acme) -> None:
    """--year shows that year's plan; attestations of every year stay (they are history)."""
    plan_year(ws, 2025)

    data = practice_to_dict(ws, ACME, 2025)

    assert [2025] == [y["year"] for y in data["years"]]
