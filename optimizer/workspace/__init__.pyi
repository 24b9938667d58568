"""What ``import optimizer.workspace`` offers, each name loaded from its module on
first use (``__init__.py``)."""

from .audit_pack import open_audit_pack, write_audit_pack
from .backup import backup, restore
from .connection import resolve_url
from .database import Workspace, open_workspace
from .export import practice_to_dict
from .location import ENV_VAR, default_path
from .planner_save import save_scenario, scenario_profile
from .plans import PlanRequest, get_practice_year, plan_practice_year
from .portfolio import PortfolioRow, portfolio, portfolio_years
from .practices import (
    RESTORE_DAYS,
    Profile,
    RemovedPractice,
    add_practice,
    edit_practice,
    get_practice,
    has_practices,
    list_practices,
    practice_profile,
    remove_practice,
    removed_practices,
    restore_practice,
)
from .progress import ProgressStatus
from .records import (
    AttestationInfo,
    EvidenceInfo,
    PracticeInfo,
    PracticeYearInfo,
    ProgressInfo,
)
from .tracking import (
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
    "RESTORE_DAYS",
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
    "RemovedPractice",
    "Workspace",
    "add_evidence",
    "add_practice",
    "attest_year",
    "backup",
    "default_path",
    "edit_practice",
    "evidence_content",
    "get_practice",
    "get_practice_year",
    "has_practices",
    "list_practices",
    "mark_progress",
    "open_audit_pack",
    "open_workspace",
    "plan_practice_year",
    "portfolio",
    "portfolio_years",
    "practice_profile",
    "practice_to_dict",
    "remove_practice",
    "removed_practices",
    "resolve_url",
    "restore",
    "restore_practice",
    "save_scenario",
    "scenario_profile",
    "write_audit_pack",
]
