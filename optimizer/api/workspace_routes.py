"""The workspace routes, as a token of one organization sees it: its practices, a
practice-year's plan with each activity's progress and evidence, a progress change
(refused when someone saved the activity since the version sent), and a plan made
and kept as the app keeps one, the change log naming the token.

A practice is named by its name in the path (URL-encoded), as the CLI names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from optimizer.api.access import Caller, gate_of, token_access
from optimizer.api.planning_routes import PROBLEMS
from optimizer.api.problems import NotFound
from optimizer.api.scenario_body import locate, plan_fields
from optimizer.api.schemas import (
    PracticeOut,
    PracticesResponse,
    PracticeYearResponse,
    ProgressPatch,
    WorkspacePlanRequest,
)
from optimizer.clock import today
from optimizer.errors import WorkspaceError
from optimizer.workspace import (
    KEEP,
    PlanRequest,
    ProgressChange,
    ProgressStatus,
    Workspace,
    get_practice_year,
    list_practices,
    mark_progress,
    plan_practice_year,
)
from optimizer.workspace.records import PracticeYearInfo, ProgressInfo

router = APIRouter()
TokenCaller = Annotated[Caller, Depends(token_access)]
"""A route's caller: a valid token (``access.token_access``)."""
TOKEN_PROBLEMS = {
    **PROBLEMS,
    401: {"description": "no token, or one revoked"},
    409: {"description": "someone saved the item since the version sent"},
    429: {"description": "over the token's rate (Retry-After says when to try again)"},
}


def _ws(request: Request, caller: Caller) -> Workspace:
    return gate_of(request).workspace.scoped(caller.scope)


@contextmanager
def _said(ws: Workspace, missing: bool = False) -> Iterator[None]:
    """The workspace's refusals without the database's name (a client has no business
    with the server's paths); with ``missing``, a refusal is a 404 (nothing there)."""
    try:
        yield
    except WorkspaceError as exc:
        text = str(exc).replace(f" in {ws.name}", "").replace(f" from {ws.name}", "")
        if missing and type(exc) is WorkspaceError:
            raise NotFound(text) from None
        try:
            said = type(exc)(text)
        except TypeError:  # a refusal that carries more than its words
            raise exc from None
        raise said from None


def _progress(p: ProgressInfo) -> dict[str, Any]:
    return {
        "activity_id": p.activity_id,
        "title": p.title,
        "in_plan": p.in_plan,
        "status": str(p.status),
        "start": None if p.start is None else p.start.isoformat(),
        "end": None if p.end is None else p.end.isoformat(),
        "owner": p.owner,
        "clinicians": list(p.clinicians),
        "period_days": p.period_days,
        "last_start": p.last_start.isoformat(),
        "version": p.version,
        "evidence": [
            {
                "id": e.id,
                "note": e.note,
                "file_name": e.file_name,
                "media_type": e.media_type,
                "size": e.size,
                "sha256": e.sha256,
                "added_at": e.added_at.isoformat(),
            }
            for e in p.evidence
        ],
    }


def _year(info: PracticeYearInfo) -> dict[str, Any]:
    return {
        "practice": info.practice,
        "year": info.year,
        "status": str(info.status),
        "points": info.points,
        "planned_on": info.planned_on.isoformat(),
        "version": info.version,
        "plan": info.plan,
        "progress": [_progress(p) for p in info.progress],
    }


@router.get("/practices", response_model=PracticesResponse, responses=TOKEN_PROBLEMS)
def practices(request: Request, caller: TokenCaller) -> PracticesResponse:
    """The practices of the token's organization."""
    ws = _ws(request, caller)
    with _said(ws):
        rows = list_practices(ws)
    return PracticesResponse(
        organization=caller.token.organization,
        practices=[
            PracticeOut(
                name=p.name,
                tin=p.tin,
                reporting=str(p.reporting),
                clinicians=p.clinicians,
                statuses=sorted(str(s) for s in p.statuses),
                version=p.version,
            )
            for p in rows
        ],
    )


@router.get(
    "/practices/{practice}/years/{py}",
    response_model=PracticeYearResponse,
    responses=TOKEN_PROBLEMS,
)
def practice_year(practice: str, py: int, request: Request, caller: TokenCaller) -> JSONResponse:
    """A practice-year's kept plan, each activity's progress and its evidence list."""
    ws = _ws(request, caller)
    with _said(ws, missing=True):
        return JSONResponse(_year(get_practice_year(ws, practice, py)))


@router.post(
    "/practices/{practice}/years/{py}/plan",
    response_model=PracticeYearResponse,
    responses=TOKEN_PROBLEMS,
)
def plan_and_keep(
    practice: str,
    py: int,
    body: WorkspacePlanRequest,
    request: Request,
    caller: TokenCaller,
) -> JSONResponse:
    """Plan the practice's year from its saved scenario (``scenario`` fields laid over
    it) and keep the plan, as the app's 'Plan and keep' does."""
    as_of = body.as_of or today()
    fields, history, efforts = plan_fields(body.scenario)
    plan_request = PlanRequest(
        year=py,
        as_of=as_of,
        fields=fields,
        history=history,
        efforts=efforts,
        solver=str(body.solver),
    )
    ws = _ws(request, caller)
    with _said(ws):
        _, info = plan_practice_year(ws, practice, plan_request, locate=locate)
    return JSONResponse(_year(info))


def _change(patch: ProgressPatch) -> ProgressChange:
    given = patch.model_fields_set
    return ProgressChange(
        status=ProgressStatus(patch.status) if "status" in given and patch.status else KEEP,
        start=patch.start if "start" in given else KEEP,
        end=patch.end if "end" in given else KEEP,
        owner=patch.owner or "" if "owner" in given else KEEP,
        clinicians=tuple(patch.clinicians or ()) if "clinicians" in given else KEEP,
    )


@router.patch(
    "/practices/{practice}/years/{py}/progress/{activity_id}",
    responses=TOKEN_PROBLEMS,
)
def patch_progress(
    practice: str,
    py: int,
    activity_id: str,
    patch: ProgressPatch,
    request: Request,
    caller: TokenCaller,
) -> JSONResponse:
    """Change one activity's progress; ``version`` is the one read, and a save since
    is a 409, not overwritten."""
    ws = _ws(request, caller)
    with _said(ws):
        progress = mark_progress(
            ws,
            practice,
            py,
            activity_id,
            _change(patch),
            expected_version=patch.version,
            today=today(),
        )
    return JSONResponse(_progress(progress))
