"""Reading an improvement-activity inventory: CMS's spreadsheet, a CSV with its
columns or CMS's own data field names, or CMS's ``measures-data.json``.

All three become the same validated ``Inventory``; a bad file is refused with a
message naming the file, the row and the column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, BinaryIO

from optimizer.errors import TableFormatError
from optimizer.model import ACTIVITY_ID, PCMH_ID, Activity, Inventory, Weight
from optimizer.rules import rules_for
from optimizer.tables import RawTable, normalise_header, read_table

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
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_FREQUENCY_TEXT = re.compile(r"once every (\d+|two|three|four|five|six) years", re.IGNORECASE)
_SUSPENDED_TEXT = re.compile(r"suspended\b[^.]*?\bas of (\w+ \d{1,2}, \d{4})", re.IGNORECASE)


def subcategory_name(value: str) -> str:
    """CMS's data id ('careCoordination') or a spreadsheet name, as a display name."""
    return SUBCATEGORY_NAMES.get(value, value)


def normalise_measure_id(value: str) -> str:
    """Quality measure IDs as CMS writes them: '1' and '001' are both '001'."""
    value = value.strip().upper()
    return value.zfill(3) if value.isdigit() else value


def split_ids(text: str) -> tuple[str, ...]:
    """Quality measure IDs from '1; 119,236' -> ('001', '119', '236')."""
    return tuple(normalise_measure_id(p) for p in re.split(r"[,;\s]+", text) if p.strip())


def split_activity_ids(*texts: str) -> frozenset[str]:
    """Activity IDs typed as lists: 'ia_epa_1, IA_PM_2; IA_BE_6' -> upper-case IDs."""
    return frozenset(p.upper() for t in texts for p in re.split(r"[,;\s]+", t) if p.strip())


def frequency_from_text(description: str) -> int | None:
    """'may be selected once every 4 years' -> 4."""
    match = _FREQUENCY_TEXT.search(description)
    if match is None:
        return None
    word = match.group(1).lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def suspension_from_text(description: str) -> str | None:
    """'suspended for the 2025 performance period as of May 6, 2025' -> '2025-05-06'."""
    match = _SUSPENDED_TEXT.search(description)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%B %d, %Y").date().isoformat()


def _looks_like_header(row: Sequence[str]) -> bool:
    return any(normalise_header(cell) in _ID_HEADERS for cell in row)


def _keep_ia(record: dict[str, Any]) -> bool:
    return bool(record.get("category", "ia") == "ia")


class _Row:
    """One data row with the table's column map, for terse, well-located errors."""

    def __init__(
        self, table: RawTable, columns: dict[str, int], number: int, cells: tuple[str, ...]
    ):
        self.table, self.columns, self.number, self.cells = table, columns, number, cells

    def get(self, key: str) -> str:
        index = self.columns.get(key)
        return "" if index is None else self.cells[index]

    def error(self, key: str | None, problem: str) -> TableFormatError:
        return self.table.error(self.number, None if key is None else self.columns[key], problem)

    def number_at_least(self, key: str, low: float, *, integer: bool = False) -> float | None:
        text = self.get(key)
        if not text:
            return None
        kind = "a whole number" if integer else "a number"
        try:
            value = float(text)
        except ValueError:
            raise self.error(key, f"must be {kind} >= {low:g}, got {text!r}") from None
        if not value >= low or (integer and not value.is_integer()) or value == float("inf"):
            raise self.error(key, f"must be {kind} >= {low:g}, got {text!r}")
        return value


def _weight(row: _Row, activity_id: str, weighted_year: bool, year: int) -> Weight | None:
    text = row.get("weight").strip().lower()
    if text in _BLANK_WEIGHTS:
        if weighted_year and activity_id != PCMH_ID and "weight" in row.columns:
            raise row.error(
                "weight", f"{activity_id} needs a weight (Medium or High) in {year}, got blank"
            )
        return None
    try:
        return Weight(text)
    except ValueError:
        raise row.error(
            "weight", f"unknown weight {row.get('weight')!r} (expected Medium, High or blank)"
        ) from None


def _activity(row: _Row, year: int, weighted_year: bool) -> Activity | None:
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
    frequency = row.number_at_least("frequency", 1, integer=True)
    first_year = row.number_at_least("first_year", 2017, integer=True)
    effort = row.number_at_least("effort", 0)
    programs = [p.strip() for p in row.get("programs").split(",") if p.strip()]
    mvp_only_text = row.get("mvp_only").strip().lower()
    return Activity(
        id=activity_id,
        title=title or activity_id,
        subcategory=subcategory_name(row.get("subcategory")),
        weight=_weight(row, activity_id, weighted_year, year),
        first_year=None if first_year is None else int(first_year),
        frequency_years=int(frequency) if frequency else frequency_from_text(description),
        suspended_on=row.get("suspended") or suspension_from_text(description),
        mvp_only=mvp_only_text in {"yes", "true", "1"} or bool(programs and "mips" not in programs),
        effort=effort,
        quality_ids=split_ids(row.get("quality")),
        description=description,
    )


def inventory_from_table(table: RawTable, year: int) -> Inventory:
    """Validate a raw table as the inventory of ``year``."""
    rules = rules_for(year)
    columns = {key: i for key in COLUMNS if (i := table.find_column(COLUMNS[key])) is not None}
    if rules.weighted and "weight" not in columns:
        msg = (
            f"{table.source}: missing the weight column (looked for 'Activity Weighting' or "
            f"'weight'); activities are weighted Medium or High in {year}"
        )
        raise TableFormatError(msg, source=table.source, column="weight")
    activities: list[Activity] = []
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        row = _Row(table, columns, number, cells)
        activity = _activity(row, year, rules.weighted)
        if activity is None:
            continue
        if activity.id in first_row:
            raise row.error(
                "id",
                f"{activity.id} appears twice (first at {table.row_label} "
                f"{first_row[activity.id]}); each activity may be listed once",
            )
        first_row[activity.id] = number
        activities.append(activity)
    if not activities:
        msg = f"{table.source} lists no activities under its header row"
        raise TableFormatError(msg, source=table.source)
    return Inventory(year=year, activities=tuple(activities), source=table.source)


def read_inventory(fp: BinaryIO | bytes, year: int, source: str = "inventory") -> Inventory:
    """Read an inventory for ``year`` from xlsx, CSV or JSON bytes (or a binary file).

    ``source`` is the file name used in messages and to tell the format apart.
    """
    rules_for(year)  # an unknown year fails before the file is parsed
    table = read_table(
        fp,
        source,
        is_header=_looks_like_header,
        keep_record=_keep_ia,
        what="header row with an activity ID column ('Activity ID' or 'measureId')",
    )
    return inventory_from_table(table, year)
