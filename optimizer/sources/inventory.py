"""Reading an improvement-activity inventory: CMS's spreadsheet, a CSV with its
columns or CMS's own data field names, or CMS's ``measures-data.json``.

All three become the same validated ``Inventory``; a bad file is refused with a
message naming the file, the row and the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, BinaryIO

from optimizer.errors import TableFormatError
from optimizer.model import ACTIVITY_ID, PCMH_ID, Activity, Inventory, Weight
from optimizer.model.values import BadValue, hours, shown, whole
from optimizer.rules.year_rules import rule_years, rules_for
from optimizer.sources.field_values import iso_date, measure_ids
from optimizer.sources.tables import Cells, RawTable, normalise_header, read_table

# Column aliases, compared after normalise_header (case, spaces and punctuation ignored).
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Activity ID", "measureId", "ID", "Activity_ID", "IA ID"),
    "title": ("Activity Title", "title", "Activity Name", "Activity"),
    "subcategory": ("Subcategory Name", "subcategoryId", "Subcategory", "Subcategory ID"),
    "description": ("Activity Description", "description"),
    "weight": ("Activity Weighting", "weight", "Weighting", "Activity Weight"),
    "effort": ("Effort", "Effort hours", "Effort (hours)", "effort_hours"),
    "frequency": (
        "Frequency limit",
        "Frequency limit (years)",
        "frequency_years",
        "Once every N years",
    ),
    "quality": (
        "Related quality measures",
        "Quality measure IDs",
        "Quality measures",
        "quality_ids",
        "Related quality measure IDs",
    ),
    "period": ("Period (days)", "period_days", "Minimum period (days)"),
    "first_year": ("First performance year", "firstPerformanceYear", "first_year"),
    "suspended": ("Suspended on", "suspended_on"),
    "mvp_only": ("MVP only", "mvp_only"),
    "programs": ("allowedPrograms", "Allowed programs"),
}
_ID_HEADERS = {normalise_header(a) for a in COLUMNS["id"]}

SUBCATEGORY_NAMES = {
    "expandedPracticeAccess": "Expanded Practice Access",
    "populationManagement": "Population Management",
    "careCoordination": "Care Coordination",
    "beneficiaryEngagement": "Beneficiary Engagement",
    "patientSafetyAndPracticeAssessment": "Patient Safety and Practice Assessment",
    "achievingHealthEquity": "Achieving Health Equity",
    "emergencyResponseAndPreparedness": "Emergency Response and Preparedness",
    "behavioralAndMentalHealth": "Behavioral and Mental Health",
    "advancingHealthAndWellness": "Advancing Health and Wellness",
    "participationInAPM": "Participation in an APM",
}
_BLANK_WEIGHTS = {"", "n/a", "na", "none", "null", "-", "not applicable"}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12}
_FREQUENCY_TEXT = re.compile(r"once every (\d+|two|three|four|five|six) years", re.IGNORECASE)
_SUSPENDED_TEXT = re.compile(r"suspended\b[^.]*?\bas of (\w+ \d{1,2}, \d{4})", re.IGNORECASE)
_PERIOD_MONTHS = re.compile(
    r"\b(?:minimum|at least)(?: of)? (\d+|one|two|three|four|five|six|twelve) months?\b",
    re.IGNORECASE,
)
_PERIOD_DAYS = re.compile(
    r"\b(?:continuous|consecutive) (\d+) days or (?:greater|more|longer)\b", re.IGNORECASE
)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def subcategory_name(value: str) -> str:
    """CMS's data id ('careCoordination') or a spreadsheet name, as a display name."""
    return SUBCATEGORY_NAMES.get(value, value)


def frequency_from_text(description: str) -> int | None:
    """'may be selected once every 4 years' -> 4."""
    match = _FREQUENCY_TEXT.search(description)
    if match is None:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def days_in_months(months: int) -> int:
    """The most days ``months`` consecutive calendar months of one year can have: a
    window that long always covers that many months (6 -> 184, July to December)."""
    return max(sum(_MONTH_DAYS[m : m + months]) for m in range(13 - months))


def period_from_text(description: str) -> int | None:
    """'registered for a minimum of 6 months' -> 184; 'a continuous 60 days or greater'
    -> 60 (CMS: the period is 90 days unless the description says otherwise)."""
    months = _PERIOD_MONTHS.search(description)
    if months is not None:
        word = months.group(1).lower()
        count = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        return days_in_months(min(count, 12))
    days = _PERIOD_DAYS.search(description)
    return None if days is None else int(days.group(1))


def suspension_from_text(description: str) -> str | None:
    """'suspended for the 2025 performance period as of May 6, 2025' -> '2025-05-06'."""
    match = _SUSPENDED_TEXT.search(description)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%B %d, %Y").date().isoformat()


def _suspension_day(text: str) -> str:
    """The day CMS suspended the activity ('no' or 'N/A' is not a day: it is refused,
    where taking it as one would suspend the activity)."""
    try:
        return iso_date(text).isoformat()
    except BadValue:
        msg = (
            "must be the day CMS suspended the activity, such as 2025-05-06, "
            f"or empty; got {shown(text)}"
        )
        raise BadValue(msg) from None


