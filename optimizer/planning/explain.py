"""Every reason a plan has the status it has, in plain words, with the change
that would help: the one place where the planner's findings become sentences.

The reasons keep the name of the constraint they stand for as ``code``
("reach_40_points", "must_include:IA_EPA_1", "group_50_percent:IA_BMH_7",
"clinician_cap", "schedule_room", "at_least_2_paired") so that tests and
scripts can tell them apart; people read ``text`` and ``fix``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from optimizer.model import ExclusionCode, Reason, Scenario
from optimizer.planning.solve.limits import CountLimit
from optimizer.rules.eligibility import Candidate, Eligibility
from optimizer.rules.group_rule import able, cap_of
from optimizer.rules.year_rules import YearRules
from optimizer.wording import plural

MAX_LISTED = 5
NO_MEASURES_FIX = (
    "choose the quality measures the practice reports (--quality, or 'Quality measures' in the app)"
)
NO_PLAN = Reason(
    "no_plan",
    "The rules and limits together leave no set of activities that reaches the target",
    "relax one of your limits (must-include, can't-do, pairing, caps or schedule)",
)


def full_credit(scenario: Scenario, rules: YearRules) -> Reason:
    """Where full credit without any activity comes from."""
    if scenario.ia_study and rules.ia_study_credit:
        return Reason(
            "full_credit:ia_study",
            "Full credit for taking part in CMS's improvement-activity study: no other "
            "activity is needed",
        )
    if rules.under_apm_standard(scenario):
        return Reason(
            "full_credit:apm_standard",
            "Full credit under the APM scoring standard: CMS assigned the MIPS APM its "
            "improvement-activity score from what the APM already requires; no other "
            "activity is needed",
        )
    if scenario.pcmh:
        return Reason(
            "full_credit:pcmh",
            "Full credit from the medical-home recognition (attest IA_PCMH): "
            "no other activity is needed",
        )
    return Reason(
        "full_credit:app",
        "Full credit from the APM Performance Pathway: no other activity is needed",
    )


def kept_under_full_credit(eligibility: Eligibility, scenario: Scenario) -> tuple[str, ...]:
    """What becomes of the activities the user insists on when full credit needs none."""
    if not scenario.include:
        return ()
    kept = sorted(scenario.include & {c.id for c in eligibility.candidates})
    notes = []
    if kept:
        verb = "earns" if len(kept) == 1 else "earn"
        notes.append(
            f"{', '.join(kept)} {verb} nothing more: the category is full already; kept in "
            "the plan because you require it"
        )
    exclusions = {e.id: e.reason for e in eligibility.excluded}
    notes += [
        f"You require {i}, but it {exclusions[i]}" for i in sorted(scenario.include - set(kept))
    ]
    return tuple(notes)


def fewest_activities(
    candidates: Sequence[Candidate], include: Collection[str], needed_points: int
) -> int | None:
    """The fewest activities, the required ones among them, that reach ``needed_points``
    (None when even all of them fall short)."""
    required = [c for c in candidates if c.id in include]
    points = sum(c.points for c in required)
    count = len(required)
    for candidate in sorted(
        (c for c in candidates if c.id not in include), key=lambda c: -c.points
    ):
        if points >= needed_points:
            break
        points += candidate.points
        count += 1
    return count if points >= needed_points else None


def _widen(scenario: Scenario, eligibility: Eligibility) -> str:
    """What would let more activities in, for this scenario."""
    ways = []
    if any(e.code is ExclusionCode.TOO_LATE for e in eligibility.excluded):
        ways.append("mark more of the activities the practice already runs")
    if scenario.exclude:
        ways.append("mark fewer activities as can't do")
    if scenario.require_pairing:
        ways.append("report more quality measures or drop the all-paired rule")
    if scenario.mvp:
        ways.append(f"choose another MVP than {scenario.mvp}")
    if scenario.roster:
        ways.append("shorten the roster's 'cannot do' lists")
    if scenario.target is not None:
        ways.append("lower the target")
    return "; ".join(ways) or "check the inventory: too few activities are allowed this year"


def blocking(eligibility: Eligibility, scenario: Scenario, needed: int) -> tuple[Reason, ...]:
    """The constraints no choice of activities can meet; empty when a plan may exist.
    For one practice these checks decide feasibility exactly: if every required
    activity is allowed and all allowed ones together reach the points and the
    paired count, choosing them all is a plan."""
    reasons = []
    candidate_ids = {c.id for c in eligibility.candidates}
    exclusions = {e.id: e for e in eligibility.excluded}
    for activity_id in sorted(scenario.include - candidate_ids):
        exclusion = exclusions.get(activity_id)
        why = exclusion.reason if exclusion else "cannot be chosen"
        fix = "take it off the must-include list"
        if exclusion is not None and exclusion.code is ExclusionCode.TOO_FEW_CLINICIANS:
            fix += " or change the roster"
        reasons.append(
            Reason(f"must_include:{activity_id}", f"You require {activity_id}, but {why}", fix)
        )
    reachable = sum(c.points for c in eligibility.candidates)
    late = [e for e in eligibility.excluded if e.code is ExclusionCode.TOO_LATE]
    if reachable < needed and scenario.require_pairing and not scenario.quality:
        # A setting that leaves nothing whatever the day: said first.
        reasons.append(
            Reason(
                f"reach_{needed}_points",
                "'All paired' keeps only activities that pair with a quality measure the "
                "practice reports, and no quality measure is given, so no activity is left",
                NO_MEASURES_FIX + ", or drop the all-paired rule",
            )
        )
    elif reachable < needed and late and not scenario.running:
        # Counted, not "every": from July only the activities of 6 months are too late.
        their = "its" if len(late) == 1 else "their"
        reasons.append(
            Reason(
                "too_late",
                f"{plural(len(late), 'activity')} can no longer run {their} period in "
                f"{scenario.year}; for example {late[0].id} {late[0].reason}",
                "mark the activities the practice already runs (--running ID:YYYY-MM-DD, or "
                "'Already doing' in the app), plan the next year, or plan as on an earlier "
                "day (--as-of)",
            )
        )
    elif reachable < needed:
        count = len(eligibility.candidates)
        allowed = {
            0: "No activity is still allowed",
            1: f"The one activity still allowed earns {reachable} points",
        }.get(count, f"The {count} activities still allowed earn {reachable} points together")
        reasons.append(
            Reason(
                f"reach_{needed}_points",
                f"{allowed}, and {needed} points are needed",
                _widen(scenario, eligibility),
            )
        )
    paired = [c.id for c in eligibility.candidates if c.paired_measures]
    if scenario.min_paired and not scenario.quality:
        reasons.append(
            Reason(
                f"at_least_{scenario.min_paired}_paired",
                f"You asked for at least {plural(scenario.min_paired, 'paired activity')}, "
                "and no quality measure is given to pair them with",
                NO_MEASURES_FIX + ", or ask for no paired activities",
            )
        )
    elif len(paired) < scenario.min_paired:
        measures = ", ".join(sorted(scenario.quality)) or "none given"
        pair = "pairs" if len(paired) == 1 else "pair"
        reasons.append(
            Reason(
                f"at_least_{scenario.min_paired}_paired",
                f"Only {plural(len(paired), 'allowed activity')} {pair} with your quality "
                f"measures ({measures}); you asked for at least {scenario.min_paired}",
                "report more quality measures or ask for fewer paired activities",
            )
        )
    return tuple(reasons)


def _roster(
    eligibility: Eligibility, scenario: Scenario, needed_points: int, needed: int
) -> list[Reason]:
    """Why the roster cannot staff a plan: too few staffable activities, or caps too tight."""
    candidates = eligibility.candidates
    if sum(c.points for c in candidates) < needed_points:
        unstaffed = sorted(
            (e for e in eligibility.excluded if e.code is ExclusionCode.TOO_FEW_CLINICIANS),
            key=lambda e: (-len(able(e.id, scenario)), e.id),
        )
        reasons = [
            Reason(
                f"group_50_percent:{e.id}",
                f"Too few clinicians can do {e.id}: {e.reason}",
                "shorten the 'cannot do' lists or add clinicians",
            )
            for e in unstaffed[:MAX_LISTED]
        ]
        if len(unstaffed) > MAX_LISTED:
            reasons.append(
                Reason(
                    "group_50_percent",
                    f"{plural(len(unstaffed) - MAX_LISTED, 'more activity')} lack enough "
                    "clinicians who can do them",
                    "shorten the 'cannot do' lists or add clinicians",
                )
            )
        return reasons
    fewest = fewest_activities(candidates, scenario.include, needed_points)
    places = 0
    for clinician in scenario.roster:
        doable = sum(1 for c in candidates if clinician.can_do(c.id))
        cap = cap_of(clinician, scenario)
        places += doable if cap is None else min(cap, doable)
    if fewest is None or fewest * needed <= places:
        return []
    caps = {cap_of(c, scenario) for c in scenario.roster}
    each = (
        f"at most {plural(next(iter(caps)) or 0, 'activity')} each"
        if len(caps) == 1 and None not in caps
        else "within their caps"
    )
    return [
        Reason(
            "clinician_cap",
            f"The roster's {plural(len(scenario.roster), 'clinician')}, {each}, fill "
            f"{places} places; the {plural(fewest, 'activity')} needed for {needed_points} "
            f"points take {fewest} x {needed} = {fewest * needed}",
            "allow more activities per clinician or add clinicians",
        )
    ]


def _limits(
    limits: Sequence[CountLimit], eligibility: Eligibility, scenario: Scenario, needed_points: int
) -> list[Reason]:
    fewest = fewest_activities(eligibility.candidates, scenario.include, needed_points)
    if fewest is None:
        return []
    return [
        Reason(
            limit.name,
            f"{limit.why[:1].upper()}{limit.why[1:]}; {plural(fewest, 'activity')} are needed "
            f"for {needed_points} points",
            limit.fix,
        )
        for limit in limits
        if fewest > limit.most
    ]


def infeasible(
    eligibility: Eligibility,
    scenario: Scenario,
    needed_points: int,
    *,
    clinicians_needed: int | None,
    limits: Sequence[CountLimit] = (),
    schedule_problem: str = "",
) -> tuple[Reason, ...]:
    """Every reason no plan exists; the general one when none is found."""
    if schedule_problem:
        return (
            Reason(
                "schedule_room",
                schedule_problem[:1].upper() + schedule_problem[1:],
                "start earlier or allow more activities at once",
            ),
        )
    own: list[Reason] = []
    if scenario.roster and clinicians_needed is not None:
        own += _roster(eligibility, scenario, needed_points, clinicians_needed)
    own += _limits(limits, eligibility, scenario, needed_points)
    found = (*own, *blocking(eligibility, scenario, needed_points))
    if found:
        return found
    if scenario.roster and clinicians_needed is not None:
        return (
            Reason(
                "group_50_percent, clinician_cap",
                f"No set of activities worth {needed_points} points can get "
                f"{clinicians_needed} clinicians each from the roster within their caps and "
                "what each can do",
                "allow more activities per clinician or shorten the 'cannot do' lists",
            ),
        )
    return (NO_PLAN,)
