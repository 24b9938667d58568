"""Why each planned activity is in the plan, in words: the points it brings, its
effort and where that figure comes from, the quality measures it pairs with, and
what the cheapest plan without it would take instead. Plain text: nothing here draws."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from optimizer.model import Plan, PlannedActivity, Weight
from optimizer.planning.alternatives.next_plans import Replacement
from optimizer.rules.effort import ALREADY_RUNNING, SET_BY_YOU
from optimizer.rules.year_rules import rules_for
from optimizer.ui.labels import hours_text
from optimizer.wording import listed, plural


@dataclass(frozen=True, slots=True)
class WhyIn:
    """One planned activity with the reasons it is in, and the swap the user may make."""

    activity: PlannedActivity
    reasons: tuple[str, ...]
    swap: Replacement | None = None
    """The cheapest plan without it; None when the user requires it or none was found."""


def _points(activity: PlannedActivity, plan: Plan) -> str:
    text = f"{plural(activity.points, 'point')} toward the {plan.needed_points} needed"
    notes = []
    if activity.weight is Weight.HIGH:
        notes.append("a high-weight activity")
    scenario = plan.scenario
    if scenario is not None and scenario.mvp is not None:
        notes.append(f"as the MVP {scenario.mvp} counts it")
    elif (
        scenario is not None
        and scenario.has_special_status
        and rules_for(plan.year).special_status_factor > 1
    ):
        notes.append("doubled for the practice's special status")
    return text + (f" ({', '.join(notes)})" if notes else "")


def _effort(activity: PlannedActivity) -> str:
    text = f"{hours_text(activity.effort)} of effort"
    if activity.clinician_effort:
        text += (
            f": {hours_text(activity.practice_effort)} for the practice and "
            f"{hours_text(activity.clinician_effort)} of clinicians' time"
        )
    source = activity.effort_reason
    if source == SET_BY_YOU:
        return text + " (your own figure)"
    if source == ALREADY_RUNNING:
        return text + " (the practice already runs it)"
    return text + (f". Estimate: {source}" if source else "")


def _pairing(activity: PlannedActivity, plan: Plan) -> str | None:
    if not activity.paired_measures:
        return None
    measures = activity.paired_measures
    text = f"Pairs with your quality {'measure' if len(measures) == 1 else 'measures'} "
    text += listed(measures)
    scenario = plan.scenario
    if scenario is not None and (scenario.require_pairing or scenario.min_paired):
        text += ", as your pairing rule asks"
    return text


def _instead(activity: PlannedActivity, swap: Replacement | None, required: bool) -> str:
    if required:
        return "You marked it Must include"
    if swap is None:
        return "The cheapest way to the points: no other set of activities takes less effort"
    if swap.plan is None:
        return "No plan reaches full credit without it"
    added = listed(swap.added) if swap.added else "nothing in its place"
    more = hours_text(swap.plan.extra_effort)
    return f"Without it, the cheapest plan takes {added} instead: {more} more"


def why_in(
    plan: Plan, replacements: Sequence[Replacement], required: Collection[str] = ()
) -> tuple[WhyIn, ...]:
    """The reasons of each planned activity, in plan order; ``replacements`` are the
    cheapest plans without each activity (``alternatives``), ``required`` the
    activities the user marked Must include."""
    swaps = {r.activity: r for r in replacements}
    out = []
    for activity in plan.activities:
        swap = swaps.get(activity.id)
        is_required = activity.id in required
        reasons = [_points(activity, plan), _effort(activity)]
        pairing = _pairing(activity, plan)
        if pairing:
            reasons.append(pairing)
        reasons.append(_instead(activity, swap, is_required))
        out.append(WhyIn(activity, tuple(reasons), None if is_required else swap))
    return tuple(out)
