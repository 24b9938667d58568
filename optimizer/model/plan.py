"""The answer: the planned activities, what they earn and cost, when they run,
who carries them out, and why the plan is what it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from optimizer.model.activity import Weight
from optimizer.model.reasons import Reason
from optimizer.model.scenario import Scenario


def reason_dict(reason: Reason) -> dict[str, Any]:
    """A reason as JSON-ready data: its code, words and fixes (codes and words)."""
    return {
        "code": reason.code,
        "text": reason.text,
        "fix": reason.fix,
        "fixes": [{"code": str(f.code), "subject": f.subject} for f in reason.fixes],
    }


class PlanStatus(StrEnum):
    """How a plan came out."""

    OPTIMAL = "optimal"
    FULL_CREDIT = "full_credit"
    INFEASIBLE = "infeasible"

    @property
    def label(self) -> str:
        """The status in the words every face shows (the value stays the code)."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    PlanStatus.OPTIMAL: "Lowest-effort plan",
    PlanStatus.FULL_CREDIT: "Full credit already",
    PlanStatus.INFEASIBLE: "No plan",
}


class ExclusionCode(StrEnum):
    """Why an activity of the inventory cannot be part of the plan."""

    EXCLUDED_BY_USER = "excluded_by_user"
    FREQUENCY_LIMIT = "frequency_limit"
    NOT_IN_MVP = "not_in_mvp"
    MVP_ONLY = "mvp_only"
    MEDICAL_HOME_CREDIT = "medical_home_credit"
    NOT_PAIRED = "not_paired"
    SUSPENDED = "suspended"
    TOO_FEW_CLINICIANS = "too_few_clinicians"
    NEEDS_SELECTION = "needs_selection"
    TOO_LATE = "too_late"


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An activity ruled out of the plan, and why, in words."""

    id: str
    code: ExclusionCode
    reason: str

    def __reduce__(self) -> tuple[type[Exclusion], tuple[str, ExclusionCode, str]]:
        # Sent whole between processes (batch): rebuilt by the constructor, several
        # times faster than the field-by-field state of a slotted dataclass.
        return (Exclusion, (self.id, self.code, self.reason))


@dataclass(frozen=True, slots=True)
class PlannedActivity:
    """One activity the plan asks the practice to carry out."""

    id: str
    title: str
    subcategory: str
    weight: Weight | None
    points: int
    effort: float
    paired_measures: tuple[str, ...] = ()
    clinicians_needed: int | None = None
    practice_effort: float = 0.0
    """The practice's part of ``effort``: set-up, policy, reports, done once."""
    clinician_effort: float = 0.0
    """The participating clinicians' part of ``effort``, all of them together."""
    period_days: int = 0
    """The continuous days it must run (the year's default unless it says otherwise)."""
    last_start: date | None = None
    """The last day it may start and still run its period by December 31."""
    what_to_do: str = ""
    evidence_to_keep: str = ""
    effort_reason: str = ""
    """Where the effort figure comes from ('set by you', 'already running', the
    estimate's own reason)."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """Who of the roster carries out one planned activity."""

    activity: str
    clinicians: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Window:
    """The days one planned activity runs, both ends included."""

    activity: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Score:
    """Points of the IA category and what they are worth in the final score."""

    automatic_points: int
    activity_points: int
    points: int
    category_max: int
    category_score: float
    category_weight: int
    final_score_points: float
    weight_basis: str = ""
    """Why the IA weight is what it is ('' for the year's plain weight), e.g.
    "Promoting Interoperability reweighted (automatic for a small practice)"."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The answer: which activities, what they earn, what they cost, and why.

    ``reasons`` say why the status is what it is (what blocks a plan, where full
    credit comes from); ``warnings`` are everything else worth telling the user.
    """

    status: PlanStatus
    year: int
    target: int
    needed_points: int
    score: Score
    total_effort: float
    last_start: date
    submission_window: tuple[date, date]
    activities: tuple[PlannedActivity, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    schedule: tuple[Window, ...] = ()
    as_of: date | None = None
    scenario: Scenario | None = field(default=None, compare=False)
    borrowed_from: int | None = None
    """The year whose CMS list and rules the plan was made on, carried forward to its
    own year, whose list is not loaded (None: the year's own)."""

    @property
    def provisional(self) -> bool:
        """Made on another year's data: to be planned again once the year's own is loaded."""
        return self.borrowed_from is not None

    @property
    def provisional_note(self) -> str:
        """What a provisional plan assumes, in words ('' for a plan on its year's own data)."""
        if self.borrowed_from is None:
            return ""
        opens, closes = self.submission_window
        return (
            f"Provisional: CMS's PY{self.year} list is not loaded, so this plan uses "
            f"PY{self.borrowed_from}'s activities and rules carried forward to {self.year} "
            f"(assumed: last start {self.last_start.isoformat()}, submission "
            f"{opens.isoformat()} to {closes.isoformat()}); plan again once PY{self.year}'s "
            "list is loaded"
        )

    @property
    def activity_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.activities)

    @property
    def points(self) -> int:
        return self.score.points

    @property
    def automatic_points(self) -> int:
        return self.score.automatic_points

    @property
    def category_max(self) -> int:
        return self.score.category_max

    @property
    def category_score(self) -> float:
        return self.score.category_score

    @property
    def category_weight(self) -> int:
        return self.score.category_weight

    @property
    def final_score_points(self) -> float:
        return self.score.final_score_points

    @property
    def messages(self) -> tuple[str, ...]:
        """The reasons, then the warnings, as lines of text."""
        return (*(str(r) for r in self.reasons), *self.warnings)

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain JSON-ready data (the CLI's ``--format json``)."""
        return {
            "status": str(self.status),
            "year": self.year,
            "provisional": self.provisional,
            "borrowed_from": self.borrowed_from,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "target": self.target,
            "category_max": self.category_max,
            "automatic_points": self.automatic_points,
            "needed_points": self.needed_points,
            "points": self.points,
            "category_score": self.category_score,
            "category_weight": self.category_weight,
            "final_score_points": self.final_score_points,
            "category_weight_basis": self.score.weight_basis,
            "total_effort": self.total_effort,
            "last_start": self.last_start.isoformat(),
            "submission_window": {
                "opens": self.submission_window[0].isoformat(),
                "closes": self.submission_window[1].isoformat(),
            },
            "activities": [
                {
                    "id": a.id,
                    "title": a.title,
                    "subcategory": a.subcategory,
                    "weight": None if a.weight is None else str(a.weight),
                    "points": a.points,
                    "effort": a.effort,
                    "practice_effort": a.practice_effort,
                    "clinician_effort": a.clinician_effort,
                    "effort_reason": a.effort_reason,
                    "paired_measures": list(a.paired_measures),
                    "clinicians_needed": a.clinicians_needed,
                    "period_days": a.period_days,
                    "what_to_do": a.what_to_do,
                    "evidence_to_keep": a.evidence_to_keep,
                    "last_start": None if a.last_start is None else a.last_start.isoformat(),
                }
                for a in self.activities
            ],
            "excluded": [
                {"id": e.id, "code": str(e.code), "reason": e.reason} for e in self.excluded
            ],
            "reasons": [reason_dict(r) for r in self.reasons],
            "warnings": list(self.warnings),
            "messages": list(self.messages),
            "assignments": [
                {"activity": a.activity, "clinicians": list(a.clinicians)} for a in self.assignments
            ],
            "schedule": [
                {"activity": w.activity, "start": w.start.isoformat(), "end": w.end.isoformat()}
                for w in self.schedule
            ],
        }

    def __str__(self) -> str:
        head = (
            f"PY{self.year} {self.status.label}: {self.points}/{self.category_max} points "
            f"({self.category_score:g}% of the category, {self.final_score_points:g} "
            f"final-score points), effort {self.total_effort:g} h"
        )
        lines = [head]
        if self.provisional:
            lines.append(f"  ! {self.provisional_note}")
        lines += [f"  {a.id} ({a.points} pts, {a.effort:g} h) {a.title}" for a in self.activities]
        lines += [f"  ! {m}" for m in self.messages]
        return "\n".join(lines)
