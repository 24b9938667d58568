"""The integer program: the least-effort set of activities that reaches the target.

    minimise   sum(effort_i * x_i)            (then fewer activities)
    subject to sum(points_i * x_i) >= target - automatic credit   "reach_N_points"
               x_i = 1 for activities the user must do            "must_include:ID"
               sum(x_i for paired i) >= K                         "at_least_K_paired"
               x_i in {0, 1}

Activities that the rules rule out (frequency limits, MVP lists, exclusions,
pairing) never become variables; ``eligibility.py`` decides that and says why.
Groups add who does each activity (``groups.py``: "group_50_percent:ID",
"clinician_cap:NPI") and limits on how many activities fit ("schedule_room").
Without those, the exact dynamic program of ``knapsack.py`` solves the same
model (the default, ``--solver auto``); HiGHS or CBC through PuLP otherwise.
An infeasible model is a Plan with status ``infeasible`` and the reasons in words.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import highspy
import pulp

from optimizer.bundled import Pairings, bundled_inventory, bundled_pairings, mvp_for
from optimizer.eligibility import Candidate, Eligibility, assess
from optimizer.errors import PlannerError, ScenarioError
from optimizer.groups import (
    GENERAL_FALLBACK,
    CountLimit,
    RosterModel,
    cap_limit,
    explain_group,
    staffable,
    unstaffed_required,
    without_unstaffed,
)
from optimizer.knapsack import EFFORT_UNIT, least_effort
from optimizer.model import (
    Assignment,
    Inventory,
    Plan,
    PlannedActivity,
    PlanStatus,
    Reporting,
    Scenario,
    SpecialStatus,
)
from optimizer.rules import YearRules, rules_for
from optimizer.schedule import schedule_limit, schedule_windows
from optimizer.scoring import score_points

SMALL_PRACTICE_MAX = 15


SOLVERS = ("auto", "highs", "cbc")
"""'auto' is the exact dynamic program of ``knapsack.py`` (the fastest, measured by
``benchmarks/bench_plan.py``); 'highs' and 'cbc' solve the integer program."""


@cache
def _silence_highs_banner() -> None:
    """HiGHS prints its banner to file descriptor 1 once per process, when the first
    ``Highs()`` is built and before any option can turn output off; build that first
    one with descriptor 1 pointed at /dev/null so JSON on stdout stays clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        highspy.Highs()  # type: ignore[no-untyped-call]  # highspy leaves __init__ untyped
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


def _cbc_path() -> str | None:
    """The CBC binary that ``pulp[cbc]`` installs (cbcbox), run directly rather than
    through its Python launcher script; None lets PuLP look for ``cbc`` on PATH."""
    try:
        import cbcbox
    except ImportError:
        return None
    path: str = cbcbox.cbc_bin_path()
    return path if os.access(path, os.X_OK) else None


def make_solver(name: str = "auto") -> pulp.LpSolver | None:
    """The solver for ``plan``: None for 'auto' (the exact fast path), else HiGHS
    (in-process, through ``highspy``) or CBC (a ``cbc`` command), with no gap."""
    if name == "auto":
        return None
    if name == "cbc":
        return pulp.COIN_CMD(msg=False, gapRel=0, gapAbs=0, path=_cbc_path())
    if name == "highs":
        _silence_highs_banner()
        return pulp.HiGHS(msg=False, gapRel=0, gapAbs=0)
    msg = f"unknown solver {name!r}: use {', '.join(repr(s) for s in SOLVERS)}"
    raise ScenarioError(msg)


@dataclass(frozen=True, slots=True)
class _Outcome:
    chosen: tuple[Candidate, ...]
    reasons: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = ()

    @property
    def feasible(self) -> bool:
        return not self.reasons


