"""Planning a practice-year and keeping the plan: the Scenario starts from the year's
saved one (or the practice's profile), takes the options given, and takes its
history from every attestation of earlier years kept in the database, so
frequency limits apply by themselves. The plan is made outside any transaction;
saving it is one transaction that refuses to overwrite a plan saved meanwhile.

Saving keeps every activity's progress: activities still planned keep their
status, dates and evidence; those the new plan leaves out stay, marked not in
the plan; new ones start as planned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from optimizer.errors import PlannerError, StaleWriteError, WorkspaceError
from optimizer.exports.scenario_json import activity_from_dict, inventory_to_dicts, scenario_to_dict
from optimizer.model import Attestation, Inventory, Pairings, Plan, Scenario
from optimizer.planning.pipeline import plan
from optimizer.planning.resolve import default_inventory
from optimizer.planning.schedule import last_start_for
from optimizer.planning.solve.status import check_available
from optimizer.rules.year_rules import rules_for
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.workspace.access import Role
from optimizer.workspace.change_log import log_fields
from optimizer.workspace.database import Workspace
from optimizer.workspace.practices import earlier_attestations, find_practice, profile_scenario
from optimizer.workspace.progress import ProgressStatus, Required
from optimizer.workspace.records import PracticeYearInfo, now, practice_info, year_info
from optimizer.workspace.scoping import require
from optimizer.workspace.tables import TEXT_LENGTH, ActivityProgress, Practice, PracticeYear

Locate = Callable[[str, str], PlannerError]


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What a person asks for when planning a practice-year."""

    year: int
    as_of: date
    fields: Mapping[str, Any] = field(default_factory=dict)
    """Scenario fields typed for this plan, laid over the saved scenario."""
    history: tuple[Attestation, ...] = ()
    """Attestations from a history file, added to the database's own."""
    efforts: Mapping[str, float] = field(default_factory=dict)
    inventory: Inventory | None = None
    pairings: Pairings | None = None
    base: Scenario | None = None
    """A scenario to start from instead of the saved one (a restored workbook)."""
    solver: str = "auto"


def year_row(session: Session, practice: Practice, year: int) -> PracticeYear | None:
    return session.scalars(
        select(PracticeYear).where(
            PracticeYear.practice_id == practice.id, PracticeYear.year == year
        )
    ).first()


def saved_inventory(row: PracticeYear) -> Inventory:
    """The inventory the year was planned on: its custom one, else the bundled one."""
    if row.inventory is None:
        return default_inventory(row.year)
    activities = tuple(activity_from_dict(a, "saved inventory") for a in row.inventory)
    return Inventory(row.year, activities, source="saved inventory")


def saved_pairings(row: PracticeYear) -> Pairings | None:
    if row.pairings is None:
        return None
    return {k: frozenset(v) for k, v in row.pairings.items()}


def required(row: PracticeYear, activity_id: str) -> tuple[Required, str]:
    """The period an activity of the year's inventory must run and its last start,
    and its title."""
    activity = saved_inventory(row).get(activity_id)
    if activity is None:
        msg = f"{activity_id} is not an activity of performance year {row.year}"
        raise WorkspaceError(msg)
    rules = rules_for(row.year)
    days = activity.period_days or rules.period_days
    return Required(activity_id, row.year, days, last_start_for(rules, days)), activity.title


@dataclass(frozen=True, slots=True)
class _Read:
    practice_id: int
    version: int | None
    scenario: Scenario
    history_files: tuple[Attestation, ...]
    inventory: Inventory
    pairings: Pairings | None
    custom_inventory: list[Any] | None
    custom_pairings: dict[str, Any] | None


def _read(ws: Workspace, name: str, request: PlanRequest, locate: Locate | None) -> _Read:
    with ws.read() as session:
        practice = find_practice(session, name, ws)
        saved = year_row(session, practice, request.year)
        history = earlier_attestations(session, practice, request.year)
        files = tuple(Attestation(a, int(y)) for a, y in (saved.history_files if saved else []))
        files = tuple(sorted({*files, *request.history}))
        if request.base is not None:
            base = request.base
        elif saved is not None:
            base = year_info(saved, practice.name, with_evidence=False).scenario
        else:
            base = profile_scenario(practice_info(practice), request.year)
        custom_inventory = None if saved is None else saved.inventory
        custom_pairings = None if saved is None else saved.pairings
        if request.inventory is not None:
            inventory = request.inventory
            custom_inventory = inventory_to_dicts(inventory)
        elif saved is not None:
            inventory = saved_inventory(saved)
        else:
            inventory = default_inventory(request.year)
        pairings = request.pairings if request.pairings is not None else None
        if pairings is not None:
            custom_pairings = {k: sorted(v) for k, v in sorted(pairings.items())}
        elif saved is not None:
            pairings = saved_pairings(saved)
        fields = dict(request.fields)
        fields.update(
            year=request.year,
            history=tuple(sorted({*history, *files})),
            efforts=tuple({**base.effort_overrides, **request.efforts}.items()),
        )
        kwargs: dict[str, Any] = {"base": base}
        if locate is not None:
            kwargs["locate"] = locate
        scenario = scenario_from_fields(fields, **kwargs)
        return _Read(
            practice.id,
            None if saved is None else saved.version,
            scenario,
            files,
            inventory,
            pairings,
            custom_inventory,
            custom_pairings,
        )


