"""The changes that would help a plan, in the command line's words: each names the
option that makes it (``optimizer.model.FIX_WORDS`` are the plain words)."""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.model import FIX_WORDS, FixCode, Reason, fix_text

CLI_FIX_WORDS: Mapping[FixCode, str] = {
    **FIX_WORDS,
    FixCode.MARK_RUNNING: (
        "mark the activities the practice already runs (--running ID or ID:YYYY-MM-DD)"
    ),
    FixCode.MARK_MORE_RUNNING: (
        "mark more of the activities the practice already runs (--running ID or ID:YYYY-MM-DD)"
    ),
    FixCode.PLAN_NEXT_YEAR: "plan the next year (--year)",
    FixCode.PLAN_EARLIER_DAY: "plan as on an earlier day (--as-of)",
    FixCode.START_EARLIER: "start earlier (--start-date)",
    FixCode.MORE_AT_ONCE: "run more activities at once (--max-concurrent)",
    FixCode.CHOOSE_QUALITY: "choose the quality measures the practice reports (--quality)",
    FixCode.REPORT_MORE_QUALITY: "report more quality measures (--quality)",
    FixCode.DROP_ALL_PAIRED: "drop the all-paired rule (--require-pairing)",
    FixCode.ASK_FEWER_PAIRED: "ask for fewer paired activities (--min-paired)",
    FixCode.DROP_MUST_INCLUDE: "take {subject} off the must-include list (--include)",
    FixCode.FEWER_CANT_DO: "mark fewer activities as can't do (--exclude)",
    FixCode.OTHER_MVP: "choose another MVP than {subject} (--mvp)",
    FixCode.MORE_PER_CLINICIAN: "allow more activities per clinician (--max-per-clinician)",
    FixCode.LOWER_TARGET: "lower the target (--target)",
}


def fix_in_cli_words(reason: Reason) -> str:
    """The reason's fixes in the command line's words ('' when none is known)."""
    return fix_text(reason.fixes, CLI_FIX_WORDS)


def reason_in_cli_words(reason: Reason) -> str:
    """'What blocks: what helps', in the command line's words."""
    return reason.in_words(CLI_FIX_WORDS)
