"""The HTTP API's requests and responses, declared once as pydantic models: FastAPI
checks every request against them (a bad one is a 422 naming each field) and the
OpenAPI document at ``/api/v1/openapi.json`` is generated from them.

A request's ``scenario`` holds the fields of ``mips-ia plan``'s options and the batch
template's columns, by the Scenario's own names; ``scenario_body.scenario_of`` hands
them to the one builder, ``sources.scenario_fields.scenario_from_fields``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from optimizer.model import Reporting, SpecialStatus
from optimizer.planning.alternatives.next_plans import MAX_ALTERNATIVES
from optimizer.planning.roadmap.build import DEFAULT_REPEAT_EFFORT
from optimizer.planning.solve.status import Solver
from optimizer.workspace.progress import ProgressStatus

ActivityId = str
"""An activity ID such as IA_EPA_1 (checked against the year's list when planned)."""


class _Closed(BaseModel):
    """A request object: a field the API does not know is refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class PastAttestation(_Closed):
    """An activity attested in a past performance year (for frequency limits)."""

    activity_id: ActivityId
    year: int


class RosterClinician(_Closed):
    """One clinician of a group's roster."""

    id: str = Field(min_length=1, description="NPI or name")
    name: str = ""
    role: str = ""
    cannot: list[ActivityId] = Field(default_factory=list, description="activities they cannot do")
    efforts: dict[ActivityId, float] = Field(
        default_factory=dict, description="activity ID -> their own hours"
    )
    max_activities: int | None = Field(default=None, ge=0)
    statuses: list[SpecialStatus] = Field(default_factory=list)


class ScenarioFields(_Closed):
    """The practice and its choices; a field left out takes the planner's default
    (the CLI's behaviour when its option is not typed)."""

    year: int | None = Field(
        default=None, description="performance year (default: the one open on as_of)"
    )
    statuses: list[SpecialStatus] | None = None
    credits: list[str] | None = Field(
        default=None, description="apm, app, pcmh at once (the batch template's column)"
    )
    apm: bool | None = None
    app: bool | None = None
    pcmh: bool | None = None
    ia_study: bool | None = None
    web_interface: bool | None = None
    pi_reweighted: bool | None = None
    cost_reweighted: bool | None = None
    mvp: str | None = Field(default=None, description="an MVP ID (2023 on)")
    reporting: Reporting | None = None
    clinicians: int | None = Field(default=None, ge=1)
    history: list[PastAttestation] | None = None
    efforts: dict[ActivityId, float] | None = Field(
        default=None, description="activity ID -> the practice's hours"
    )
    clinician_efforts: dict[ActivityId, float] | None = Field(
        default=None, description="activity ID -> hours per participating clinician"
    )
    quality: list[str] | None = Field(default=None, description="quality measure IDs reported")
    require_pairing: bool | None = None
    min_paired: int | None = Field(default=None, ge=0)
    include: list[ActivityId] | None = None
    exclude: list[ActivityId] | None = None
    target: int | None = Field(default=None, ge=1, description="points (default: full credit)")
    roster: list[RosterClinician] | None = None
    max_per_clinician: int | None = Field(default=None, ge=1)
    start_date: date | None = None
    max_concurrent: int | None = Field(default=None, ge=1)
    running: list[str] | None = Field(
        default=None, description="activities already running: 'IA_EPA_1' or 'IA_EPA_1:2026-03-01'"
    )


class _Planning(_Closed):
    scenario: ScenarioFields = Field(default_factory=ScenarioFields)
    as_of: date | None = Field(
        default=None, description="plan as on this day (default: the server's today)"
    )
    solver: Solver = Solver.AUTO


class PlanRequest(_Planning):
    """POST /plan: one practice's plan, as ``mips-ia plan --format json``."""

    alternatives: int | None = Field(
        default=None,
        ge=1,
        le=MAX_ALTERNATIVES,
        description="also the K next-cheapest plans and each activity's replacement",
    )


class WhatIfRequest(_Planning):
    """POST /what-if: the plan with each status or credit flipped."""


class StatusInYear(_Closed):
    """The practice's special statuses in one year of a roadmap (replacing its own)."""

    year: int
    statuses: list[SpecialStatus] = Field(default_factory=list)


class RoadmapRequest(_Planning):
    """POST /roadmap: several years planned together, as ``mips-ia roadmap --format json``."""

    last_year: int | None = Field(default=None, description="default: 3 years after the first")
    repeat_effort: float = Field(default=DEFAULT_REPEAT_EFFORT, ge=0, le=1)
    status_in: list[StatusInYear] = Field(default_factory=list)


class _Open(BaseModel):
    """A response: the fields listed are promised; more may come."""

    model_config = ConfigDict(extra="allow")


class PlanResponse(_Open):
    """A plan: ``status`` is optimal, full-credit or infeasible (``reasons`` say why)."""

    status: str
    year: int
    provisional: bool
    points: int
    total_effort: float
    activities: list[dict[str, Any]]
    reasons: list[dict[str, Any]]
    alternatives: list[dict[str, Any]] | None = None
    replacements: list[dict[str, Any]] | None = None


class RoadmapResponse(_Open):
    status: str
    first_year: int
    last_year: int
    total_effort: float
    years: list[dict[str, Any]]
    reasons: list[dict[str, Any]]


class WhatIfRow(BaseModel):
    label: str
    plan: PlanResponse
    effort_change: float | None


class WhatIfResponse(BaseModel):
    rows: list[WhatIfRow]


class YearInfo(BaseModel):
    year: int
    provisional: bool = Field(description="planned on another year's list or rules")
    list_from: int = Field(description="the year whose CMS list of activities it uses")
    last_start: date
    submission_opens: date
    submission_closes: date


class YearsResponse(BaseModel):
    years: list[YearInfo]


class ActivityInfo(BaseModel):
    """One activity of a year's list, with the project's own facts about it."""

    id: str
    title: str
    subcategory: str
    weight: str | None
    points: int = Field(description="points for a practice with no special status")
    special_status_points: int
    period_days: int
    frequency_years: int | None = Field(description="at most once every N years")
    conditional: str | None = Field(description="who must select or admit the practice")
    mvp_only: bool
    effort_hours: float = Field(description="the project's estimate for one clinician")
    practice_hours: float
    per_clinician_hours: float
    what_to_do: str
    evidence_to_keep: str


class ActivitiesResponse(BaseModel):
    year: int
    provisional: bool
    activities: list[ActivityInfo]


class FieldProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ProblemResponse(BaseModel):
    """A 4xx or 5xx: ``detail`` lists each field and what is wrong with it."""

    detail: list[FieldProblem]


class WorkspacePlanRequest(_Planning):
    """POST /practices/{practice}/years/{py}/plan: plan from the practice's saved
    scenario, the fields given here laid over it, and keep the plan."""


class ProgressPatch(_Closed):
    """PATCH a progress: the fields given change, the others stay; ``version`` is the
    one read (a save by someone else since is refused with 409)."""

    version: int = Field(description="the activity's version as read")
    status: ProgressStatus | None = None
    start: date | None = None
    end: date | None = None
    owner: str | None = Field(default=None, max_length=300)
    clinicians: list[str] | None = None


class PracticeOut(BaseModel):
    name: str
    tin: str | None
    reporting: str
    clinicians: int | None
    statuses: list[str]
    version: int


class PracticesResponse(BaseModel):
    organization: str
    practices: list[PracticeOut]


class PracticeYearResponse(_Open):
    """A practice-year as kept: its plan (``Plan.to_dict``) and each activity's
    progress with its evidence list (the files' bytes are not sent)."""

    practice: str
    year: int
    status: str
    version: int
    plan: dict[str, Any]
    progress: list[dict[str, Any]]
