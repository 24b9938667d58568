"""The Portfolio page: every practice of the workspace for a year, with its plan,
progress, activities at risk of missing their last start and closing
submission windows; a practice opens in the Tracker, and a new one is added here."""

from __future__ import annotations

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.model import Reporting, SpecialStatus
from optimizer.model.values import MAX_CLINICIANS
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import latest_year
from optimizer.ui import workspace_state
from optimizer.ui.labels import REPORTING_LABELS, status_labels
from optimizer.ui.pages import TRACKER_URL
from optimizer.ui.pages.tracker import TRACKER_KEY, tracker_page
from optimizer.ui.plain_text import as_text
from optimizer.ui.progress_tables import portfolio_frame
from optimizer.ui.table_widths import PORTFOLIO_WIDTHS
from optimizer.ui.workspace_state import current_workspace
from optimizer.wording import listed, plural
from optimizer.workspace import Profile, add_practice, portfolio, portfolio_years
from optimizer.workspace.progress import AT_RISK_DAYS

LATEST = "Each practice's latest plan"


def _add_practice_ui() -> None:
    """A new practice: name, TIN, clinicians, reporting and special statuses."""
    labels = status_labels(rules_for(latest_year()))
    with st.form("add_practice", clear_on_submit=True):
        name = st.text_input("Name", key="new_practice_name")
        tin = st.text_input("TIN (9 digits, optional)", key="new_practice_tin")
        clinicians = st.number_input(
            "Clinicians",
            help=f"1 to {MAX_CLINICIANS:,}",
            value=None,
            step=1,
            key="new_practice_clinicians",
        )
        reporting = st.selectbox(
            "Reporting",
            list(Reporting),
            format_func=lambda r: REPORTING_LABELS[r],
            key="new_practice_reporting",
        )
        statuses = st.multiselect(
            "Special statuses",
            list(SpecialStatus),
            format_func=lambda s: labels[s],
            key="new_practice_statuses",
        )
        if not st.form_submit_button("Add the practice"):
            return
    try:
        info = add_practice(
            current_workspace(),
            name,
            Profile(
                tin=tin or None,
                reporting=reporting or Reporting.INDIVIDUAL,
                clinicians=None if clinicians is None else int(clinicians),
                statuses=frozenset(statuses),
            ),
        )
    except PlannerError as exc:
        st.error(as_text(exc))
    else:
        st.success(f"Added {as_text(info.name)}: open it in the Tracker to plan a year.")


def portfolio_page() -> None:
    """All practices at a glance, on the clock of ``workspace_state.today()``."""
    today = workspace_state.today()
    st.title("Portfolio")
    try:
        ws = current_workspace()
        years = portfolio_years(ws)
        choice = st.selectbox("Year", [LATEST, *years], key="portfolio_year")
        rows = portfolio(ws, today, choice if isinstance(choice, int) else None)
    except PlannerError as exc:
        st.error(as_text(exc))
        return
    st.caption(f"Workspace: {as_text(ws.name)}")
    if rows:
        risks = sum(len(r.at_risk) for r in rows)
        missed = sum(len(r.missed) for r in rows)
        closing = sum(1 for r in rows if r.window_closing)
        planned = sum(1 for r in rows if r.points is not None)
        cols = st.columns(5)
        cols[0].metric("Practices", len(rows))
        cols[1].metric("With a plan", planned)
        cols[2].metric(
            "Activities at risk",
            risks,
            help=f"Not begun, within {AT_RISK_DAYS} days of their last start",
        )
        cols[3].metric("Missed their start", missed, help="Not begun, last start passed")
        cols[4].metric("Windows closing", closing)
        if risks:
            at_risk = [r.practice for r in rows if r.at_risk]
            st.warning(
                f"{plural(risks, 'activity')} at risk of missing {'its' if risks == 1 else 'their'}"
                f" last start, in {plural(len(at_risk), 'practice')}: {as_text(listed(at_risk))}"
            )
        if missed:
            late = [r.practice for r in rows if r.missed]
            st.error(
                f"{plural(missed, 'activity')} not begun by {'its' if missed == 1 else 'their'}"
                f" last start, in {plural(len(late), 'practice')}: {as_text(listed(late))}"
            )
        provisional = [r for r in rows if r.provisional and r.points is not None]
        if provisional:
            names = [f"{r.practice} ({r.year})" for r in provisional]
            st.info(
                f"Provisional plans, made on PY{provisional[0].borrowed_from}'s activities and "
                f"rules carried forward: {listed(names)}; plan them again once CMS's list for "
                "the year is loaded."
            )
        if closing:
            names = [f"{r.practice} ({r.year})" for r in rows if r.window_closing]
            st.warning(
                f"Submission windows closing without an attestation: {as_text(listed(names))}"
            )
        st.dataframe(
            portfolio_frame(rows),
            hide_index=True,
            width="stretch",
            column_config=PORTFOLIO_WIDTHS,
        )
        names = [r.practice for r in rows]
        picked = st.selectbox("Practice", names, key="portfolio_open")
        if st.button("Open in the Tracker", key="open_tracker"):
            st.session_state[TRACKER_KEY] = picked
            st.switch_page(st.Page(tracker_page, title="Tracker", url_path=TRACKER_URL))
    else:
        st.info("No practices yet: add one below ('Add a practice').")
    with st.expander("Add a practice", expanded=not rows):
        _add_practice_ui()
    st.caption(f"{plural(len(rows), 'practice')} in the workspace.")