def check_scenario(scenario: Scenario, inventory: Inventory, rules: YearRules) -> list[str]:
    """Refuse choices the year's rules do not allow; return warnings worth showing."""
    year = scenario.year
    if inventory.year != year:
        msg = f"The inventory is for {inventory.year} but the plan is for {year}"
        raise ScenarioError(msg)
    if scenario.app and not rules.app_full_credit:
        msg = f"The APM Performance Pathway (APP) starts in 2021; there is none in {year}"
        raise ScenarioError(msg)
    if scenario.mvp is not None:
        if not rules.mvp:
            msg = f"MVP reporting starts in 2023; there are no MVPs in {year}"
            raise ScenarioError(msg)
        if scenario.app:
            msg = "Report through the APP or through an MVP, not both"
            raise ScenarioError(msg)
        mvp_for(year, scenario.mvp)
    if scenario.reporting is Reporting.VIRTUAL_GROUP and year < 2018:
        msg = f"Virtual groups start in 2018; there are none in {year}"
        raise ScenarioError(msg)
    for label, ids in (("must include", scenario.include), ("excluded", scenario.exclude)):
        unknown = sorted(i for i in ids if i not in inventory)
        if unknown:
            msg = (
                f"Unknown activity ID {', '.join(unknown)} in the {label} list: "
                f"not in the {year} inventory ({inventory.source})"
            )
            raise ScenarioError(msg)

    warnings = []
    newer = sorted(a.id for a in inventory.activities if a.first_year and a.first_year > year)
    if newer:
        warnings.append(
            f"{len(newer)} activities of the inventory start after {year} (e.g. {newer[0]}): "
            f"is {inventory.source} the {year} inventory?"
        )
    future = sorted({a.year for a in scenario.history if a.year >= year})
    if future:
        warnings.append(
            f"History from {', '.join(map(str, future))} is not used: only attestations "
            f"before {year} limit the {year} plan"
        )
    today = date.today()
    if today.year == year and today > rules.last_start:
        warnings.append(
            f"Today ({today.isoformat()}) is past {year}'s last 90-day start "
            f"({rules.last_start.isoformat()}): only activities the practice already runs "
            "can still count this year"
        )
    if (
        SpecialStatus.SMALL_PRACTICE in scenario.statuses
        and scenario.clinicians is not None
        and scenario.clinicians > SMALL_PRACTICE_MAX
    ):
        warnings.append(
            f"The small-practice status needs {SMALL_PRACTICE_MAX} or fewer clinicians; "
            f"you gave {scenario.clinicians}"
        )
    if scenario.reporting in (Reporting.GROUP, Reporting.VIRTUAL_GROUP):
        size = scenario.group_size
        if size is None:
            count = rules.group_rule_text()
        else:
            count = f"{rules.clinicians_needed(size)} of your {size} clinicians"
        warnings.append(
            f"Group rule for {year}: {count} must each do every planned activity "
            "for a continuous 90 days"
        )
        if scenario.pcmh:
            share = rules.pcmh_group_site_share
            sites = f"at least {share:.0%} of" if share else "at least one of"
            warnings.append(
                f"Medical-home credit for a group needs {sites} its practice sites recognized"
            )
    if scenario.reporting is Reporting.APM_ENTITY and not (scenario.apm or scenario.app):
        warnings.append("Reporting as an APM Entity counts as APM participation (50% credit)")
    return warnings


SOLVER_ATTEMPTS = 2
"""CBC runs as a separate program; on a busy machine a start of it has been seen to
fail once in a few thousand solves, so a failed run is tried once more."""


def _run_solver(prob: pulp.LpProblem, solver: pulp.LpSolver) -> None:
    for attempt in range(1, SOLVER_ATTEMPTS + 1):
        try:
            prob.solve(solver)
            return
        except pulp.PulpSolverError as exc:
            if attempt == SOLVER_ATTEMPTS:
                msg = (
                    f"The {solver.name} solver failed to run ({exc}); try again, or plan "
                    "with another solver (--solver auto or --solver highs)"
                )
                raise PlannerError(msg) from exc


