"""The planner's Alternatives tab: the next-cheapest plans and, for each planned
activity, what to do instead, each one click away. A swap marks the activity
"can't do" in the activity table; using another plan marks its activities "must
include"; the table's edits then replan the page, and unticking them undoes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Scenario
from optimizer.planning.alternatives import MAX_ALTERNATIVES, Alternatives, alternatives
from optimizer.ui.activity_table import ActivityEdit
from optimizer.ui.roadmap_tables import alternatives_frame

DEFAULT_COUNT = 3


@st.cache_data(show_spinner=False, max_entries=64)
def cached_alternatives(
    scenario: Scenario,
    count: int,
    inventory_key: str,
    pairings_key: str,
    as_of: date,
    _best: Plan,
    _inventory: Inventory,
    _pairings: Pairings | None,
) -> Alternatives:
    return alternatives(
        scenario, _inventory, count=count, pairings=_pairings, as_of=as_of, best=_best
    )


def _edit(year: int, activity_ids: tuple[str, ...], **change: bool) -> None:
    """Change the activity table's edits of ``activity_ids`` (a button's callback)."""
    edits = st.session_state["edits"].setdefault(year, {})
    for activity_id in activity_ids:
        edits[activity_id] = replace(edits.get(activity_id, ActivityEdit()), **change)
    # The table editor keeps its own row edits; dropping them makes it show these.
    for key in [k for k in st.session_state if str(k).startswith(f"activities_{year}_")]:
        del st.session_state[key]


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
            f"Use plan {number}: {', '.join(other.activities)} (+{other.extra_effort:g} h)",
            key=f"use_plan_{number}",
            on_click=_edit,
            args=(year, other.activities),
            kwargs={"must_include": True, "cant_do": False},
        )
    if found.replacements:
        st.caption("Can't do one of them? The cheapest plan without it:")
    for swap in found.replacements:
        if swap.plan is None:
            st.caption(f"{swap.activity}: no plan does without it")
            continue
        instead = ", ".join(swap.added) or "nothing else"
        st.button(
            f"Swap {swap.activity} for {instead} (+{swap.plan.extra_effort:g} h)",
            key=f"swap_{swap.activity}",
            on_click=_edit,
            args=(year, (swap.activity,)),
            kwargs={"cant_do": True, "must_include": False},
        )
