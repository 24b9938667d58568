"""Why a plan is what it is: a reason names the rule (its ``code``), says what it
means in words, and carries the changes that would help as codes (``Fix``).

Planning says *what* would help ("mark the activities the practice already runs");
each face says *where* in its own words: the command line names its options, the
app its fields, the workbook neither. ``FIX_WORDS`` are the plain words every face
starts from and the ones the workbook and the JSON keep.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class FixCode(StrEnum):
    """A change that would let a plan exist, or let it cost less."""

    MARK_RUNNING = "mark_running"
    MARK_MORE_RUNNING = "mark_more_running"
    PLAN_NEXT_YEAR = "plan_next_year"
    PLAN_EARLIER_DAY = "plan_earlier_day"
    START_EARLIER = "start_earlier"
    MORE_AT_ONCE = "more_at_once"
    CHOOSE_QUALITY = "choose_quality"
    REPORT_MORE_QUALITY = "report_more_quality"
    DROP_ALL_PAIRED = "drop_all_paired"
    ASK_FEWER_PAIRED = "ask_fewer_paired"
    DROP_MUST_INCLUDE = "drop_must_include"
    FEWER_CANT_DO = "fewer_cant_do"
    OTHER_MVP = "other_mvp"
    CHANGE_ROSTER = "change_roster"
    SHORTEN_CANNOT_DO = "shorten_cannot_do"
    ADD_CLINICIANS = "add_clinicians"
    MORE_PER_CLINICIAN = "more_per_clinician"
    LOWER_TARGET = "lower_target"
    CHECK_INVENTORY = "check_inventory"
    RELAX_LIMITS = "relax_limits"
    DROP_LIMITED_INCLUDE = "drop_limited_include"
    PLAN_FEWER_YEARS = "plan_fewer_years"


FIX_WORDS: Mapping[FixCode, str] = {
    FixCode.MARK_RUNNING: "mark the activities the practice already runs",
    FixCode.MARK_MORE_RUNNING: "mark more of the activities the practice already runs",
    FixCode.PLAN_NEXT_YEAR: "plan the next year",
    FixCode.PLAN_EARLIER_DAY: "plan as on an earlier day",
    FixCode.START_EARLIER: "start earlier",
    FixCode.MORE_AT_ONCE: "run more activities at once",
    FixCode.CHOOSE_QUALITY: "choose the quality measures the practice reports",
    FixCode.REPORT_MORE_QUALITY: "report more quality measures",
    FixCode.DROP_ALL_PAIRED: "drop the all-paired rule",
    FixCode.ASK_FEWER_PAIRED: "ask for fewer paired activities",
    FixCode.DROP_MUST_INCLUDE: "take {subject} off the must-include list",
    FixCode.FEWER_CANT_DO: "mark fewer activities as can't do",
    FixCode.OTHER_MVP: "choose another MVP than {subject}",
    FixCode.CHANGE_ROSTER: "change the roster",
    FixCode.SHORTEN_CANNOT_DO: "shorten the roster's 'cannot do' lists",
    FixCode.ADD_CLINICIANS: "add clinicians",
    FixCode.MORE_PER_CLINICIAN: "allow more activities per clinician",
    FixCode.LOWER_TARGET: "lower the target",
    FixCode.CHECK_INVENTORY: "check the inventory: too few activities are allowed this year",
    FixCode.RELAX_LIMITS: (
        "relax one of your limits (must-include, can't-do, pairing, caps or schedule)"
    ),
    FixCode.DROP_LIMITED_INCLUDE: "take a frequency-limited activity off the must-include list",
    FixCode.PLAN_FEWER_YEARS: "plan fewer years",
}
"""The plain words of each fix; ``{subject}`` is the activity or MVP it is about."""


@dataclass(frozen=True, slots=True)
class Fix:
    """One change that would help, and what it is about (an activity ID, an MVP)."""

    code: FixCode
    subject: str = ""

    def words(self, table: Mapping[FixCode, str] = FIX_WORDS) -> str:
        return table[self.code].format(subject=self.subject or "it")


def fix_text(fixes: Iterable[Fix], table: Mapping[FixCode, str] = FIX_WORDS) -> str:
    """'a', 'a or b', 'a, b or c': the fixes in one line, in ``table``'s words."""
    phrases = list(dict.fromkeys(f.words(table) for f in fixes))
    if len(phrases) <= 1:
        return "".join(phrases)
    return f"{', '.join(phrases[:-1])} or {phrases[-1]}"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a plan has the status it has: the rule or constraint (``code``, as the
    integer program names it), what it means in words, and the changes that help."""

    code: str
    text: str
    fixes: tuple[Fix, ...] = ()

    @property
    def fix(self) -> str:
        """The changes that help, in plain words ('' when none is known)."""
        return fix_text(self.fixes)

    def in_words(self, table: Mapping[FixCode, str] = FIX_WORDS) -> str:
        """'What blocks: what helps', the fixes in ``table``'s words."""
        fix = fix_text(self.fixes, table)
        return f"{self.text}: {fix}" if fix else self.text

    def __str__(self) -> str:
        return self.in_words()
