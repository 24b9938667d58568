"""IA Planner: the lowest-effort MIPS improvement activities for full credit.

Build a ``Scenario``, call ``plan``; read inventories with ``read_inventory``.

    >>> from optimizer import Scenario, SpecialStatus, plan
    >>> plan(Scenario(year=2024, statuses={SpecialStatus.SMALL_PRACTICE})).points
    40
"""

from optimizer.batch import (
    PracticePlan,
    PracticeRow,
    batch_json_lines,
    plan_practices,
    read_practices,
    write_batch_workbook,
)
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
    Assignment,
    Attestation,
    Clinician,
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
    Window,
)
from optimizer.practice_tables import read_efforts, read_history, read_pairings
from optimizer.roster import read_roster, roster_from_records, roster_records, write_roster_csv
from optimizer.rules import YearRules, rule_years, rules_for
from optimizer.scenario_io import (
    scenario_from_dict,
    scenario_from_json,
    scenario_to_dict,
    scenario_to_json,
)
from optimizer.schedule import Timeline, schedule_windows, timeline_rows
from optimizer.scoring import Score, score_activities
from optimizer.solve import make_solver, plan
from optimizer.submission import (
    SubmissionMethod,
    build_submission,
    submission_json,
    suggested_windows,
)
from optimizer.whatif import WhatIf, what_if_table
from optimizer.workbook import PlanNote, WorkbookScenario, read_workbook, write_workbook

__all__ = [
    "Activity",
    "Assignment",
    "Attestation",
    "Candidate",
    "Clinician",
    "EffortEstimate",
    "Eligibility",
    "Exclusion",
    "ExclusionCode",
    "InputFileError",
    "Inventory",
    "Mvp",
    "Pairings",
    "Plan",
    "PlanNote",
    "PlanStatus",
    "PlannedActivity",
    "PlannerError",
    "PracticePlan",
    "PracticeRow",
    "Reporting",
    "Scenario",
    "ScenarioError",
    "Score",
    "SpecialStatus",
    "SubmissionMethod",
    "TableFormatError",
    "Timeline",
    "UnknownYearError",
    "Weight",
    "WhatIf",
    "Window",
    "WorkbookScenario",
    "YearRules",
    "assess",
    "batch_json_lines",
    "build_submission",
    "bundled_inventory",
    "bundled_pairings",
    "bundled_years",
    "effort_estimates",
    "latest_year",
    "make_solver",
    "mvp_catalog",
    "plan",
    "plan_practices",
    "quality_measures",
    "read_efforts",
    "read_history",
    "read_inventory",
    "read_pairings",
    "read_practices",
    "read_roster",
    "read_workbook",
    "roster_from_records",
    "roster_records",
    "rule_years",
    "rules_for",
    "scenario_from_dict",
    "scenario_from_json",
    "scenario_to_dict",
    "scenario_to_json",
    "schedule_windows",
    "score_activities",
    "submission_json",
    "suggested_windows",
    "timeline_rows",
    "what_if_table",
    "write_batch_workbook",
    "write_roster_csv",
    "write_workbook",
]
