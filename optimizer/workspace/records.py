"""What the workspace hands to the faces: frozen values read from its rows, so no
database session or ORM object ever leaves the package."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from optimizer.exports.scenario_json import record_from_dict, scenario_from_dict
from optimizer.model import Attestation, Clinician, PlanStatus, Reporting, Scenario, SpecialStatus
from optimizer.workspace.progress import ProgressStatus, days_still_needed
from optimizer.workspace.tables import (
    ATTESTED,
    ActivityProgress,
    AttestationRecord,
    Evidence,
    Practice,
    PracticeYear,
)


def utc(moment: datetime) -> datetime:
    """SQLite hands times back without their zone; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class PracticeInfo:
    """A practice and what stays true from year to year."""

    name: str
    tin: str | None
    reporting: Reporting
    clinicians: int | None
    statuses: frozenset[SpecialStatus]
    quality: tuple[str, ...]
    efforts: tuple[tuple[str, float], ...]
    roster: tuple[Clinician, ...]
    created_at: datetime
    version: int
    organization: str = ""


@dataclass(frozen=True, slots=True)
class EvidenceInfo:
    """One piece of evidence: a note and, perhaps, a file (its bytes are read apart)."""

    id: int
    activity_id: str
    note: str
    file_name: str | None
    media_type: str | None
    size: int | None
    sha256: str | None
    added_at: datetime


@dataclass(frozen=True, slots=True)
class ProgressInfo:
    """How one activity of a practice-year stands, as last saved (``version``)."""

    activity_id: str
    title: str
    in_plan: bool
    status: ProgressStatus
    start: date | None
    end: date | None
    owner: str
    clinicians: tuple[str, ...]
    period_days: int
    last_start: date
    version: int
    updated_at: datetime
    evidence: tuple[EvidenceInfo, ...] = ()

    def days_still_needed(self, today: date) -> int | None:
        return days_still_needed(self.period_days, self.status, self.start, today)


@dataclass(frozen=True, slots=True)
class AttestationInfo:
    """An activity attested for a year ('attested'), or imported from a history file."""

    year: int
    activity_id: str
    source: str
    attested_on: date | None

    @property
    def attestation(self) -> Attestation:
        return Attestation(self.activity_id, self.year)


@dataclass(frozen=True, slots=True)
class PracticeYearInfo:
    """One practice's saved plan of one year, its inputs, and every activity's progress."""

    practice: str
    year: int
    status: PlanStatus
    points: int
    planned_on: date
    solver: str
    scenario: Scenario
    plan: dict[str, Any]
    """The plan as saved (``Plan.to_dict()``)."""
    progress: tuple[ProgressInfo, ...]
    custom_inventory: bool
    version: int
    updated_at: datetime
    attestations: tuple[AttestationInfo, ...] = ()
    """The activities attested for this year (``practice attest``)."""

    @property
    def attested_on(self) -> date | None:
        return max((a.attested_on for a in self.attestations if a.attested_on), default=None)

    def progress_of(self, activity_id: str) -> ProgressInfo | None:
        return next((p for p in self.progress if p.activity_id == activity_id), None)


def practice_info(row: Practice) -> PracticeInfo:
    return PracticeInfo(
        name=row.name,
        tin=row.tin,
        reporting=Reporting(row.reporting),
        clinicians=row.clinicians,
        statuses=frozenset(SpecialStatus(s) for s in row.statuses),
        quality=tuple(row.quality),
        efforts=tuple(sorted((str(k), float(v)) for k, v in row.efforts.items())),
        roster=tuple(record_from_dict(Clinician, c, "roster") for c in row.roster),
        created_at=utc(row.created_at),
        version=row.version,
        organization=row.organization.name,
    )


def evidence_info(row: Evidence, activity_id: str) -> EvidenceInfo:
    return EvidenceInfo(
        id=row.id,
        activity_id=activity_id,
        note=row.note,
        file_name=row.file_name,
        media_type=row.media_type,
        size=row.size,
        sha256=row.sha256,
        added_at=utc(row.added_at),
    )


def progress_info(row: ActivityProgress, *, with_evidence: bool = True) -> ProgressInfo:
    return ProgressInfo(
        activity_id=row.activity_id,
        title=row.title,
        in_plan=row.in_plan,
        status=ProgressStatus(row.status),
        start=row.start_date,
        end=row.end_date,
        owner=row.owner,
        clinicians=tuple(row.clinicians),
        period_days=row.period_days,
        last_start=row.last_start,
        version=row.version,
        updated_at=utc(row.updated_at),
        evidence=tuple(evidence_info(e, row.activity_id) for e in row.evidence)
        if with_evidence
        else (),
    )


def attestation_info(row: AttestationRecord) -> AttestationInfo:
    return AttestationInfo(row.year, row.activity_id, row.source, row.attested_on)


def year_info(row: PracticeYear, practice: str, *, with_evidence: bool = True) -> PracticeYearInfo:
    return PracticeYearInfo(
        practice=practice,
        year=row.year,
        status=PlanStatus(row.status),
        points=row.points,
        planned_on=row.planned_on,
        solver=row.solver,
        scenario=scenario_from_dict(row.scenario, "the saved scenario"),
        plan=row.plan,
        progress=tuple(progress_info(p, with_evidence=with_evidence) for p in row.progress),
        custom_inventory=row.inventory is not None,
        version=row.version,
        updated_at=utc(row.updated_at),
        attestations=tuple(
            attestation_info(a)
            for a in row.practice.attestations
            if a.year == row.year and a.source == ATTESTED
        ),
    )
