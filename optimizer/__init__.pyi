"""What ``import optimizer`` offers; each name is loaded from its module on first use
(``optimizer/__init__.py``), so a face imports only the layers it touches."""

from .batch.plans import (
    PracticeOutput,
    PracticePlan,
    batch_json_lines,
    batch_outputs,
    batch_workbook,
    plan_practices,
    write_batch_workbook,
)
from .batch.practices import PracticeRow, read_practices
from .errors import (
    DataError,
    InputFileError,
    PlannerError,
    ScenarioError,
    SolverError,
    TableFormatError,
    UnknownYearError,
)
from .exports.scenario_json import (
    scenario_from_dict,
    scenario_from_json,
    scenario_to_dict,
    scenario_to_json,
)
from .exports.submission import SubmissionMethod, build_submission, submission_json
from .exports.workbook_layout import PlanNote, WorkbookScenario
from .exports.workbook_read import read_workbook
from .exports.workbook_write import write_workbook
from .model import (
    Activity,
    Assignment,
    Attestation,
    Clinician,
    EffortEstimate,
    Exclusion,
    ExclusionCode,
    Fix,
    FixCode,
    Inventory,
    Mvp,
    Pairings,
    Plan,
    PlannedActivity,
    PlanStatus,
    Reason,
    Reporting,
    Scenario,
    Score,
    SpecialStatus,
    Weight,
    Window,
)
from .planning.alternatives.next_plans import (
    Alternative,
    Alternatives,
    alternatives,
    alternatives_for,
)
from .planning.pipeline import plan, solve_plan
from .planning.resolve import resolve_year
from .planning.roadmap.build import roadmap
from .planning.roadmap.result import Roadmap, RoadmapYear
from .planning.schedule import Timeline, schedule_windows
from .planning.scoring import score_activities
from .planning.solve.problem import Problem, prepare
from .planning.solve.status import Solver
from .planning.whatif import WhatIf, what_if_table
from .rules.context import YearContext
from .rules.eligibility import Candidate, Eligibility, assess
from .rules.year_rules import YearRules, rule_years, rules_for
from .sources.bundled import (
    bundled_inventory,
    bundled_pairings,
    bundled_years,
    effort_estimates,
    latest_year,
    loaded_years,
    mvp_catalog,
    quality_measures,
    selections,
)
from .sources.inventory import read_inventory
from .sources.practice_tables import read_efforts, read_history, read_pairings
from .sources.roster import (
    read_roster,
    roster_from_records,
    roster_records,
    write_roster_csv,
)
from .sources.scenario_fields import scenario_from_fields
from .sources.year_changes import YearChange, year_changes

__all__ = [
    "Activity",
    "Alternative",
    "Alternatives",
    "Assignment",
    "Attestation",
    "Candidate",
    "Clinician",
    "DataError",
    "EffortEstimate",
    "Eligibility",
    "Exclusion",
    "ExclusionCode",
    "Fix",
    "FixCode",
    "InputFileError",
    "Inventory",
    "Mvp",
    "Pairings",
    "Plan",
    "PlanNote",
    "PlanStatus",
    "PlannedActivity",
    "PlannerError",
    "PracticeOutput",
    "PracticePlan",
    "PracticeRow",
    "Problem",
    "Reason",
    "Reporting",
    "Roadmap",
    "RoadmapYear",
    "Scenario",
    "ScenarioError",
    "Score",
    "Solver",
    "SolverError",
    "SpecialStatus",
    "SubmissionMethod",
    "TableFormatError",
    "Timeline",
    "UnknownYearError",
    "Weight",
    "WhatIf",
    "Window",
    "WorkbookScenario",
    "YearChange",
    "YearContext",
    "YearRules",
    "alternatives",
    "alternatives_for",
    "assess",
    "batch_json_lines",
    "batch_outputs",
    "batch_workbook",
    "build_submission",
    "bundled_inventory",
    "bundled_pairings",
    "bundled_years",
    "effort_estimates",
    "latest_year",
    "loaded_years",
    "mvp_catalog",
    "plan",
    "plan_practices",
    "prepare",
    "quality_measures",
    "read_efforts",
    "read_history",
    "read_inventory",
    "read_pairings",
    "read_practices",
    "read_roster",
    "read_workbook",
    "resolve_year",
    "roadmap",
    "roster_from_records",
    "roster_records",
    "rule_years",
    "rules_for",
    "scenario_from_dict",
    "scenario_from_fields",
    "scenario_from_json",
    "scenario_to_dict",
    "scenario_to_json",
    "schedule_windows",
    "score_activities",
    "selections",
    "solve_plan",
    "submission_json",
    "what_if_table",
    "write_batch_workbook",
    "write_roster_csv",
    "write_workbook",
    "year_changes",
]
