"""The planner page, in the order of the work: the practice (sidebar), then the
what-if toggles above the plan with its headline figures, then the section that
explains it or changes it, then the exports. The plan's part of the page is a
fragment: a toggle or an edit there redraws it alone.

The page plans first and draws the sidebar last: the sidebar's widgets hold their
values in session state, so the plan is made from there before they are drawn, and
the headline reaches the screen without waiting for the browser to load the
widgets' code. Only the open section runs; the others keep their edits in session
state, so a closed section costs nothing and changes nothing.
"""

from __future__ import annotations

from datetime import date
from time import sleep

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from optimizer.errors import PlannerError
from optimizer.model import Inventory, Pairings, Plan, PlanStatus, Scenario
from optimizer.planning.alternatives.next_plans import Alternatives
from optimizer.planning.year_ahead import actionable_year, plannable_years
from optimizer.rules.year_rules import rules_for
from optimizer.sources.scenario_fields import scenario_from_fields
from optimizer.ui import practice_session, session_day, sign_in
from optimizer.ui.activity_table import apply_edits
from optimizer.ui.alternatives import DEFAULT_COUNT, alternatives_ui, cached_alternatives
from optimizer.ui.editors import (
    activities_ui,
    group_ui,
    history_ui,
    saved_edits,
    saved_group,
)
from optimizer.ui.first_visit import seen_before
from optimizer.ui.plain_text import as_text, table_text
from optimizer.ui.plan_tables import why_not_frame
from optimizer.ui.planner_save import save_ui
from optimizer.ui.practice_inputs import practice_from_state
from optimizer.ui.restore import restore_ui
from optimizer.ui.results import (
    downloads_ui,
    plan_ui,
    schedule_ui,
    what_if_ui,
    who_does_what_ui,
    why_these_ui,
)
from optimizer.ui.sidebar import current_inventory, inventory_ui, practice_ui
from optimizer.ui.state import (
    cached_plan,
    cached_what_if,
    keep_section_widgets,
    keep_widget_state,
)
from optimizer.ui.status_toggles import status_toggles_ui
from optimizer.wording import plural

WHY, ACTIVITIES, HISTORY, GROUP = "Why these", "Activities", "History", "Group"
WHY_NOT, WHAT_IF, ALTERNATIVES, SCHEDULE = "Why not others", "What if", "Alternatives", "Schedule"
SECTIONS = (WHY, ACTIVITIES, HISTORY, GROUP, WHY_NOT, WHAT_IF, ALTERNATIVES, SCHEDULE)
SECTION_KEY = "planner_section"
"""Session-state key of the open section (set it to open one: a test, a link)."""
FIRST_PAINT_PAUSE_S = 0.08
"""The pause after the plan's figures and table are sent. Sent together with the rest
of the page, they show only once the browser has laid out all of it; sent first, they
show as soon as they are drawn (benchmarks/app_speed.py: the first metric came 50 ms
sooner after a toggle; 30 ms was too short to make a difference). The rest of the
page lands this much later."""
FIRST_VISIT_PAUSE_S = 0.5
"""The same pause on a browser's first visit (``first_visit.seen_before``), when it has
yet to fetch the code that draws a toggle, a metric and a table: Streamlit's front end
fetches an element's code when the first such element arrives. Sent at once, the
sections, the exports and the sidebar ask for about forty more files, fetched
alongside the plan's own while the server is still drawing them. Waiting lets the
plan's code come first: measured with benchmarks/app_speed.py and the warm-up on, the
first screen took 1.2x the bare page's with 0.08 s here and 0.9-1.0x with 0.35 to
0.8 s. The rest of a first page lands this much later (its whole page still came
sooner than before the warm-up and this pause)."""
VISITED = "planner_visited"
"""Session-state flag: this session has drawn the plan once (only a session's first
run may be a browser's first visit)."""
REPLANNED = "planner_replanned"
"""The sidebar values a rerun was made for, so that a widget that keeps correcting
its value cannot make the page rerun for ever."""


def _day_and_year() -> tuple[date, int, str]:
    """The "as of" day, the performance year, and why that year is the one a practice
    can act on, from session state (the sidebar draws them later)."""
    as_of = session_day.as_of()
    actionable, why = actionable_year(as_of)
    # Set through session state rather than ``index`` so a restored workbook can set it.
    st.session_state.setdefault("year", actionable)
    year = int(st.session_state["year"])
    return as_of, year, why if year == actionable else ""


def _day_and_year_ui(why: str) -> tuple[date | None, int]:
    """The sidebar's "as of" and performance-year widgets; returns what they hold."""
    as_of = session_day.as_of_ui(
        "The day the plan is made: no activity starts before it, and after a year's "
        "last start only activities the practice already runs count."
    )
    year = st.sidebar.selectbox("Performance year", plannable_years(), key="year")
    if why:
        st.sidebar.caption(f"PY{year}: {why}.")
    return (as_of if isinstance(as_of, date) else None), int(year)


def _replacements(
    result: Plan,
    scenario: Scenario,
    inventory: Inventory,
    pairings: Pairings | None,
    keys: tuple[str, str],
    as_of: date,
) -> Alternatives | None:
    """The cheapest plan without each planned activity (None when there is no plan)."""
    if result.status is not PlanStatus.OPTIMAL or not result.activities:
        return None
    return cached_alternatives(scenario, DEFAULT_COUNT, *keys, as_of, result, inventory, pairings)


FILES_OPEN = "files_open"
"""Session-state key of the sidebar's expander with the two uploaders."""


