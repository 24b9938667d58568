"""The words the app shows for columns, statuses, reporting levels and rules, in one
place so the app, the command line and the workbook say the same thing."""

from __future__ import annotations

from optimizer.exports.submission import SubmissionMethod
from optimizer.model import ExclusionCode, Reporting, SpecialStatus
from optimizer.rules.year_rules import YearRules

ID, TITLE, SUBCATEGORY, WEIGHT, POINTS = "ID", "Title", "Subcategory", "Weight", "Points"
EFFORT, ALREADY, INCLUDE, EXCLUDE = "Effort (h)", "Already doing", "Must include", "Can't do"
ACTIVITY_COLUMNS = (ID, TITLE, SUBCATEGORY, WEIGHT, POINTS, EFFORT, ALREADY, INCLUDE, EXCLUDE)
EDITABLE_COLUMNS = (EFFORT, ALREADY, INCLUDE, EXCLUDE)
HISTORY_ID, HISTORY_YEAR = "Activity ID", "Performance year"
START, END, DAYS = "Start", "End", "Days"
CLINICIAN, ACTIVITIES, COUNT = "Clinician", "Activities", "Count"

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