def _sync_progress(session: Session, row: PracticeYear, result: Plan) -> None:
    """Every planned activity gets a progress row; none is ever deleted."""
    existing = {p.activity_id: p for p in row.progress}
    planned = {a.id: a for a in result.activities}
    moment = now()
    for activity in result.activities:
        last_start = activity.last_start or result.last_start
        progress = existing.get(activity.id)
        if progress is None:
            session.add(
                ActivityProgress(
                    practice_year=row,
                    activity_id=activity.id,
                    title=activity.title[:TEXT_LENGTH],
                    period_days=activity.period_days,
                    last_start=last_start,
                    in_plan=True,
                    status=str(ProgressStatus.PLANNED),
                    owner="",
                    clinicians=[],
                    updated_at=moment,
                )
            )
            continue
        changes = {
            "title": activity.title[:TEXT_LENGTH],
            "period_days": activity.period_days,
            "last_start": last_start,
            "in_plan": True,
        }
        if any(getattr(progress, k) != v for k, v in changes.items()):
            for key, value in changes.items():
                setattr(progress, key, value)
            progress.updated_at = moment
    for activity_id, progress in existing.items():
        if activity_id not in planned and progress.in_plan:
            progress.in_plan = False
            progress.updated_at = moment


def plan_practice_year(
    ws: Workspace, name: str, request: PlanRequest, *, locate: Locate | None = None
) -> tuple[Plan, PracticeYearInfo]:
    """Plan ``name``'s year and keep the plan, its scenario and its activities' progress.

    Refused, with nothing kept, for a year whose submission window has closed, and
    for a plan with no activities that does not reach its target (nothing to track)."""
    closes = rules_for(request.year).submission_close
    if request.as_of > closes:
        msg = (
            f"the {request.year} submission window closed {closes}: a plan for "
            f"{request.year} can no longer be attested, so none was kept"
        )
        raise WorkspaceError(msg)
    read = _read(ws, name, request, locate)
    result = plan(
        read.scenario,
        read.inventory,
        pairings=read.pairings,
        solver=check_available(request.solver),
        as_of=request.as_of,
    )
    if not result.activities and result.points < result.target:
        why = f": {result.reasons[0].text}" if result.reasons else ""
        msg = f"the {request.year} plan of {name!r} has no activities, so none was kept{why}"
        raise WorkspaceError(msg)
    stale = (
        f"the {request.year} plan of {name!r} was saved by someone else while this one "
        "was being made: run it again to plan from theirs"
    )
    with ws.write() as session:
        practice = session.get(Practice, read.practice_id)
        if practice is None:
            raise StaleWriteError(stale)
        require(ws, practice, Role.EDITOR, "planning a year")
        row = year_row(session, practice, request.year)
        if (None if row is None else row.version) != read.version:
            raise StaleWriteError(stale)
        before = (
            {} if row is None else _logged(row, [p.activity_id for p in row.progress if p.in_plan])
        )
        if row is None:
            row = PracticeYear(practice=practice, year=request.year)
            session.add(row)
        row.scenario = scenario_to_dict(read.scenario)
        row.history_files = [[a.activity_id, a.year] for a in read.history_files]
        row.inventory = read.custom_inventory
        row.pairings = read.custom_pairings
        row.plan = result.to_dict()
        row.status = str(result.status)
        row.points = result.points
        row.planned_on = request.as_of
        row.solver = request.solver
        row.updated_at = now()
        try:
            session.flush()
        except IntegrityError:  # the same year saved by someone else since it was read
            raise StaleWriteError(stale) from None
        _sync_progress(session, row, result)
        after = _logged(row, [a.id for a in result.activities])
        log_fields(session, ws, practice, before, after, year=request.year)
        session.flush()
        session.refresh(row)
        return result, year_info(row, practice.name)


def _logged(row: PracticeYear, activity_ids: list[str]) -> dict[str, Any]:
    """What the change log keeps of a saved plan."""
    return {"plan": sorted(activity_ids), "points": row.points, "plan status": row.status}


def get_practice_year(ws: Workspace, name: str, year: int) -> PracticeYearInfo:
    """The saved plan of ``name``'s year with every activity's progress and evidence."""
    with ws.read() as session:
        practice = find_practice(session, name, ws)
        row = year_row(session, practice, year)
        if row is None:
            raise no_plan(practice.name, year)
        return year_info(row, practice.name)


def no_plan(name: str, year: int) -> WorkspaceError:
    return WorkspaceError(
        f"{name!r} has no plan for {year}: make one with mips-ia practice plan {name!r} "
        f"--year {year}",
        in_app=f"{name!r} has no plan for {year}: plan it in the Tracker ('Plan and keep')",
    )


def planned_years(ws: Workspace, name: str) -> tuple[int, ...]:
    with ws.read() as session:
        practice = find_practice(session, name, ws)
        return tuple(y.year for y in practice.years)
