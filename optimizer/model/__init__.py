"""The planner's vocabulary: activities and inventories, the Scenario that goes in
and the Plan that comes out. Everything here is a frozen value."""

from optimizer.model.activity import (
    ACTIVITY_ID,
    MVP_PLAN_ID,
    PCMH_ID,
    Activity,
    Attestation,
    EffortEstimate,
    Inventory,
    Mvp,
    Pairings,
    Selection,
    Weight,
)
from optimizer.model.plan import (
    Assignment,
    Exclusion,
    ExclusionCode,
    Plan,
    PlannedActivity,
    PlanStatus,
    Score,
    Window,
    reason_dict,
)
from optimizer.model.reasons import FIX_WORDS, Fix, FixCode, Reason, fix_text
from optimizer.model.scenario import Clinician, Reporting, Scenario, SpecialStatus

__all__ = [
    "ACTIVITY_ID",
    "FIX_WORDS",
    "MVP_PLAN_ID",
    "PCMH_ID",
    "Activity",
    "Assignment",
    "Attestation",
    "Clinician",
    "EffortEstimate",
    "Exclusion",
    "ExclusionCode",
    "Fix",
    "FixCode",
    "Inventory",
    "Mvp",
    "Pairings",
    "Plan",
    "PlanStatus",
    "PlannedActivity",
    "Reason",
    "Reporting",
    "Scenario",
    "Score",
    "Selection",
    "SpecialStatus",
    "Weight",
    "Window",
    "fix_text",
    "reason_dict",
]
