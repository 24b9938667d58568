"""The Planner's "Save to the workspace": the practice on the page, with its roster,
history, quality measures and efforts, and its plan of the year, kept as a new
practice or over an existing one."""

from __future__ import annotations

from datetime import date

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.model import Inventory, Pairings, Scenario
from optimizer.ui import practice_session
from optimizer.ui.plain_text import as_text
from optimizer.wording import plural

NEW, EXISTING = "A new practice", "An existing practice"
SAVE_AS = "planner_save_as"
NAME, TIN, EXISTING_NAME = "planner_save_name", "planner_save_tin", "planner_save_existing"
SAVE_BUTTON = "planner_save"


def _existing_names() -> list[str]:
    from optimizer.ui.workspace_state import current_workspace
    from optimizer.workspace import list_practices

    return [p.name for p in list_practices(current_workspace())]


def save_ui(
    scenario: Scenario,
    as_of: date,
    inventory: Inventory,
    custom_inventory: bool,
    pairings: Pairings | None,
) -> None:
    """The expander that keeps ``scenario`` and its plan in the workspace. The workspace
    is opened only to list its practices or to save."""
    with st.expander("Save to the workspace"):
        st.caption(
            f"Keeps the practice (reporting, clinicians, statuses, quality measures, efforts, "
            f"roster and history) and its {scenario.year} plan, to track in the Tracker."
        )
        target = st.radio("Save as", (NEW, EXISTING), key=SAVE_AS, horizontal=True)
        try:
            if target == NEW:
                name = st.text_input("Practice name", key=NAME)
                tin = st.text_input("TIN (9 digits, optional)", key=TIN) or None
            else:
                names = _existing_names()
                if not names:
                    st.info("The workspace has no practice yet: save this one as a new practice.")
                    return
                name = st.selectbox("Practice", names, key=EXISTING_NAME) or ""
                tin = None
                st.caption(
                    f"Its profile becomes this page's; its TIN stays, and its {scenario.year} "
                    "plan is made again from this page."
                )
            if not st.button("Save to the workspace", key=SAVE_BUTTON):
                return
            from optimizer.ui.workspace_state import current_workspace
            from optimizer.workspace import save_scenario

            result, saved = save_scenario(
                current_workspace(),
                name,
                scenario,
                as_of,
                new=target == NEW,
                tin=tin,
                inventory=inventory if custom_inventory else None,
                pairings=pairings,
            )
        except PlannerError as exc:
            st.error(as_text(exc))
            return
        practice_session.mark_saved(saved.practice)  # the session's practice from now on
        what = f"{plural(len(result.activities), 'activity')}, {result.points} points"
        if not result.activities:  # a medical home's: the points come with the status
            what = f"{result.points} points from its status, no activity to do"
        st.success(
            f"Saved {as_text(saved.practice)} with its {saved.year} plan ({what}): "
            "open it in the Portfolio or the Tracker."
        )
