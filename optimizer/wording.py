"""Small helpers for the words every face prints: plurals and short lists."""

from __future__ import annotations

from collections.abc import Sequence

IRREGULAR = {
    "activity": "activities",
    "person": "people",
    "this": "these",
    "is": "are",
    "it": "they",
}


def plural(count: int, word: str) -> str:
    """'1 activity', '3 activities', '2 clinicians', '0 hours'."""
    return f"{count:g} {word if count == 1 else plural_of(word)}"


def plural_of(word: str) -> str:
    if word in IRREGULAR:
        return IRREGULAR[word]
    return f"{word[:-1]}ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else f"{word}s"


def listed(items: Sequence[str], most: int = 10) -> str:
    """'A, B, C' with at most ``most`` items, then ' ...'."""
    return ", ".join(items[:most]) + (" ..." if len(items) > most else "")


# The columns of a planned activity, named alike in the app, the command line's table
# and every workbook (the Plan, Activities, Roadmap and audit-pack sheets).
ACTIVITY_ID = "Activity ID"
TITLE = "Title"
SUBCATEGORY = "Subcategory"
WEIGHT = "Weight"
POINTS = "Points"
EFFORT = "Effort (h)"
PRACTICE_EFFORT = "Practice (h)"
CLINICIAN_EFFORT = "Clinicians (h)"
PAIRED = "Paired measures"
CLINICIANS_NEEDED = "Clinicians needed"
START, END = "Start", "End"
START_BY = "Start by"
"""The last day the activity can start and still run its full period in the year."""
WHAT_TO_DO = "What to do"
EVIDENCE_TO_KEEP = "Evidence to keep"
