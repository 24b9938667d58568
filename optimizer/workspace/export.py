"""Everything kept for a practice as plain JSON-ready data (``practice show --format
json``): its profile, each year's scenario, saved plan and inputs, every
activity's progress with its evidence (files as base64, unless left out), and
its attestations (a year of full credit from a status with no activity to attest is
listed with no activity: ``"activity_id": null, "credit_from_status": true``)."""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from optimizer.exports.scenario_json import record_to_dict
from optimizer.workspace.attestation_checks import STATUS_CREDIT
from optimizer.workspace.database import Workspace
from optimizer.workspace.practices import find_practice
from optimizer.workspace.records import practice_info, utc
from optimizer.workspace.tables import ActivityProgress, Evidence, PracticeYear


def _evidence(row: Evidence, files: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "note": row.note,
        "file_name": row.file_name,
        "media_type": row.media_type,
        "size": row.size,
        "sha256": row.sha256,
        "added_at": utc(row.added_at).isoformat(),
    }
    if files and row.content is not None:
        out["content_base64"] = base64.b64encode(row.content).decode("ascii")
    return out


def _progress(row: ActivityProgress, files: bool) -> dict[str, Any]:
    return {
        "activity_id": row.activity_id,
        "title": row.title,
        "in_plan": row.in_plan,
        "status": row.status,
        "start": None if row.start_date is None else row.start_date.isoformat(),
        "end": None if row.end_date is None else row.end_date.isoformat(),
        "owner": row.owner,
        "clinicians": list(row.clinicians),
        "period_days": row.period_days,
        "last_start": row.last_start.isoformat(),
        "version": row.version,
        "updated_at": utc(row.updated_at).isoformat(),
        "evidence": [_evidence(e, files) for e in row.evidence],
    }


def _year(row: PracticeYear, files: bool) -> dict[str, Any]:
    return {
        "year": row.year,
        "status": row.status,
        "points": row.points,
        "planned_on": row.planned_on.isoformat(),
        "solver": row.solver,
        "version": row.version,
        "updated_at": utc(row.updated_at).isoformat(),
        "scenario": row.scenario,
        "history_files": row.history_files,
        "inventory": row.inventory,
        "pairings": row.pairings,
        "plan": row.plan,
        "progress": [_progress(p, files) for p in row.progress],
    }


def practice_to_dict(
    ws: Workspace, name: str, year: int | None = None, *, files: bool = True
) -> dict[str, Any]:
    """Everything kept for ``name`` (only ``year``'s plan when given; every attestation,
    since they are the history of every year)."""
    with ws.read() as session:
        practice = find_practice(session, name, ws)
        info = practice_info(practice)
        query = select(PracticeYear).where(PracticeYear.practice_id == practice.id)
        if year is not None:
            query = query.where(PracticeYear.year == year)
        if files:
            session.scalars(  # one query loads every file of the practice
                select(Evidence)
                .join(ActivityProgress)
                .join(PracticeYear)
                .where(PracticeYear.practice_id == practice.id)
                .options(undefer(Evidence.content))
            ).all()
        years = session.scalars(query.order_by(PracticeYear.year)).all()
        return {
            "practice": {
                "name": info.name,
                "organization": info.organization,
                "tin": info.tin,
                "reporting": str(info.reporting),
                "clinicians": info.clinicians,
                "statuses": sorted(str(s) for s in info.statuses),
                "quality": list(info.quality),
                "efforts": dict(info.efforts),
                "roster": [record_to_dict(c) for c in info.roster],
                "created_at": info.created_at.isoformat(),
                "version": info.version,
            },
            "years": [_year(y, files) for y in years],
            "attestations": [
                {
                    "year": a.year,
                    "activity_id": None if a.activity_id == STATUS_CREDIT else a.activity_id,
                    "credit_from_status": a.activity_id == STATUS_CREDIT,
                    "source": a.source,
                    "attested_on": None if a.attested_on is None else a.attested_on.isoformat(),
                }
                for a in practice.attestations
            ],
        }
