"""IA Planner: the lowest-effort MIPS improvement activities for full credit.

Build a ``Scenario``, call ``plan``; read inventories with ``read_inventory``.

    >>> from optimizer import Scenario, SpecialStatus, plan
    >>> plan(Scenario(year=2024, statuses={SpecialStatus.SMALL_PRACTICE})).points
    40
"""

from optimizer.bundled import (
    EffortEstimate,
    Mvp,
    Pairings,
    bundled_inventory,
    bundled_pairings,
    bundled_years,
    effort_estimates,
    latest_year,
    mvp_catalog,
    quality_measures,
)
from optimizer.eligibility import Candidate, Eligibility, assess
from optimizer.errors import (
    InputFileError,
    PlannerError,
    ScenarioError,
    TableFormatError,
    UnknownYearError,
)
from optimizer.inventory import read_inventory
from optimizer.model import (
    Activity,
    Attestation,
    Exclusion,
    ExclusionCode,
    Inventory,
    Plan,
    PlannedActivity,
    PlanStatus,
    Reporting,
    Scenario,
    SpecialStatus,
    Weight,
)
from optimizer.practice_tables import read_efforts, read_history, read_pairings
from optimizer.rules import YearRules, rule_years, rules_for
from optimizer.scoring import Score, score_activities
from optimizer.solve import make_solver, plan
from optimizer.whatif import WhatIf, what_if_table

__all__ = [
    "Activity",
    "Attestation",
    "Candidate",
    "EffortEstimate",
    "Eligibility",
    "Exclusion",
    "ExclusionCode",
    "InputFileError",
    "Inventory",
    "Mvp",
    "Pairings",
    "Plan",
    "PlanStatus",
    "PlannedActivity",
    "PlannerError",
    "Reporting",
    "Scenario",
    "ScenarioError",
    "Score",
    "SpecialStatus",
    "TableFormatError",
    "UnknownYearError",
    "Weight",
    "WhatIf",
    "YearRules",
    "assess",
    "bundled_inventory",
    "bundled_pairings",
    "bundled_years",
    "effort_estimates",
    "latest_year",
    "make_solver",
    "mvp_catalog",
    "plan",
    "quality_measures",
    "read_efforts",
    "read_history",
    "read_inventory",
    "read_pairings",
    "rule_years",
    "rules_for",
    "score_activities",
    "what_if_table",
]
