"""Every reason a plan has the status it has, in plain words, with the change
that would help: the one place where the planner's findings become sentences.

The reasons keep the name of the constraint they stand for as ``code``
("reach_40_points", "must_include:IA_EPA_1", "group_50_percent:IA_BMH_7",
"clinician_cap", "schedule_room", "at_least_2_paired") so that tests and
scripts can tell them apart; people read ``text`` and ``fix``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from optimizer.model import Exclusion, ExclusionCode, Fix, FixCode, Reason, Scenario
from optimizer.planning.solve import names
from optimizer.planning.solve.limits import CountLimit
from optimizer.planning.solve.problem import Problem
from optimizer.rules.eligibility import Candidate, Eligibility
from optimizer.rules.group_rule import able, cap_of
from optimizer.rules.year_rules import YearRules
from optimizer.wording import plural

MAX_LISTED = 5
NO_PLAN = Reason(
    names.NO_PLAN,
    "The rules and limits together leave no set of activities that reaches the target",
    (Fix(FixCode.RELAX_LIMITS),),
)


def full_credit(scenario: Scenario, rules: YearRules) -> Reason:
    """Where full credit without any activity comes from."""
    if scenario.ia_study and rules.ia_study_credit:
        return Reason(
            names.about(names.FULL_CREDIT, "ia_study"),
            "Full credit for taking part in CMS's improvement-activity study: no other "
            "activity is needed",
        )
    if rules.under_apm_standard(scenario):
        return Reason(
            names.about(names.FULL_CREDIT, "apm_standard"),
            "Full credit under the APM scoring standard: CMS assigned the MIPS APM its "
            "improvement-activity score from what the APM already requires; no other "
            "activity is needed",
        )
    if scenario.pcmh:
        return Reason(
            names.about(names.FULL_CREDIT, "pcmh"),
            "Full credit from the medical-home recognition (attest IA_PCMH): "
            "no other activity is needed",
        )
    return Reason(
        names.about(names.FULL_CREDIT, "app"),
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


def _widen(scenario: Scenario, eligibility: Eligibility) -> tuple[Fix, ...]:
    """What would let more activities in, for this scenario."""
    ways = []
    if any(e.code is ExclusionCode.TOO_LATE for e in eligibility.excluded):
        ways.append(Fix(FixCode.MARK_MORE_RUNNING))
    if scenario.exclude:
        ways.append(Fix(FixCode.FEWER_CANT_DO))
    if scenario.require_pairing:
        ways += [Fix(FixCode.REPORT_MORE_QUALITY), Fix(FixCode.DROP_ALL_PAIRED)]
    if scenario.mvp:
        ways.append(Fix(FixCode.OTHER_MVP, scenario.mvp))
    if scenario.roster:
        ways.append(Fix(FixCode.SHORTEN_CANNOT_DO))
    if scenario.target is not None:
        ways.append(Fix(FixCode.LOWER_TARGET))
    return tuple(ways) or (Fix(FixCode.CHECK_INVENTORY),)


def _too_late(problem: Problem, late: Sequence[Exclusion]) -> Reason:
    """Too few activities can still run their period: counted, not "every" (from July
    only the activities of 6 months are too late)."""
    scenario = problem.scenario
    their = "its" if len(late) == 1 else "their"
    by_start = problem.as_of is None or (
        scenario.start_date is not None and scenario.start_date > problem.as_of
    )
    fixes = (
        (Fix(FixCode.START_EARLIER), Fix(FixCode.PLAN_NEXT_YEAR))
        if by_start
        else (Fix(FixCode.MARK_RUNNING), Fix(FixCode.PLAN_NEXT_YEAR), Fix(FixCode.PLAN_EARLIER_DAY))
    )
    return Reason(
        names.TOO_LATE,
        f"{plural(len(late), 'activity')} can no longer run {their} period in "
        f"{scenario.year}; for example {late[0].id} {late[0].reason}",
        fixes,
    )


def blocking(problem: Problem) -> tuple[Reason, ...]:
    """The constraints no choice of activities can meet; empty when a plan may exist.
    For one practice these checks decide feasibility exactly: if every required
    activity is allowed and all allowed ones together reach the points and the
    paired count, choosing them all is a plan."""
    eligibility, scenario, needed = problem.eligibility, problem.scenario, problem.needed
    reasons = []
    exclusions = {e.id: e for e in eligibility.excluded}
    for activity_id in sorted(problem.blocked):
        exclusion = exclusions.get(activity_id)
        why = exclusion.reason if exclusion else "cannot be chosen"
        fixes = [Fix(FixCode.DROP_MUST_INCLUDE, activity_id)]
        if exclusion is not None and exclusion.code is ExclusionCode.TOO_FEW_CLINICIANS:
            fixes.append(Fix(FixCode.CHANGE_ROSTER))
        reasons.append(
            Reason(
                names.about(names.MUST_INCLUDE, activity_id),
                f"You require {activity_id}, but {why}",
                tuple(fixes),
            )
        )
    reachable = sum(c.points for c in eligibility.candidates)
    late = [e for e in eligibility.excluded if e.code is ExclusionCode.TOO_LATE]
    if reachable < needed and scenario.require_pairing and not scenario.quality:
        # A setting that leaves nothing whatever the day: said first.
        reasons.append(
            Reason(
                names.reach_points(needed),
                "'All paired' keeps only activities that pair with a quality measure the "
                "practice reports, and no quality measure is given, so no activity is left",
                (Fix(FixCode.CHOOSE_QUALITY), Fix(FixCode.DROP_ALL_PAIRED)),
            )
        )
    elif reachable < needed and late and not scenario.running:
        reasons.append(_too_late(problem, late))
    elif reachable < needed:
        count = len(eligibility.candidates)
        allowed = {
            0: "No activity is still allowed",
            1: f"The one activity still allowed earns {reachable} points",
        }.get(count, f"The {count} activities still allowed earn {reachable} points together")
        reasons.append(
            Reason(
                names.reach_points(needed),
                f"{allowed}, and {needed} points are needed",
                _widen(scenario, eligibility),
            )
        )
    paired = [c.id for c in eligibility.candidates if c.paired_measures]
    owed = problem.min_paired
    if owed and not scenario.quality:
        reasons.append(
            Reason(
                names.at_least_paired(owed),
                f"You asked for at least {plural(owed, 'paired activity')}, "
                "and no quality measure is given to pair them with",
                (Fix(FixCode.CHOOSE_QUALITY), Fix(FixCode.ASK_FEWER_PAIRED)),
            )
        )
    elif len(paired) < owed:
        measures = ", ".join(sorted(scenario.quality)) or "none given"
        pair = "pairs" if len(paired) == 1 else "pair"
        reasons.append(
            Reason(
                names.at_least_paired(owed),
                f"Only {plural(len(paired), 'allowed activity')} {pair} with your quality "
                f"measures ({measures}); you asked for at least {owed}",
                (Fix(FixCode.REPORT_MORE_QUALITY), Fix(FixCode.ASK_FEWER_PAIRED)),
            )
        )
    return tuple(reasons)


def _roster(problem: Problem, needed: int) -> list[Reason]:
    """Why the roster cannot staff a plan: too few staffable activities, or caps too tight."""
    eligibility, scenario, needed_points = problem.eligibility, problem.scenario, problem.needed
    candidates = eligibility.candidates
    staffing = (Fix(FixCode.SHORTEN_CANNOT_DO), Fix(FixCode.ADD_CLINICIANS))
    if sum(c.points for c in candidates) < needed_points:
        unstaffed = sorted(
            (e for e in eligibility.excluded if e.code is ExclusionCode.TOO_FEW_CLINICIANS),
            key=lambda e: (-len(able(e.id, scenario)), e.id),
        )
        reasons = [
            Reason(
                names.about(names.GROUP_50_PERCENT, e.id),
                f"Too few clinicians can do {e.id}: {e.reason}",
                staffing,
            )
            for e in unstaffed[:MAX_LISTED]
        ]
        if len(unstaffed) > MAX_LISTED:
            reasons.append(
                Reason(
                    names.GROUP_50_PERCENT,
                    f"{plural(len(unstaffed) - MAX_LISTED, 'more activity')} lack enough "
                    "clinicians who can do them",
                    staffing,
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
            names.CLINICIAN_CAP,
            f"The roster's {plural(len(scenario.roster), 'clinician')}, {each}, fill "
            f"{places} places; the {plural(fewest, 'activity')} needed for {needed_points} "
            f"points take {fewest} x {needed} = {fewest * needed}",
            (Fix(FixCode.MORE_PER_CLINICIAN), Fix(FixCode.ADD_CLINICIANS)),
        )
    ]


def _limits(problem: Problem, limits: Sequence[CountLimit]) -> list[Reason]:
    needed_points = problem.needed
    fewest = fewest_activities(problem.candidates, problem.include, needed_points)
    if fewest is None:
        return []
    return [
        Reason(
            limit.name,
            f"{limit.why[:1].upper()}{limit.why[1:]}; {plural(fewest, 'activity')} are needed "
            f"for {needed_points} points",
            limit.fixes,
        )
        for limit in limits
        if fewest > limit.most
    ]


def infeasible(problem: Problem, schedule_problem: str = "") -> tuple[Reason, ...]:
    """Every reason no plan exists; the general one when none is found."""
    if schedule_problem:
        return (
            Reason(
                names.SCHEDULE_ROOM,
                schedule_problem[:1].upper() + schedule_problem[1:],
                (Fix(FixCode.START_EARLIER), Fix(FixCode.MORE_AT_ONCE)),
            ),
        )
    clinicians_needed = problem.clinicians_needed
    own: list[Reason] = []
    if problem.roster and clinicians_needed is not None:
        own += _roster(problem, clinicians_needed)
    own += _limits(problem, problem.limits)
    found = (*own, *blocking(problem))
    if found:
        return found
    if problem.roster and clinicians_needed is not None:
        return (
            Reason(
                f"{names.GROUP_50_PERCENT}, {names.CLINICIAN_CAP}",
                f"No set of activities worth {problem.needed} points can get "
                f"{clinicians_needed} clinicians each from the roster within their caps and "
                "what each can do",
                (Fix(FixCode.MORE_PER_CLINICIAN), Fix(FixCode.SHORTEN_CANNOT_DO)),
            ),
        )
    return (NO_PLAN,)
