"""The Portfolio page: every practice of the workspace for a year, with its plan,
progress, activities at risk of missing their last start and closing
submission windows; a practice opens in the Tracker, and a new one is added here,
an existing one edited or removed (asked to confirm, restorable for 30 days)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from optimizer.errors import PlannerError, WorkspaceError
from optimizer.model import Reporting, SpecialStatus
from optimizer.model.values import MAX_CLINICIANS
from optimizer.rules.year_rules import rules_for
from optimizer.sources import field_values
from optimizer.sources.bundled import latest_year
from optimizer.ui import practice_session, sign_in, workspace_state
from optimizer.ui.api_tokens import api_tokens_section
from optimizer.ui.labels import REPORTING_LABELS, status_labels
from optimizer.ui.pages import PAGE_SCRIPTS, TRACKER_URL
from optimizer.ui.people import people_ui
from optimizer.ui.plain_text import as_text
from optimizer.ui.practice_tables import (
    efforts_frame,
    efforts_from_frame,
    history_frame,
    history_from_frame,
    roster_frame,
    roster_from_frame,
)
from optimizer.ui.progress_tables import portfolio_frame
from optimizer.ui.table_widths import PORTFOLIO_WIDTHS
from optimizer.ui.workspace_state import current_workspace
from optimizer.wording import listed, plural
from optimizer.workspace import (
    RESTORE_DAYS,
    Profile,
    add_practice,
    edit_practice,
    get_practice,
    list_practices,
    portfolio,
    portfolio_years,
    practice_profile,
    remove_practice,
    removed_practices,
    restore_practice,
)
from optimizer.workspace.practices import moment_on
from optimizer.workspace.progress import AT_RISK_DAYS

LATEST = "Each practice's latest plan"
FLASH = "portfolio_flash"
"""A message to show once after the page reran to show a change (added, removed...)."""
RENAMED = "portfolio_renamed"
"""The new name of the practice just edited, for the edit's practice list to pick."""
REMOVING = "portfolio_removing"
"""The practice asked to be removed, waiting for the confirmation."""


def _done(message: str) -> None:
    """Show ``message`` on the page redrawn with the change."""
    st.session_state[FLASH] = message
    st.rerun()


def _profile_form(
    key: Callable[[str], str], name: str, kept: Profile
) -> Callable[[], tuple[str, Profile]]:
    """The fields the workspace keeps of a practice, filled with ``name`` and ``kept``,
    drawn in the open form; returns how to read them (name, profile) once it is sent."""
    labels = status_labels(rules_for(latest_year()))
    typed_name = st.text_input("Name", value=name, key=key("name"))
    tin = st.text_input("TIN (9 digits, optional)", value=kept.tin or "", key=key("tin"))
    clinicians = st.number_input(  # no bounds: a value out of them would show, unused
        "Clinicians",
        help=f"1 to {MAX_CLINICIANS:,}",
        value=kept.clinicians,
        step=1,
        key=key("clinicians"),
    )
    reporting = st.selectbox(
        "Reporting",
        list(Reporting),
        index=list(Reporting).index(kept.reporting),
        format_func=lambda r: REPORTING_LABELS[r],
        key=key("reporting"),
    )
    statuses = st.multiselect(
        "Special statuses",
        list(SpecialStatus),
        default=sorted(kept.statuses),
        format_func=lambda s: labels[s],
        key=key("statuses"),
    )
    quality = st.text_input(
        "Quality measures (IDs, comma-separated)",
        value=", ".join(kept.quality),
        key=key("quality"),
    )
    st.caption("Efforts: the practice's own hours per activity")
    efforts = st.data_editor(efforts_frame(kept.efforts), num_rows="dynamic", key=key("efforts"))
    st.caption("History: activities attested in earlier years")
    history = st.data_editor(history_frame(kept.history), num_rows="dynamic", key=key("history"))
    st.caption("Roster (group reporting)")
    roster = st.data_editor(roster_frame(kept.roster), num_rows="dynamic", key=key("roster"))

    def read() -> tuple[str, Profile]:
        try:
            measures = field_values.measure_ids(quality)
        except field_values.BadValue as exc:
            raise WorkspaceError(f"Quality measures: {exc}") from None
        return typed_name, Profile(
            tin=tin or None,
            reporting=reporting or Reporting.INDIVIDUAL,
            clinicians=None if clinicians is None else int(clinicians),
            statuses=frozenset(statuses),
            quality=tuple(measures),
            efforts=efforts_from_frame(efforts),
            roster=roster_from_frame(roster),
            history=history_from_frame(history),
        )

    return read


def _add_practice_ui(organizations: list[str]) -> None:
    """A new practice with every field the workspace keeps, in one of ``organizations``
    (those the person is admin of; asked only when there are several)."""
    with st.form("add_practice", clear_on_submit=True):
        organization = (
            st.selectbox("Organization", organizations, key="new_practice_organization")
            if len(organizations) > 1
            else None
        )
        read = _profile_form(lambda f: f"new_practice_{f}", "", Profile())
        if not st.form_submit_button("Add the practice"):
            return
    try:
        info = add_practice(current_workspace(), *read(), organization=organization)
    except PlannerError as exc:
        st.error(as_text(exc))
    else:
        _done(f"Added {as_text(info.name)}: open it in the Tracker to plan a year.")


