"""The planner's Alternatives tab: the next-cheapest plans and, for each planned
activity, what to do instead, each one click away. A swap marks the activity
"can't do" in the activity table; using another plan marks its activities "must
include"; the table's edits then replan the page, and unticking them undoes it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Scenario
from optimizer.planning.alternatives.next_plans import MAX_ALTERNATIVES, Alternatives, alternatives
from optimizer.ui.plain_text import as_text
from optimizer.ui.roadmap_tables import alternatives_frame
from optimizer.ui.state import cache_key, edit_activities

DEFAULT_COUNT = 3


@st.cache_resource(show_spinner=False, max_entries=64)
def _alternatives(
    key: str,
    _scenario: Scenario,
    _count: int,
    _as_of: date,
    _best: Plan,
    _inventory: Inventory,
    _pairings: Pairings | None,
) -> Alternatives:
    return alternatives(
        _scenario, _inventory, count=_count, pairings=_pairings, as_of=_as_of, best=_best
    )


def cached_alternatives(
    scenario: Scenario,
    count: int,
    inventory_key: str,
    pairings_key: str,
    as_of: date,
    best: Plan,
    inventory: Inventory,
    pairings: Pairings | None,
) -> Alternatives:
    """The ``count`` next-cheapest plans after ``best`` and its replacements, made once."""
    key = cache_key(scenario, count, inventory_key, pairings_key, as_of)
    return _alternatives(key, scenario, count, as_of, best, inventory, pairings)


def alternatives_ui(
    result: Plan,
    scenario: Scenario,
    inventory: Inventory,
    pairings: Pairings | None,
    keys: tuple[str, str],
    today: date,
) -> None:
    """The alternatives to ``result``, with a button for each swap."""
    if result.status is not PlanStatus.OPTIMAL or not result.activities:
        st.caption("Alternatives appear once the plan has activities.")
        return
    count = int(
        st.number_input(
            "Plans to list after the best",
            min_value=1,
            max_value=MAX_ALTERNATIVES,
            value=DEFAULT_COUNT,
            key="alternatives_count",
        )
    )
    found = cached_alternatives(scenario, count, *keys, today, result, inventory, pairings)
    st.caption("The next-cheapest plans; none is the plan above with something added.")
    st.dataframe(alternatives_frame(found), hide_index=True, width="stretch")
    year = scenario.year
    for number, other in enumerate(found.plans, start=2):
        st.button(
            f"Use plan {number}: {as_text(', '.join(other.activities))} "
            f"(+{other.extra_effort:g} h)",
            key=f"use_plan_{number}",
            on_click=edit_activities,
            args=(year, other.activities),
            kwargs={"must_include": True, "cant_do": False},
        )
    if found.replacements:
        st.caption("Can't do one of them? The cheapest plan without it:")
    for swap in found.replacements:
        if swap.plan is None:
            st.caption(f"{as_text(swap.activity)}: no plan does without it")
            continue
        instead = as_text(", ".join(swap.added)) or "nothing else"
        st.button(
            f"Swap {as_text(swap.activity)} for {instead} (+{swap.plan.extra_effort:g} h)",
            key=f"swap_{swap.activity}",
            on_click=edit_activities,
            args=(year, (swap.activity,)),
            kwargs={"cant_do": True, "must_include": False},
        )
