"""The words the app shows for columns, statuses, reporting levels and rules, in one
place; the columns of a planned activity come from ``optimizer.wording``, so the app,
the command line and the workbook say the same thing."""

from __future__ import annotations

from collections.abc import Mapping

from optimizer import wording
from optimizer.errors import PlannerError, ScenarioError
from optimizer.exports.submission import SubmissionMethod
from optimizer.model import (
    FIX_WORDS,
    ExclusionCode,
    FixCode,
    Reason,
    Reporting,
    SpecialStatus,
    fix_text,
)
from optimizer.rules.year_rules import YearRules

# The columns of a planned activity, as every face names them (``optimizer.wording``).
ID, TITLE, SUBCATEGORY, WEIGHT = (
    wording.ACTIVITY_ID,
    wording.TITLE,
    wording.SUBCATEGORY,
    wording.WEIGHT,
)
POINTS, EFFORT, PAIRED = wording.POINTS, wording.EFFORT, wording.PAIRED
CLINICIANS_NEEDED = wording.CLINICIANS_NEEDED
START, END, START_BY = wording.START, wording.END, wording.START_BY
ALREADY, INCLUDE, EXCLUDE = "Already doing", "Must include", "Can't do"
ACTIVITY_COLUMNS = (ID, TITLE, POINTS, EFFORT, ALREADY, INCLUDE, EXCLUDE, SUBCATEGORY, WEIGHT)
"""The activity editor's columns: what the user edits first, the facts to the right."""
EDITABLE_COLUMNS = (EFFORT, ALREADY, INCLUDE, EXCLUDE)
HISTORY_ID, HISTORY_YEAR = "Activity ID", "Performance year"
DAYS = "Days"
CLINICIAN, ACTIVITIES, COUNT, NPI = "Clinician", "Activities", "Count", "NPI"

EXCLUSION_LABELS = {
    ExclusionCode.FREQUENCY_LIMIT: "frequency limit",
    ExclusionCode.NOT_IN_MVP: "not in the MVP",
    ExclusionCode.MVP_ONLY: "MVP only",
    ExclusionCode.NOT_PAIRED: "not paired",
    ExclusionCode.EXCLUDED_BY_USER: "excluded by you",
    ExclusionCode.MEDICAL_HOME_CREDIT: "medical-home credit",
    ExclusionCode.SUSPENDED: "suspended",
    ExclusionCode.TOO_FEW_CLINICIANS: "too few clinicians",
    ExclusionCode.NEEDS_SELECTION: "needs selection",
    ExclusionCode.TOO_LATE: "too late this year",
}
REPORTING_LABELS = {
    Reporting.INDIVIDUAL: "Individual",
    Reporting.GROUP: "Group",
    Reporting.VIRTUAL_GROUP: "Virtual group",
    Reporting.APM_ENTITY: "APM entity",
}
PAIRING_NONE, PAIRING_AT_LEAST, PAIRING_ALL = "None", "At least N paired", "All paired"
NO_MVP = "No MVP (traditional MIPS)"
METHOD_LABELS = {SubmissionMethod.REGISTRY: "Registry", SubmissionMethod.EHR: "EHR"}


SIDEBAR_FIELDS = {
    "clinicians": "Clinicians in the practice",
    "min_paired": PAIRING_AT_LEAST,
    "max_concurrent": "Activities running at once, at most",
}
"""The sidebar's fields by the label the user sees (a message names the field so)."""


def sidebar_field_error(field: str, problem: str) -> PlannerError:
    """A sidebar value the planner cannot read, named by its label: 'Clinicians in the
    practice must be a whole number of at most 100,000, got 999999999'."""
    return ScenarioError(f"'{SIDEBAR_FIELDS.get(field, field)}' {problem}")


def hours_text(hours: float) -> str:
    """Hours as the app shows them: '9 h', '17.5 h', '250,000 h' (two decimals at most,
    never an exponent)."""
    text = f"{hours:,.2f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('', '-0') else text} h"


def status_labels(rules: YearRules) -> dict[SpecialStatus, str]:
    """The special statuses as the sidebar names them, with the year's small-practice size."""
    return {
        SpecialStatus.SMALL_PRACTICE: (
            f"Small practice ({rules.small_practice_max} or fewer clinicians)"
        ),
        SpecialStatus.RURAL: "Rural",
        SpecialStatus.HPSA: "HPSA (health professional shortage area)",
        SpecialStatus.NON_PATIENT_FACING: "Non-patient facing",
    }


FIX_WORDS_APP: Mapping[FixCode, str] = {
    **FIX_WORDS,
    FixCode.MARK_RUNNING: f"tick '{ALREADY}' for the activities the practice already runs",
    FixCode.MARK_MORE_RUNNING: f"tick '{ALREADY}' for more of the activities the practice runs",
    FixCode.PLAN_NEXT_YEAR: "plan the next performance year",
    FixCode.START_EARLIER: "start earlier ('Start activities on or after' in Schedule limits)",
    FixCode.MORE_AT_ONCE: (
        "run more activities at once ('Activities running at once' in Schedule limits)"
    ),
    FixCode.CHOOSE_QUALITY: "choose the quality measures the practice reports in the sidebar",
    FixCode.DROP_MUST_INCLUDE: f"untick '{INCLUDE}' for {{subject}}",
    FixCode.FEWER_CANT_DO: f"untick '{EXCLUDE}' for some activities",
}
"""The changes that would help a plan, in the app's words: each names the field that
makes it (the plain words, ``optimizer.model.FIX_WORDS``, where the field says it)."""


def fix_in_app_words(reason: Reason) -> str:
    """The reason's fixes in the app's words ('' when none is known)."""
    return fix_text(reason.fixes, FIX_WORDS_APP)
