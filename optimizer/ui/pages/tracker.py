"""The Tracker page: one practice-year of the workspace. Its plan and submission
window, each activity's status, dates and the days it still needs, a form to
change one activity, its evidence, the attestation, the audit pack, and the
change log ("Changes")."""

from __future__ import annotations

from datetime import date

import streamlit as st

from optimizer.errors import AttestationRefusedError, PlannerError
from optimizer.exports.calendar_ics import ICS_MIME, calendar_file_name, practice_year_calendar
from optimizer.model import PCMH_ID
from optimizer.ui import sign_in, workspace_state
from optimizer.ui.change_log import changes_section
from optimizer.ui.plain_text import as_text
from optimizer.ui.progress_tables import progress_frame
from optimizer.ui.table_widths import TRACKER_ROW_PX, TRACKER_WIDTHS
from optimizer.ui.tracker_forms import (
    PENDING_YEAR,
    evidence_form,
    flash,
    plan_year_form,
    progress_form,
    show_flash,
)
from optimizer.ui.workspace_state import current_workspace
from optimizer.wording import plural
from optimizer.workspace import (
    PracticeYearInfo,
    Workspace,
    attest_year,
    get_practice,
    get_practice_year,
    list_practices,
    open_audit_pack,
)
from optimizer.workspace.attestation_checks import credit_from_status, points_done
from optimizer.workspace.audit_pack import pack_name
from optimizer.workspace.plans import planned_years
from optimizer.workspace.portfolio import submission_words
from optimizer.workspace.progress import ProgressStatus, risk

TRACKER_KEY = "tracker_practice"
YEAR_KEY = "tracker_year"
ZIP_MIME = "application/zip"
WINDOW_WORDS = {"attested": "Attested", "opens": "Not open", "open": "Open", "closed": "Closed"}
"""The submission window in one word (the caption under it gives the dates)."""


def _choose(key: str, options: list[object], default: object, pending: object = None) -> None:
    """Keep a selectbox's value among its options (set before the box is drawn):
    a value asked for by the last run, else the one kept, else ``default``."""
    if pending in options:
        st.session_state[key] = pending
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def _head(info: PracticeYearInfo, today: date) -> None:
    in_plan = [p for p in info.progress if p.in_plan]
    done = sum(1 for p in in_plan if p.status is ProgressStatus.DONE)
    attested = bool(info.attestations)
    words, _ = submission_words(info.year, info.attested_on, attested, today)
    # Words as a line that wraps, numbers as metrics: a metric cuts a long value
    # ("Lowest-effor...") in a quarter of 1280 px.
    st.markdown(f"**{info.status.label}**, planned on {info.planned_on}")
    cols = st.columns(3)
    cols[0].metric("Points done", f"{points_done(info)} of {info.points} planned")
    cols[1].metric("Done", f"{done} of {len(in_plan)}" if in_plan else "Nothing to do")
    cols[2].metric("Submission", WINDOW_WORDS.get(words.split(" ")[0].rstrip(":"), words))
    st.caption(
        f"Submission window: {words}. Counted as of {today} (the As-of day of the Planner "
        "and the Roadmap)."
    )
    borrowed = info.plan.get("borrowed_from")
    if borrowed:
        st.warning(
            f"Provisional: planned on PY{borrowed}'s activities and rules carried forward "
            f"to {info.year}; plan {info.year} again once its CMS list is loaded."
        )
    for item in info.progress:
        text = risk(item.activity_id, item.status, item.in_plan, item.last_start, today)
        if text:
            st.warning(as_text(text))