def _looks_like_header(row: Sequence[str]) -> bool:
    return any(normalise_header(cell) in _ID_HEADERS for cell in row)


def _keep_ia(record: dict[str, Any]) -> bool:
    return bool(record.get("category", "ia") == "ia")


def _weight(row: Cells) -> Weight | None:
    text = row.get("weight").strip().lower()
    if text in _BLANK_WEIGHTS:
        return None
    try:
        return Weight(text)
    except ValueError:
        raise row.error(
            "weight", f"unknown weight {row.get('weight')!r} (expected Medium, High or blank)"
        ) from None


def _activity(row: Cells) -> Activity | None:
    raw_id = row.get("id")
    activity_id = raw_id.strip().upper().replace(" ", "_")
    title = row.get("title")
    others = [row.get(k) for k in ("title", "weight", "subcategory")]
    if not activity_id:
        if not any(others):
            return None  # a note or spacer row under the table
        raise row.error("id", f"the activity {title[:60]!r} has no activity ID")
    if not ACTIVITY_ID.match(activity_id):
        if not any(others):
            return None  # a footnote such as '* Activities added in 2024'
        raise row.error("id", f"{raw_id!r} is not an activity ID (IDs look like IA_EPA_1)")
    description = row.get("description")
    frequency = row.read("frequency", lambda t: whole(t, 1))
    period = row.read("period", lambda t: whole(t, 1))
    first_year = row.read("first_year", lambda t: whole(t, 2017))
    effort = row.read("effort", hours)
    suspended = row.read("suspended", _suspension_day)
    programs = [p.strip() for p in row.get("programs").split(",") if p.strip()]
    mvp_only_text = row.get("mvp_only").strip().lower()
    return Activity(
        id=activity_id,
        title=title or activity_id,
        subcategory=subcategory_name(row.get("subcategory")),
        weight=_weight(row),
        first_year=first_year,
        frequency_years=frequency or frequency_from_text(description),
        period_days=period or period_from_text(description),
        suspended_on=suspended or suspension_from_text(description),
        mvp_only=mvp_only_text in {"yes", "true", "1"} or bool(programs and "mips" not in programs),
        effort=effort,
        quality_ids=measure_ids(row.get("quality")),
        description=description,
    )


def inventory_from_table(table: RawTable, year: int) -> Inventory:
    """Validate a raw table as the inventory of ``year``."""
    columns = table.column_map(COLUMNS)
    activities: list[Activity] = []
    unweighted: list[tuple[Cells, str]] = []
    first_row: dict[str, int] = {}
    for row in table.cells(columns):
        activity = _activity(row)
        if activity is None:
            continue
        if activity.weight is None and activity.id != PCMH_ID:
            unweighted.append((row, activity.id))
        if activity.id in first_row:
            raise row.error(
                "id",
                f"{activity.id} appears twice (first at {table.row_label} "
                f"{first_row[activity.id]}); each activity may be listed once",
            )
        first_row[activity.id] = row.number
        activities.append(activity)
    if not activities:
        msg = f"{table.source} lists no activities under its header row"
        raise TableFormatError(msg, source=table.source)
    if rules_for(year).weighted:
        _check_weights(table, "weight" in columns, unweighted, year)
    return Inventory(year=year, activities=tuple(activities), source=table.source)


def _check_weights(
    table: RawTable, has_column: bool, unweighted: list[tuple[Cells, str]], year: int
) -> None:
    """In a weighted year every activity but the medical-home one needs its weight."""
    if not has_column:
        msg = (
            f"{table.source}: missing the weight column (looked for 'Activity Weighting' or "
            f"'weight'); activities are weighted Medium or High in {year}"
        )
        raise TableFormatError(msg, source=table.source, column="weight")
    if unweighted:
        row, activity_id = unweighted[0]
        raise row.error(
            "weight", f"{activity_id} needs a weight (Medium or High) in {year}, got blank"
        )


def read_inventory(fp: BinaryIO | bytes, year: int, source: str = "inventory") -> Inventory:
    """Read an inventory for ``year`` from xlsx, CSV or JSON bytes (or a binary file).

    ``source`` is the file name used in messages and to tell the format apart.
    """
    table = read_table(
        fp,
        source,
        is_header=_looks_like_header,
        keep_record=_keep_ia,
        what="header row with an activity ID column ('Activity ID' or 'measureId')",
    )
    return inventory_from_table(table, year)


def read_new_year_inventory(data: bytes, year: int, source: str) -> Inventory:
    """``read_inventory`` for CMS's list of a year the rules table may not have yet:
    such a list is checked against the latest year's rules (weights, for one)."""
    known = rule_years()
    checked_as = year if year in known or year < known[0] else known[-1]
    inventory = read_inventory(data, checked_as, source=source)
    return inventory if checked_as == year else replace(inventory, year=year)
