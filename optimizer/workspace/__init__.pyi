"""What ``import optimizer.workspace`` offers, each name loaded from its module on
first use (``__init__.py``)."""

from .audit_pack import open_audit_pack, write_audit_pack
from .backup import backup, restore
from .connection import resolve_url
from .database import Workspace, open_workspace
from .export import practice_to_dict
from .location import ENV_VAR, default_path
from .plans import PlanRequest, get_practice_year, plan_practice_year
from .portfolio import PortfolioRow, portfolio, portfolio_years
from .practices import (
    Profile,
    add_practice,
    get_practice,
    has_practices,
    list_practices,
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
    "backup",
    "default_path",
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
    "practice_to_dict",
    "resolve_url",
    "restore",
    "write_audit_pack",
]