def _attest_and_pack(ws: Workspace, info: PracticeYearInfo, today: date, admin: bool) -> None:
    attest, pack = st.columns(2)
    with attest:
        label = (
            f"Attest {info.year} on the practice's status"
            if credit_from_status(info)
            else "Attest the activities done"
        )
        if admin and st.button(label, key="attest"):
            try:
                rows = attest_year(ws, info.practice, info.year, today)
            except AttestationRefusedError as exc:
                lines = "\n".join(f"- {as_text(r)}" for r in exc.reasons)
                st.error(f"{info.year} cannot be attested:\n{lines}")
            except PlannerError as exc:
                st.error(as_text(exc))
            else:
                ids = ", ".join(r.activity_id for r in rows)
                said = f"Attested {plural(len(rows), 'activity')} for {info.year}: {ids}."
                if credit_from_status(info):
                    claimed = f" ({ids})" if rows and rows[0].activity_id == PCMH_ID else ""
                    said = (
                        f"Attested {info.year} on the practice's status{claimed}: its "
                        f"{info.points} points need no other activity."
                    )
                flash(said)
                st.rerun()
    with pack:

        def zipped() -> bytes:  # bytes: Streamlit refuses a file object from a callable
            with open_audit_pack(ws, info.practice, info.year, today)[1] as pack_file:
                return pack_file.read()

        st.download_button(
            "Download the audit pack (zip)",
            zipped,
            file_name=pack_name(info.practice, info.year),
            mime=ZIP_MIME,
            on_click="ignore",
            key="audit_pack",
            help="The plan workbook with progress and evidence sheets, and every evidence file",
        )
        st.download_button(
            "Download the dates as a calendar (.ics)",
            lambda: practice_year_calendar(info),
            file_name=calendar_file_name(info.year, info.practice),
            mime=ICS_MIME,
            on_click="ignore",
            key="download_calendar",
        )


def tracker_page() -> None:
    """One practice-year's progress, on the clock of ``workspace_state.today()``."""
    today = workspace_state.today()
    st.title("Tracker")
    show_flash()
    try:
        ws = current_workspace()
        names = [p.name for p in list_practices(ws)]
        if not names:
            st.info("No practices yet: add one on the Portfolio page ('Add a practice').")
            return
        _choose(TRACKER_KEY, list(names), names[0])
        name = st.selectbox("Practice", names, key=TRACKER_KEY)
        organization = get_practice(ws, name).organization
        editor = sign_in.may_edit(organization)  # a viewer's page has no form
        years = list(planned_years(ws, name))
        if editor:
            plan_year_form(ws, name, today, bool(years))
        if not years:
            st.info(f"{as_text(name)} has no plan yet: plan a year above.")
            return
        _choose(YEAR_KEY, list(years), years[-1], st.session_state.pop(PENDING_YEAR, None))
        year = st.selectbox("Performance year", years, key=YEAR_KEY)
        info = get_practice_year(ws, name, year)
        roster = get_practice(ws, name).roster
    except PlannerError as exc:
        st.error(as_text(exc))
        return
    _head(info, today)
    if credit_from_status(info) and not info.progress:
        credit = info.scenario
        status = (
            "patient-centered medical home"
            if credit.pcmh
            else "APM Performance Pathway"
            if credit.app
            else "CMS's IA study"
        )
        then = "" if info.attestations else " Attest the year once its submission window opens."
        st.info(
            f"The {info.year} plan's {info.points} points come from the practice's status "
            f"({status}): no activity to track.{then}"
        )
    else:
        st.dataframe(
            progress_frame(info.progress, today, {c.id: c.name for c in roster}),
            hide_index=True,
            width="stretch",
            column_config=TRACKER_WIDTHS,
            row_height=TRACKER_ROW_PX,
        )
        if editor:
            st.subheader("Update an activity")
            activity = progress_form(ws, info, roster, today)
        else:
            ids = [p.activity_id for p in info.progress]
            activity = st.selectbox("Activity", ids, key="tracker_activity") if ids else None
        if activity is not None:
            st.subheader(f"Evidence of {as_text(activity)}")
            evidence_form(ws, info, activity, can_add=editor)
    st.subheader("Attest and keep")
    _attest_and_pack(ws, info, today, sign_in.may_administer(organization))
    changes_section(ws, info)
