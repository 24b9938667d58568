"""The workspace: practices, their plans per year, each activity's progress and
evidence, and attestations, kept in a database (SQLAlchemy 2, Alembic migrations).

* ``connection``: which database (``--db``, ``IA_PLANNER_DB``, a SQLite file in the
  user's data directory) and its engine; ``migrate``: the schema, upgraded on open;
  ``database``: ``open_workspace`` and one transaction per ``read()`` / ``write()``;
* ``tables``: the ORM rows; ``records``: the frozen values the faces receive;
* ``practices``: add, find, list; ``plans``: plan a practice-year and keep it;
  ``progress``: the rules of status and dates; ``tracking``: mark, evidence, attest;
* ``portfolio``: one row per practice; ``export``: everything kept, as JSON;
  ``audit_pack``: the workbook and evidence files, zipped; ``backup``: a SQLite copy.

Planning never imports the workspace; the CLI's ``practice`` and ``db`` commands and
the app's Portfolio and Tracker pages call it.
"""

from optimizer.workspace.audit_pack import audit_pack
from optimizer.workspace.backup import backup
from optimizer.workspace.connection import ENV_VAR, default_path, resolve_url
from optimizer.workspace.database import Workspace, open_workspace
from optimizer.workspace.export import practice_to_dict
from optimizer.workspace.plans import PlanRequest, get_practice_year, plan_practice_year
from optimizer.workspace.portfolio import PortfolioRow, portfolio, portfolio_years
from optimizer.workspace.practices import (
    Profile,
    add_practice,
    get_practice,
    has_practices,
    list_practices,
)
from optimizer.workspace.progress import ProgressStatus
from optimizer.workspace.records import (
    AttestationInfo,
    EvidenceInfo,
    PracticeInfo,
    PracticeYearInfo,
    ProgressInfo,
)
from optimizer.workspace.tracking import (
    KEEP,
    MAX_EVIDENCE_BYTES,
    EvidenceFile,
    ProgressChange,
    add_evidence,
    attest_year,
    evidence_content,
    mark_progress,
)

__all__ = [
    "ENV_VAR",
    "KEEP",
    "MAX_EVIDENCE_BYTES",
    "AttestationInfo",
    "EvidenceFile",
    "EvidenceInfo",
    "PlanRequest",
    "PortfolioRow",
    "PracticeInfo",
    "PracticeYearInfo",
    "Profile",
    "ProgressChange",
    "ProgressInfo",
    "ProgressStatus",
    "Workspace",
    "add_evidence",
    "add_practice",
    "attest_year",
    "audit_pack",
    "backup",
    "default_path",
    "evidence_content",
    "get_practice",
    "get_practice_year",
    "has_practices",
    "list_practices",
    "mark_progress",
    "open_workspace",
    "plan_practice_year",
    "portfolio",
    "portfolio_years",
    "practice_to_dict",
    "resolve_url",
]
