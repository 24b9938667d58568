"""IA Planner: the lowest-effort MIPS improvement activities for full credit.

Build a ``Scenario``, call ``plan``; read inventories with ``read_inventory``.

    >>> from optimizer import Scenario, SpecialStatus, plan
    >>> plan(Scenario(year=2024, statuses={SpecialStatus.SMALL_PRACTICE})).points
    40

The package, layer by layer (each imports only the ones above it in this list):

* ``model``: Scenario, Plan, Activity, ... and ``errors``: one exception tree;
* ``sources``: tables, inventories, practice tables, rosters, bundled data, the
  CMS importer, and user fields into a Scenario (``scenario_fields``);
* ``rules``: the year rules table, checks, eligibility, the group rule, scoring;
* ``planning``: the pipeline (``plan``), knapsack, integer program, schedule,
  explanations, what-if, the roadmap, alternatives and year-over-year changes;
* ``exports``: workbook, QPP submission, scenario JSON;
* ``batch``: many practices at once;
* ``workspace``: practices, their plans per year, progress, evidence and
  attestations kept in a database (import ``optimizer.workspace``);
* faces: ``cli`` (the ``mips-ia`` command) and ``ui`` (the Streamlit pages of app.py).
"""

from optimizer.batch.plans import (
    PracticePlan,
    batch_json_lines,
    plan_practices,
    write_batch_workbook,
)
from optimizer.batch.practices import PracticeRow, read_practices
from optimizer.errors import (
    DataError,
    InputFileError,
    PlannerError,
    ScenarioError,
    SolverError,
    TableFormatError,
    UnknownYearError,
)
from optimizer.exports.scenario_json import (
    scenario_from_dict,
    scenario_from_json,
    scenario_to_dict,
    scenario_to_json,
)
from optimizer.exports.submission import SubmissionMethod, build_submission, submission_json
from optimizer.exports.workbook_layout import PlanNote, WorkbookScenario
from optimizer.exports.workbook_read import read_workbook
from optimizer.exports.workbook_write import write_workbook
from optimizer.model import (
    Activity,
    Assignment,
    Attestation,
    Clinician,
    EffortEstimate,
    Exclusion,
    ExclusionCode,
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
from optimizer.planning.alternatives import Alternative, Alternatives, alternatives
from optimizer.planning.milp import make_solver
from optimizer.planning.pipeline import plan
from optimizer.planning.resolve import resolve_year
from optimizer.planning.roadmap import roadmap
from optimizer.planning.roadmap_result import Roadmap, RoadmapYear
from optimizer.planning.schedule import Timeline, schedule_windows
from optimizer.planning.scoring import score_activities
from optimizer.planning.whatif import WhatIf, what_if_table
from optimizer.planning.year_changes import YearChange, year_changes
from optimizer.rules.context import YearContext
from optimizer.rules.eligibility import Candidate, Eligibility, assess
from optimizer.rules.year_rules import YearRules, rule_years, rules_for
from optimizer.sources.bundled import (
    bundled_inventory,
    bundled_pairings,
    bundled_years,
    effort_estimates,
    latest_year,
    mvp_catalog,
    quality_measures,
    selections,
)
from optimizer.sources.inventory import read_inventory
from optimizer.sources.practice_tables import read_efforts, read_history, read_pairings
from optimizer.sources.roster import (
    read_roster,
    roster_from_records,
    roster_records,
    write_roster_csv,
)
from optimizer.sources.scenario_fields import scenario_from_fields

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
    "Reason",
    "Reporting",
    "Roadmap",
    "RoadmapYear",
    "Scenario",
    "ScenarioError",
    "Score",
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
    "submission_json",
    "what_if_table",
    "write_batch_workbook",
    "write_roster_csv",
    "write_workbook",
    "year_changes",
]