def _sidebar(year: int, why: str) -> tuple[date | None, int, Scenario | None]:
    """The whole sidebar, drawn after the plan; returns what its widgets hold."""
    st.sidebar.header("Practice")
    # The uploaders are drawn only while their expander is open: files come seldom.
    label = "Open a saved workbook, or your own inventory"
    with st.sidebar.expander(label, key=FILES_OPEN, on_change="rerun") as box:
        if box.open:
            restore_ui()
            inventory_ui(year)
    as_of, drawn_year = _day_and_year_ui(why)
    try:
        return as_of, drawn_year, practice_ui(year)
    except PlannerError as exc:
        st.sidebar.error(as_text(exc))
        return as_of, drawn_year, None


def planner_page() -> None:
    """The planner of one practice-year, as on the sidebar's "as of" day."""
    keep_widget_state()
    as_of, year, why = _day_and_year()
    st.title("IA Planner")
    try:
        planned = practice_from_state(year)
    except PlannerError as exc:
        planned = None
        st.error(as_text(exc))
    if planned is not None:
        plan_area(planned, as_of, year)
    drawn = _sidebar(year, why)
    if drawn != (as_of, year, planned) and st.session_state.get(REPLANNED) != repr(drawn):
        # A widget corrected its value as it was drawn: plan again with it (once).
        st.session_state[REPLANNED] = repr(drawn)
        st.rerun()


@st.fragment
def plan_area(base: Scenario, as_of: date, year: int) -> None:
    """The what-if toggles, the plan of ``base`` (the sidebar's practice) with them and
    the open section's edits, and everything shown of it. A fragment: a toggle or an
    edit here re-plans and redraws this part of the page alone."""
    keep_section_widgets()
    practice_session.keep_fragment_inputs()
    planned = status_toggles_ui(base, rules_for(year))
    results, section_area, exports = (st.container() for _ in range(3))
    inventory, inventory_key = current_inventory(year)
    carried = "" if inventory.carried_from is None else f" of {inventory.carried_from}"
    results.caption(
        f"Performance year {year}: {plural(len(inventory), 'activity')} from "
        f"{as_text(inventory.source)}{carried}" + (", carried forward" if carried else "")
    )
    restored_pairings = st.session_state.get("restored_pairings")
    pairings = None if restored_pairings is None else restored_pairings[1]
    keys = (inventory_key, "bundled" if restored_pairings is None else restored_pairings[0])
    with section_area:
        section = st.radio(
            "Section", SECTIONS, key=SECTION_KEY, horizontal=True, label_visibility="collapsed"
        )
        try:
            # A closed section's editor is not drawn: its edits come from session state.
            history = history_ui() if section == HISTORY else tuple(st.session_state["history"])
            roster, max_per = group_ui(planned) if section == GROUP else saved_group(planned)
            plan_line = st.container()  # the plan's summary, above the activity editor
            edits = activities_ui(inventory, planned) if section == ACTIVITIES else None
            edits = saved_edits(inventory) if edits is None else edits
            group = {"history": history, "roster": roster, "max_per_clinician": max_per}
            scenario = apply_edits(scenario_from_fields(group, base=planned), edits, inventory)
            result = cached_plan(scenario, *keys, as_of, inventory, pairings)
        except PlannerError as exc:
            results.error(as_text(exc))
            return
    st.session_state["last_plan_ids"] = result.activity_ids
    with results:
        plan_ui(result)
    # Headline first: let the browser paint the figures and the plan table before the
    # sections, the exports and the sidebar below them arrive.
    first_visit = not st.session_state.get(VISITED) and not seen_before()
    sleep(FIRST_VISIT_PAUSE_S if first_visit else FIRST_PAINT_PAUSE_S)
    st.session_state[VISITED] = True
    with section_area:
        _section(section, result, scenario, inventory, pairings, keys, as_of, plan_line)
    with exports:
        downloads_ui(
            result,
            scenario,
            inventory,
            pairings,
            what_if=lambda: cached_what_if(scenario, *keys, as_of, inventory, pairings),
        )
        if sign_in.may_edit():  # a viewer keeps nothing in the workspace
            save_ui(scenario, as_of, inventory, not inventory_key.startswith("bundled:"), pairings)


def _section(
    section: str,
    result: Plan,
    scenario: Scenario,
    inventory: Inventory,
    pairings: Pairings | None,
    keys: tuple[str, str],
    as_of: date,
    plan_line: DeltaGenerator,
) -> None:
    """What the open section shows of the plan."""
    if section == ACTIVITIES:
        chosen = ", ".join(result.activity_ids) or "nothing"
        plan_line.caption(
            f"The plan now: {chosen}; {result.points} of {result.category_max} points, "
            f"{result.total_effort:g} h ({plural(len(result.activities), 'activity')})."
        )
    elif section == WHY:
        found = _replacements(result, scenario, inventory, pairings, keys, as_of)
        why_these_ui(result, scenario, found)
    elif section == WHY_NOT:
        ruled_out = why_not_frame(result, inventory)
        if ruled_out.empty:
            st.caption("No activity is ruled out.")
        else:
            # A table, not a grid: the reasons wrap and are read whole.
            st.table(table_text(ruled_out), hide_index=True)
    elif section == WHAT_IF:
        what_if_ui(cached_what_if(scenario, *keys, as_of, inventory, pairings))
    elif section == ALTERNATIVES:
        alternatives_ui(result, scenario, inventory, pairings, keys, as_of)
    elif section == SCHEDULE:
        schedule_ui(result)
    elif section == GROUP:
        who_does_what_ui(result, scenario)