def _solve(
    candidates: tuple[Candidate, ...],
    scenario: Scenario,
    needed: int,
    solver: pulp.LpSolver | None,
    *,
    limits: Sequence[CountLimit] = (),
    roster: RosterModel | None = None,
) -> _Outcome:
    if solver is None and not limits and roster is None:
        found = least_effort(
            candidates, needed, include=scenario.include, min_paired=scenario.min_paired
        )
        if found is None:
            return _Outcome((), ("no set of allowed activities meets every constraint",))
        return _Outcome(found)
    prob = pulp.LpProblem("ia_plan", pulp.LpMinimize)
    ids = [c.id for c in candidates]
    x = prob.add_variable_dicts("choose", ids, cat=pulp.LpBinary)
    # Efforts in integral hundredths, times (n + 1), plus one per activity: the least
    # effort wins, and among equal efforts the fewest activities.
    scale = len(candidates) + 1
    cost = pulp.lpSum((round(c.effort * EFFORT_UNIT) * scale + 1) * x[c.id] for c in candidates)
    # The fast path knows nothing of counts or clinicians: those need the integer program.
    solver = solver or make_solver("highs")
    if roster is not None:
        cost += roster.add_to(prob, x, scale)
    prob += cost
    for limit in limits:
        prob += (pulp.lpSum(x.values()) <= limit.most, limit.name)
    prob += (pulp.lpSum(c.points * x[c.id] for c in candidates) >= needed, f"reach_{needed}_points")
    for activity_id in sorted(scenario.include):
        if activity_id in x:
            prob += (x[activity_id] == 1, f"must_include:{activity_id}")
    if scenario.min_paired:
        paired = [x[c.id] for c in candidates if c.paired_measures]
        prob += (
            pulp.lpSum(paired) >= scenario.min_paired,
            f"at_least_{scenario.min_paired}_paired",
        )
    _run_solver(prob, solver)
    status = pulp.LpStatus[prob.status]
    # CBC reports some infeasible models as "Undefined".
    if status in ("Infeasible", "Undefined"):
        return _Outcome((), ("the solver found no plan that meets every constraint",))
    if status != "Optimal":
        msg = f"the solver stopped with status {status!r}"
        raise RuntimeError(msg)
    chosen = tuple(c for c in candidates if (x[c.id].value() or 0) > 0.5)
    assignments = () if roster is None else roster.assignments(c.id for c in chosen)
    return _Outcome(chosen, assignments=assignments)


def blocking_reasons(eligibility: Eligibility, scenario: Scenario, needed: int) -> tuple[str, ...]:
    """The constraints no choice of activities can meet, in words; empty when a plan
    exists. For one practice these three checks decide feasibility exactly: if every
    required activity is allowed and all allowed ones together reach the points and
    the paired count, choosing them all is a plan."""
    reasons = []
    candidate_ids = {c.id for c in eligibility.candidates}
    for activity_id in sorted(scenario.include - candidate_ids):
        exclusion = eligibility.exclusion_of(activity_id)
        why = exclusion.reason if exclusion else "it cannot be chosen"
        reasons.append(f"You require {activity_id}, but it {why}: remove it from 'must include'")
    reachable = sum(c.points for c in eligibility.candidates)
    if reachable < needed:
        reasons.append(
            f"reach_{needed}_points: all {len(eligibility.candidates)} activities still allowed "
            f"earn {reachable} points, {needed} are needed; allow more activities "
            "(fewer exclusions, no pairing requirement) or lower the target"
        )
    paired = [c.id for c in eligibility.candidates if c.paired_measures]
    if len(paired) < scenario.min_paired:
        measures = ", ".join(sorted(scenario.quality)) or "none given"
        reasons.append(
            f"at_least_{scenario.min_paired}_paired: only {len(paired)} allowed activities "
            f"pair with your quality measures ({measures}); report more measures or "
            f"require fewer paired activities"
        )
    return tuple(reasons)


def explain_infeasible(
    eligibility: Eligibility, scenario: Scenario, needed: int
) -> tuple[str, ...]:
    """Why no plan exists, naming the constraint and the activities, and what to relax."""
    return blocking_reasons(eligibility, scenario, needed) or (GENERAL_FALLBACK,)


def _planned(
    candidate: Candidate, scenario: Scenario, rules: YearRules, own_effort: float = 0.0
) -> PlannedActivity:
    """``own_effort``: the assigned clinicians' own hours, on top of the practice's."""
    size = scenario.group_size
    needed = None if size is None else rules.clinicians_needed(size)
    a = candidate.activity
    return PlannedActivity(
        id=a.id,
        title=a.title,
        subcategory=a.subcategory,
        weight=a.weight,
        points=candidate.points,
        effort=candidate.effort + own_effort,
        paired_measures=candidate.paired_measures,
        clinicians_needed=needed,
    )


