"""Planning a practice-year keeps the plan, its scenario and every activity's
progress; attestations of earlier years are its history, so frequency limits
apply by themselves; planning again loses nothing."""

from __future__ import annotations

from datetime import date

import pytest
from workspace_fixtures import ACME, PLAN_IDS, PLANNED_ON, YEAR, plan_year

from optimizer.errors import PlannerError, StaleWriteError
from optimizer.model import Attestation, PlanStatus, SpecialStatus
from optimizer.workspace import (
    EvidenceFile,
    PlanRequest,
    ProgressChange,
    ProgressStatus,
    add_evidence,
    attest_year,
    get_practice_year,
    mark_progress,
    plan_practice_year,
)
from optimizer.workspace import plans as plans_module


def test_the_plan_and_its_scenario_are_kept(ws, acme) -> None:
    """Status, points, the day it was made and the scenario come back as saved."""
    kept = get_practice_year(ws, ACME, YEAR)

    assert (PlanStatus.OPTIMAL, 40, PLANNED_ON) == (kept.status, kept.points, kept.planned_on)
    assert (YEAR, 6) == (kept.scenario.year, kept.scenario.clinicians)
    assert list(PLAN_IDS) == [a["id"] for a in kept.plan["activities"]]


def test_each_planned_activity_is_tracked_from_planned(ws, acme) -> None:
    """Every activity of the plan starts as planned, with its period and last start."""
    rows = [
        (p.activity_id, p.status, p.period_days, p.last_start, p.in_plan) for p in acme.progress
    ]

    expected = [(i, ProgressStatus.PLANNED, 90, date(2026, 10, 3), True) for i in PLAN_IDS]
    assert expected == rows


def _attest(ws, activity: str, year: int) -> None:
    """Mark every activity of the year's plan (``activity`` among them) done, and attest."""
    planned = [p.activity_id for p in get_practice_year(ws, ACME, year).progress]
    assert activity in planned
    done = ProgressChange(status=ProgressStatus.DONE, start=date(year, 2, 1), end=date(year, 5, 31))
    for activity_id in planned:
        mark_progress(ws, ACME, year, activity_id, done)
    attest_year(ws, ACME, year, date(year + 1, 1, 10))


def test_an_attestation_of_an_earlier_year_keeps_a_limited_activity_out(ws, acme) -> None:
    """IA_PSPA_23 (once every 4 years) attested for 2025 is left out of the 2026 plan."""
    plan_year(ws, 2025)
    _attest(ws, "IA_PSPA_23", 2025)

    again = plan_year(ws, 2026)

    assert Attestation("IA_PSPA_23", 2025) in again.scenario.history
    assert "IA_PSPA_23" not in [a["id"] for a in again.plan["activities"]]
    assert "IA_PSPA_23" in [e["id"] for e in again.plan["excluded"]]


def test_a_later_attestation_is_not_history(ws, acme) -> None:
    """Only years before the one planned count: 2026's attestation does not limit 2025."""
    _attest(ws, "IA_PSPA_23", 2026)

    earlier = plan_year(ws, 2025)

    assert () == earlier.scenario.history


def test_history_file_rows_are_added_and_remembered(ws, acme) -> None:
    """A --history file's rows join the database's own and stay for the next re-plan."""
    request = PlanRequest(year=YEAR, as_of=PLANNED_ON, history=(Attestation("IA_PSPA_23", 2024),))
    plan_practice_year(ws, ACME, request)

    again = plan_year(ws)

    assert (Attestation("IA_PSPA_23", 2024),) == again.scenario.history


def test_planning_again_starts_from_the_saved_choices(ws, acme) -> None:
    """An option given once (an APM) stays when the year is planned again with another."""
    plan_year(ws, apm=True)

    again = plan_year(ws, exclude="IA_BE_27")

    assert (True, frozenset({"IA_BE_27"})) == (again.scenario.apm, again.scenario.exclude)


def test_planning_again_keeps_progress_and_evidence_of_every_activity(ws, acme) -> None:
    """An activity the new plan leaves out keeps its status and evidence, marked not in
    the plan; the one still planned keeps its dates."""
    start = ProgressChange(status=ProgressStatus.RUNNING, start=date(2026, 2, 1))
    mark_progress(ws, ACME, YEAR, "IA_PSPA_23", start)
    mark_progress(ws, ACME, YEAR, "IA_BE_27", start)
    add_evidence(ws, ACME, YEAR, "IA_BE_27", "leaflets", EvidenceFile("c.pdf", b"%PDF"))

    again = plan_year(ws, statuses="small-practice")  # 40 points for one activity

    kept = {p.activity_id: (p.in_plan, p.status, p.start, len(p.evidence)) for p in again.progress}
    assert {
        "IA_BE_27": (False, ProgressStatus.RUNNING, date(2026, 2, 1), 1),
        "IA_PSPA_23": (True, ProgressStatus.RUNNING, date(2026, 2, 1), 0),
    } == kept
    assert frozenset({SpecialStatus.SMALL_PRACTICE}) == again.scenario.statuses


def test_a_plan_saved_meanwhile_is_not_overwritten(ws, acme, monkeypatch) -> None:
    """If someone saves the year while this plan is being made, this save is refused."""
    original = plans_module.plan

    def someone_saves_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(plans_module, "plan", original)
        plan_year(ws, apm=True)
        return original(*args, **kwargs)

    monkeypatch.setattr(plans_module, "plan", someone_saves_first)

    with pytest.raises(StaleWriteError) as caught:
        plan_year(ws, pcmh=True)

    assert (
        f"the {YEAR} plan of '{ACME}' was saved by someone else while this one was being made: "
        "run it again to plan from theirs" == str(caught.value)
    )
    kept = get_practice_year(ws, ACME, YEAR).scenario
    assert (True, False) == (kept.apm, kept.pcmh)


def test_a_bad_option_changes_nothing_kept(ws, acme) -> None:
    """A refused option leaves the saved plan exactly as it was."""
    before = get_practice_year(ws, ACME, YEAR)

    with pytest.raises(PlannerError) as caught:
        plan_year(ws, clinicians="none")

    assert "'clinicians' must be a whole number >= 1, got 'none'" == str(caught.value)
    assert before == get_practice_year(ws, ACME, YEAR)
