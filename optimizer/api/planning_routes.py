"""The planning routes: the years and their activities, a plan, a roadmap, the
what-if table. Each reads its request, calls the engine as the CLI does, and
answers with the CLI's JSON (``Plan.to_dict``, ``Roadmap.to_dict``). A plan the
dynamic program makes alone for a request of modest size (a millisecond or two) is
made on the event loop; any other plan, a roadmap and a what-if table in a worker
thread."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pydantic_core
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from optimizer.api.access import planning_access
from optimizer.api.body_route import BodyRoute
from optimizer.api.problems import FieldProblem
from optimizer.api.scenario_body import scenario_of
from optimizer.api.schemas import (
    ActivitiesResponse,
    ActivityInfo,
    PlanRequest,
    PlanResponse,
    ProblemResponse,
    RoadmapRequest,
    RoadmapResponse,
    WhatIfRequest,
    WhatIfResponse,
    YearInfo,
    YearsResponse,
)
from optimizer.clock import today
from optimizer.model import Scenario, SpecialStatus
from optimizer.planning.alternatives.next_plans import alternatives_for
from optimizer.planning.pipeline import solve_plan
from optimizer.planning.resolve import year_inventory
from optimizer.planning.roadmap.build import roadmap
from optimizer.planning.roadmap.years import default_last_year, first_open_year, span_problem
from optimizer.planning.solve.problem import prepare
from optimizer.planning.solve.status import Solver, check_available
from optimizer.planning.whatif import what_if_table
from optimizer.planning.year_ahead import borrowed_from, plannable_years
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import default_effort, effort_estimates, latest_year, selections

PROBLEMS: dict[int | str, dict[str, Any]] = {
    422: {"model": ProblemResponse, "description": "a field that cannot be used, named"},
    413: {"model": ProblemResponse, "description": "a body over the size cap"},
}

router = APIRouter(route_class=BodyRoute, dependencies=[Depends(planning_access)])
"""Any caller from this computer, else one with a token (``access.py``); the POST
routes read their body in one pass (``body_route.py``)."""


class JsonAnswer(JSONResponse):
    """JSON written by pydantic's serializer (in Rust): a plan's 5 kB in about 20 µs
    where the standard library's takes 80 µs; the same values (a NaN, which no plan
    holds, would be null rather than a refusal)."""

    def render(self, content: Any) -> bytes:
        return pydantic_core.to_json(content, inf_nan_mode="null")


def _json(data: Any) -> JSONResponse:
    return JsonAnswer(data)


def _year_info(year: int) -> YearInfo:
    rules = rules_for(year)
    source = borrowed_from(year)
    return YearInfo(
        year=year,
        provisional=source is not None or rules.carried_from is not None,
        list_from=source or year,
        last_start=rules.last_start,
        submission_opens=rules.submission_open,
        submission_closes=rules.submission_close,
    )


@router.get("/years", response_model=YearsResponse)
def years() -> YearsResponse:
    """The performance years that can be planned, oldest first (the year after the
    loaded CMS lists is provisional, on the latest list carried forward)."""
    return YearsResponse(years=[_year_info(y) for y in plannable_years()])


@router.get("/years/{py}/activities", response_model=ActivitiesResponse, responses=PROBLEMS)
def activities(py: int) -> ActivitiesResponse:
    """A year's activities with the project's facts: points, period, frequency limit,
    who must select the practice, the effort estimate, what to do, evidence to keep."""
    if py not in plannable_years():
        known = ", ".join(str(y) for y in plannable_years())
        raise FieldProblem(("path", "py"), f"PY{py} cannot be planned; the years are {known}")
    inventory, source = year_inventory(py, stand_in=True)
    rules = rules_for(py)
    plain, special = Scenario(year=py), Scenario(year=py, statuses=frozenset({SpecialStatus.RURAL}))
    estimates, fallback = effort_estimates(source or py), default_effort()
    conditional = selections(source or py)
    rows = []
    for a in inventory.activities:
        guide = estimates.get(a.id, fallback)
        selected = conditional.get(a.id)
        rows.append(
            ActivityInfo(
                id=a.id,
                title=a.title,
                subcategory=a.subcategory,
                weight=None if a.weight is None else str(a.weight),
                points=rules.activity_points_for(a, plain),
                special_status_points=rules.activity_points_for(a, special),
                period_days=a.period_days or rules.period_days,
                frequency_years=a.frequency_years,
                conditional=None if selected is None else selected.selected_by,
                mvp_only=a.mvp_only,
                effort_hours=a.effort if a.effort is not None else guide.hours,
                practice_hours=guide.practice_hours,
                per_clinician_hours=guide.per_clinician_hours,
                what_to_do=guide.what_to_do,
                evidence_to_keep=guide.evidence_to_keep,
            )
        )
    return ActivitiesResponse(year=py, provisional=_year_info(py).provisional, activities=rows)


def plan_document(request: PlanRequest) -> dict[str, Any]:
    """The plan of a request as ``mips-ia plan --format json`` prints it."""
    as_of = request.as_of or today()
    scenario = scenario_of(request.scenario, as_of)
    solver = check_available(request.solver)
    problem = prepare(scenario, None, None, as_of)
    result = solve_plan(problem, solver)
    document = result.to_dict()
    if request.alternatives is not None:
        document |= alternatives_for(problem, result, request.alternatives, solver).to_dict()
    return document


QUICK_ENTRIES = 256
"""Entries a request's lists and tables may hold together (history, efforts, quality
measures, include, ...) for its plan to be made on the event loop: each takes some
12 µs to read, so such a plan holds the loop for a few milliseconds at most."""


def plans_on_the_loop(request: PlanRequest) -> bool:
    """Whether a plan is made on the event loop: the dynamic program's alone (no
    roster, no alternatives, the automatic solver) for a request of at most
    QUICK_ENTRIES entries, a millisecond or two, less than handing it to a worker
    thread costs. Any other plan is read and solved in a thread, so the pages and
    the other requests the loop serves are not kept waiting."""
    fields = request.scenario
    if request.alternatives is not None or request.solver is not Solver.AUTO or fields.roster:
        return False
    values = (getattr(fields, name) for name in type(fields).model_fields)
    return sum(len(v) for v in values if isinstance(v, list | dict)) <= QUICK_ENTRIES


@router.post("/plan", response_model=PlanResponse, responses=PROBLEMS)
async def plan(request: PlanRequest) -> JSONResponse:
    """One practice's least-effort plan; a scenario no plan fits is answered 200 with
    ``status: infeasible`` and the reasons, as the CLI prints it."""
    if plans_on_the_loop(request):
        return _json(plan_document(request))
    return _json(await run_in_threadpool(plan_document, request))


@router.post("/roadmap", response_model=RoadmapResponse, responses=PROBLEMS)
def roadmap_route(request: RoadmapRequest) -> JSONResponse:
    """Several years planned together (the first is ``scenario.year``, else the first
    year whose activities can still start), as ``mips-ia roadmap --format json``."""
    as_of = request.as_of or today()
    first = request.scenario.year or first_open_year(as_of)
    near = request.scenario.model_copy(update={"year": min(first, latest_year())})
    scenario = scenario_of(near, as_of)
    if first != scenario.year:
        scenario = replace(scenario, year=first)
    last = request.last_year if request.last_year is not None else default_last_year(first)
    problem = span_problem(first, last)
    if problem:
        raise FieldProblem(("body", "last_year"), problem)
    result = roadmap(
        scenario,
        last,
        statuses_by_year={s.year: frozenset(s.statuses) for s in request.status_in},
        repeat_effort=request.repeat_effort,
        solver=check_available(request.solver),
        as_of=as_of,
    )
    return _json(result.to_dict())


@router.post("/what-if", response_model=WhatIfResponse, responses=PROBLEMS)
def what_if(request: WhatIfRequest) -> JSONResponse:
    """The plan as entered, then with each special status or credit flipped."""
    as_of = request.as_of or today()
    scenario = scenario_of(request.scenario, as_of)
    rows = what_if_table(scenario, solver=check_available(request.solver), as_of=as_of)
    return _json(
        {
            "rows": [
                {"label": r.label, "plan": r.plan.to_dict(), "effort_change": r.effort_change}
                for r in rows
            ]
        }
    )