def plan(
    scenario: Scenario,
    inventory: Inventory | None = None,
    *,
    pairings: Pairings | None = None,
    solver: pulp.LpSolver | None = None,
) -> Plan:
    """The least-effort plan for ``scenario`` (bundled inventory and pairings by default)."""
    rules = rules_for(scenario.year)
    inventory = inventory if inventory is not None else bundled_inventory(scenario.year)
    pairings = pairings if pairings is not None else bundled_pairings()
    messages = check_scenario(scenario, inventory, rules)
    automatic = rules.automatic_points(scenario)
    target = min(scenario.target, rules.category_max)
    needed = max(0, target - automatic)
    weight = rules.weight_for(scenario)
    common = {
        "year": scenario.year,
        "target": target,
        "automatic_points": automatic,
        "category_weight": weight,
        "last_start": rules.last_start.isoformat(),
        "submission_window": (
            rules.submission_open.isoformat(),
            rules.submission_close.isoformat(),
        ),
        "needed_points": needed,
        "scenario": scenario,
    }

    if automatic >= rules.category_max:
        source = (
            "the medical-home recognition (attest IA_PCMH)"
            if scenario.pcmh
            else "the APM Performance Pathway"
        )
        return Plan(
            status=PlanStatus.FULL_CREDIT,
            points=rules.category_max,
            category_score=100.0,
            final_score_points=float(weight),
            total_effort=0.0,
            messages=(f"Full credit from {source}: no other activity is needed", *messages),
            **common,  # type: ignore[arg-type]
        )

    eligibility = staffable(assess(scenario, inventory, rules, pairings), scenario, rules)
    messages += eligibility.messages
    limits = [c for c in (cap_limit(scenario, rules), schedule_limit(scenario)) if c is not None]
    roster = (
        RosterModel(scenario, rules, eligibility.candidates)
        if scenario.is_group and scenario.roster
        else None
    )
    if unstaffed_required(scenario, eligibility) or blocking_reasons(eligibility, scenario, needed):
        outcome = _Outcome((), ("a required activity is ruled out or the target is out of reach",))
    else:
        outcome = _solve(
            eligibility.candidates,
            scenario,
            needed,
            solver or make_solver(),
            limits=limits,
            roster=roster,
        )
    chosen = sorted(outcome.chosen, key=lambda c: (-c.points, c.id))
    timeline = schedule_windows(
        [c.id for c in chosen],
        scenario.year,
        start=scenario.start,
        max_concurrent=scenario.max_concurrent,
    )
    if not outcome.feasible or not timeline.feasible:
        general = explain_infeasible(eligibility, without_unstaffed(scenario, eligibility), needed)
        reasons = explain_group(eligibility, scenario, rules, needed, limits, general)
        if outcome.feasible:
            reasons = (f"schedule_room: {timeline.reason}",)
        score = score_points(rules, scenario, 0)
        return Plan(
            status=PlanStatus.INFEASIBLE,
            points=score.points,
            category_score=score.category_score,
            final_score_points=score.final_score_points,
            total_effort=0.0,
            excluded=eligibility.excluded,
            messages=(*(f"No plan: {r}" for r in reasons), *messages),
            **common,  # type: ignore[arg-type]
        )

    score = score_points(rules, scenario, sum(c.points for c in chosen))
    staff = {a.activity: a for a in outcome.assignments}
    activities = tuple(
        _planned(c, scenario, rules, roster.own_effort(staff[c.id]) if roster else 0.0)
        for c in chosen
    )
    return Plan(
        status=PlanStatus.OPTIMAL,
        points=score.points,
        category_score=score.category_score,
        final_score_points=score.final_score_points,
        total_effort=round(math.fsum(a.effort for a in activities), 2),
        activities=activities,
        excluded=eligibility.excluded,
        messages=tuple(messages),
        assignments=tuple(staff[c.id] for c in chosen if c.id in staff),
        schedule=timeline.windows,
        **common,  # type: ignore[arg-type]
    )