def _edit_practice_ui(names: list[str]) -> None:
    """The kept fields of one practice, in a form filled with what is kept."""
    if st.session_state.get(RENAMED) in names:  # set before the widget is drawn
        st.session_state["portfolio_edit_pick"] = st.session_state.pop(RENAMED)
    picked = st.selectbox("Practice", names, key="portfolio_edit_pick")
    if picked is None:
        return
    ws = current_workspace()
    try:
        info = get_practice(ws, picked)
        kept = practice_profile(ws, picked)
    except PlannerError as exc:
        st.error(as_text(exc))
        return
    key = f"edit:{info.name}:{info.version}"  # a new version fills the form afresh
    with st.form(f"edit_practice:{key}"):
        read = _profile_form(lambda f: f"{key}:{f}", info.name, kept)
        if not st.form_submit_button("Save the changes"):
            return
    try:
        name, profile = read()
        changed = edit_practice(ws, info.name, profile, new_name=name, version=info.version)
    except PlannerError as exc:
        st.error(as_text(exc))
    else:
        st.session_state[RENAMED] = changed.name
        _done(f"Kept the changes to {as_text(changed.name)}.")


def _remove_practice_ui(names: list[str]) -> None:
    """Remove a practice once confirmed; it stays restorable for ``RESTORE_DAYS`` days."""
    pending = st.session_state.get(REMOVING)
    if pending not in names:
        picked = st.selectbox("Practice", names, key="portfolio_remove_pick")
        if st.button("Remove the practice", key="remove_practice") and picked is not None:
            st.session_state[REMOVING] = picked
            st.rerun()
        return
    st.warning(
        f"Remove {as_text(pending)} with its plans, progress and evidence? It can be restored "
        f"from Removed practices for {RESTORE_DAYS} days."
    )
    yes, no = st.columns(2)
    if yes.button(f"Yes, remove {as_text(pending)}", key="remove_confirm", type="primary"):
        st.session_state.pop(REMOVING, None)
        try:
            removed = remove_practice(
                current_workspace(), pending, at=moment_on(workspace_state.today())
            )
        except PlannerError as exc:
            st.error(as_text(exc))
            return
        _done(
            f"Removed {as_text(removed.name)}: restore it from Removed practices until "
            f"{removed.restorable_until}."
        )
    if no.button("Cancel", key="remove_cancel"):
        st.session_state.pop(REMOVING, None)
        st.rerun()


def _removed_practices_ui() -> None:
    """The practices removed in the last ``RESTORE_DAYS`` days, each one restorable."""
    ws = current_workspace()
    at = moment_on(workspace_state.today())
    removed = removed_practices(ws, at=at)
    if not removed:
        return
    with st.expander(f"Removed practices ({len(removed)})"):
        for item in removed:
            st.write(
                f"{as_text(item.name)}: removed {item.removed_at.date()}, restorable until "
                f"{item.restorable_until}"
            )
        picked = st.selectbox("Practice", [r.name for r in removed], key="portfolio_restore_pick")
        if st.button("Restore the practice", key="restore_practice") and picked is not None:
            try:
                info = restore_practice(ws, picked, at=at)
            except PlannerError as exc:
                st.error(as_text(exc))
            else:
                _done(f"Restored {as_text(info.name)}.")


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
    if not sign_in.auth_configured():  # the server's database is not the team's business
        st.caption(f"Workspace: {as_text(ws.name)}")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
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
            practice_session.open_saved(picked)  # the session's practice from now on
            st.switch_page(
                st.Page(PAGE_SCRIPTS / "tracker.py", title="Tracker", url_path=TRACKER_URL)
            )
    else:
        st.info(
            "No practices yet: add one below ('Add a practice')."
            if sign_in.may_administer()
            else "No practices yet: an admin of your organization adds them."
        )
    admin_of = [o for o in ws.scope.organizations if sign_in.may_administer(o)]
    if admin_of:  # a viewer's or editor's page adds, edits and removes nothing
        with st.expander("Add a practice", expanded=not rows):
            _add_practice_ui(admin_of)
        names = [p.name for p in list_practices(ws) if p.organization in admin_of]
        if names:
            with st.expander("Edit a practice"):
                _edit_practice_ui(names)
            with st.expander("Remove a practice", expanded=st.session_state.get(REMOVING) in names):
                _remove_practice_ui(names)
        _removed_practices_ui()
        with st.expander("People"):  # who may see and change the organization's practices
            people_ui(ws, admin_of)
        for organization in admin_of:
            with st.expander(f"API tokens of {organization}"):
                api_tokens_section(ws, organization)
    st.caption(f"{plural(len(rows), 'practice')} in the workspace.")
