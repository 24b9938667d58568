"""What ``import optimizer.workspace`` offers, each name loaded from its module on
first use (``__init__.py``)."""

from .access import AccessDenied, Actor, Role, Scope, local_scope, person_scope
from .audit_pack import open_audit_pack, write_audit_pack
from .backup import backup, restore
from .change_log import ChangeInfo, changes, organization_changes
from .connection import resolve_url
from .database import Workspace
from .export import practice_to_dict
from .location import ENV_VAR, default_path
from .opening import open_workspace
from .people import (
    OrganizationInfo,
    PersonInfo,
    add_organization,
    add_person,
    every_organization,
    organizations,
    people,
    remove_person,
    set_role,
)
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
    remove_evidence,
)

__all__ = [
    "ENV_VAR",
    "KEEP",
    "MAX_EVIDENCE_BYTES",
    "RESTORE_DAYS",
    "AccessDenied",
    "Actor",
    "AttestationInfo",
    "ChangeInfo",
    "EvidenceFile",
    "EvidenceInfo",
    "OrganizationInfo",
    "PersonInfo",
    "PlanRequest",
    "PortfolioRow",
    "PracticeInfo",
    "PracticeYearInfo",
    "Profile",
    "ProgressChange",
    "ProgressInfo",
    "ProgressStatus",
    "RemovedPractice",
    "Role",
    "Scope",
    "Workspace",
    "add_evidence",
    "add_organization",
    "add_person",
    "add_practice",
    "attest_year",
    "backup",
    "changes",
    "default_path",
    "edit_practice",
    "every_organization",
    "evidence_content",
    "get_practice",
    "get_practice_year",
    "has_practices",
    "list_practices",
    "local_scope",
    "mark_progress",
    "open_audit_pack",
    "open_workspace",
    "organization_changes",
    "organizations",
    "people",
    "person_scope",
    "plan_practice_year",
    "portfolio",
    "portfolio_years",
    "practice_profile",
    "practice_to_dict",
    "remove_evidence",
    "remove_person",
    "remove_practice",
    "removed_practices",
    "resolve_url",
    "restore",
    "restore_practice",
    "save_scenario",
    "scenario_profile",
    "set_role",
    "write_audit_pack",
]
