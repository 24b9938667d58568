"""The Tracker's forms: one activity's progress, its evidence, planning a new year.

An activity's form shows the version read when the person picked it, and saves
against that version: if someone else saved the activity since (another tab,
another person), the save is refused with a message instead of overwriting
theirs, and "Reload" shows their change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.model import Clinician
from optimizer.planning.year_ahead import actionable_year, plannable_years
from optimizer.ui.plain_text import as_text
from optimizer.wording import plural
from optimizer.workspace import (
    MAX_EVIDENCE_BYTES,
    EvidenceFile,
    EvidenceInfo,
    PlanRequest,
    PracticeYearInfo,
    ProgressChange,
    ProgressInfo,
    ProgressStatus,
    Workspace,
    add_evidence,
    evidence_content,
    mark_progress,
    plan_practice_year,
    remove_evidence,
)
from optimizer.workspace.file_names import clean_file_name

FLASH = "tracker_flash"
"""A message to show after the rerun that follows a save."""
LOADED = "tracker_loaded"
SHOWN = "tracker_shown"
PENDING_YEAR = "tracker_year_pending"
OCTET_STREAM = "application/octet-stream"
EVIDENCE_ROUND = "tracker_evidence_round"
"""How many times evidence was kept this session: each keep gives the form new keys."""
NOTE_SHOWN_CHARS = 60
"""A note named in a question is cut to this length."""
REMOVING = "tracker_evidence_removing"
"""The evidence whose Remove was pressed, waiting for the person to confirm."""


def flash(message: str) -> None:
    st.session_state[FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(as_text(message))


def _loaded(info: PracticeYearInfo, current: ProgressInfo) -> ProgressInfo:
    """The version the form shows: read when the activity was picked, kept until it is
    saved or reloaded, so a save names the version the person saw."""
    loaded: dict[tuple[str, int, str], ProgressInfo] = st.session_state.setdefault(LOADED, {})
    slot = (info.practice, info.year, current.activity_id)
    if st.session_state.get(SHOWN) != slot or slot not in loaded:
        loaded[slot] = current
        st.session_state[SHOWN] = slot
    return loaded[slot]


def forget_loaded(info: PracticeYearInfo, activity_id: str) -> None:
    st.session_state.setdefault(LOADED, {}).pop((info.practice, info.year, activity_id), None)


def progress_form(
    ws: Workspace, info: PracticeYearInfo, roster: Sequence[Clinician], today: date
) -> str | None:
    """Pick an activity (by ID and title) and change its status, dates, owner and
    clinicians (by name, the NPI where the roster gives none); returns it."""
    ids = [p.activity_id for p in info.progress]
    if not ids:
        st.caption("The plan has no activity to track.")
        return None
    if st.session_state.get("tracker_activity") not in ids:
        st.session_state["tracker_activity"] = ids[0]
    titles = {p.activity_id: f"{p.activity_id} {p.title}".strip() for p in info.progress}
    activity = st.selectbox(
        "Activity", ids, key="tracker_activity", format_func=lambda a: as_text(titles[a])
    )
    current = info.progress_of(activity)
    assert current is not None
    shown = _loaded(info, current)
    key = f"progress_{info.practice}_{info.year}_{activity}_{shown.version}"
    first, last = date(info.year, 1, 1), date(info.year, 12, 31)
    statuses = list(ProgressStatus)
    with st.form(f"form_{key}"):
        status = st.selectbox(
            "Status", statuses, index=statuses.index(shown.status), key=f"{key}_status"
        )
        start_col, end_col = st.columns(2)
        start = start_col.date_input(
            "Start", value=shown.start, min_value=first, max_value=last, key=f"{key}_start"
        )
        end = end_col.date_input(
            "End", value=shown.end, min_value=first, max_value=last, key=f"{key}_end"
        )
        owner = st.text_input("Owner", value=shown.owner, key=f"{key}_owner")
        if roster:
            names = {c.id: c.name.strip() or c.id for c in roster}
            chosen = st.multiselect(
                "Clinicians taking part",
                list(names),
                default=[c for c in shown.clinicians if c in names],
                format_func=lambda c: as_text(names[c]),
                key=f"{key}_clinicians",
            )
            clinicians = tuple(chosen)
        else:
            text = st.text_input(
                "Clinicians taking part (NPIs or names, comma-separated)",
                value=", ".join(shown.clinicians),
                key=f"{key}_clinicians",
            )
            clinicians = tuple(c.strip() for c in text.split(",") if c.strip())
        st.caption(
            f"{as_text(titles[activity])} must run "
            f"{plural(shown.period_days, 'continuous day')} and start no later than "
            f"{shown.last_start}."
        )
        saved = st.form_submit_button("Save the activity")
    if st.button("Reload", key="reload_activity", help="Show the activity as saved now"):
        forget_loaded(info, activity)
        st.rerun()
    if saved:
        change = ProgressChange(
            status=ProgressStatus(status),
            start=start if isinstance(start, date) else None,
            end=end if isinstance(end, date) else None,
            owner=owner,
            clinicians=clinicians,
        )
        try:
            mark_progress(
                ws,
                info.practice,
                info.year,
                activity,
                change,
                expected_version=shown.version,
                today=today,
            )
        except PlannerError as exc:
            st.error(as_text(exc))
        else:
            forget_loaded(info, activity)
            flash(f"Saved {activity}.")
            st.rerun()
    return activity


def evidence_form(
    ws: Workspace, info: PracticeYearInfo, activity: str, *, can_add: bool = True
) -> None:
    """Keep a note and a file as evidence of ``activity`` (unless not ``can_add``: a
    viewer's page); list what is kept, each with Remove for an editor. A refusal leaves
    the form as typed (the form never clears itself); a keep empties it."""
    if can_add:
        _add_evidence_form(ws, info, activity)
    _kept_evidence(ws, info, activity, can_remove=can_add)


def _add_evidence_form(ws: Workspace, info: PracticeYearInfo, activity: str) -> None:
    limit = MAX_EVIDENCE_BYTES // (1024 * 1024)
    rounds = st.session_state.get(EVIDENCE_ROUND, 0)
    suffix = f"_round_{rounds}" if rounds else ""  # new keys: the browser draws an empty form
    with st.form(f"evidence_{info.practice}_{info.year}_{activity}{suffix}"):
        note = st.text_area("Note: what was done, when, by whom", key=f"evidence_note{suffix}")
        file = st.file_uploader(
            f"File (optional, at most {limit} MB; kept in the database, never opened)",
            key=f"evidence_file{suffix}",
        )
        kept = st.form_submit_button("Keep the evidence")
    if kept:
        given = None if file is None else EvidenceFile(file.name, file.getvalue())
        try:
            add_evidence(ws, info.practice, info.year, activity, note, given)
        except PlannerError as exc:
            st.error(as_text(exc))
        else:
            st.session_state[EVIDENCE_ROUND] = rounds + 1
            flash(f"Kept {_kept_words(note, given)} as evidence of {activity}.")
            st.rerun()


def _kept_evidence(
    ws: Workspace, info: PracticeYearInfo, activity: str, *, can_remove: bool
) -> None:
    current = info.progress_of(activity)
    for item in () if current is None else current.evidence:
        when = item.added_at.strftime("%Y-%m-%d %H:%M UTC")
        st.markdown(f"**{when}**: {as_text(item.note) if item.note else '(no note)'}")
        if item.file_name:

            def content(evidence_id: int = item.id) -> bytes:
                return evidence_content(ws, info.practice, info.year, evidence_id)

            st.download_button(
                f"{as_text(item.file_name)} ({plural(item.size or 0, 'byte')})",
                content,
                file_name=item.file_name,
                mime=OCTET_STREAM,  # downloaded as bytes: the browser never opens it
                on_click="ignore",
                key=f"evidence_file_{item.id}",
            )
        if can_remove:
            _remove_button(ws, info, activity, item)


def _evidence_words(item: EvidenceInfo) -> str:
    """'m.pdf and its note', 'the note "minutes..."': a piece of evidence, in words."""
    cut = NOTE_SHOWN_CHARS
    note = item.note if len(item.note) <= cut else item.note[: cut - 3] + "..."
    if item.file_name:
        return f"{item.file_name} and its note" if item.note else item.file_name
    return f'the note "{note}"'


def _remove_button(
    ws: Workspace, info: PracticeYearInfo, activity: str, item: EvidenceInfo
) -> None:
    """Remove, then a confirmation naming the evidence: removed, it is gone from the
    audit pack, and the change log keeps what it was."""
    slot = (info.practice, info.year, item.id)
    if st.session_state.get(REMOVING) != slot:
        if st.button("Remove", key=f"evidence_remove_{item.id}"):
            st.session_state[REMOVING] = slot
            st.rerun()
        return
    words = as_text(_evidence_words(item))
    st.warning(
        f"Remove {words} from the evidence of {as_text(activity)}? It leaves the audit "
        "pack; the Changes list keeps what it was."
    )
    yes, no = st.columns(2)
    if no.button("Keep it", key=f"evidence_keep_{item.id}"):
        st.session_state.pop(REMOVING, None)
        st.rerun()
    if yes.button("Yes, remove it", key=f"evidence_remove_confirm_{item.id}", type="primary"):
        st.session_state.pop(REMOVING, None)
        try:
            remove_evidence(ws, info.practice, info.year, item.id)
        except PlannerError as exc:
            st.error(as_text(exc))
        else:
            flash(f"Removed {_evidence_words(item)} from the evidence of {activity}.")
            st.rerun()


def _kept_words(note: str, file: EvidenceFile | None) -> str:
    """'the note and m.pdf', 'the note (no file)' or 'm.pdf': what was kept, so a file
    the browser refused (over its size limit) is never said to be kept."""
    if file is None:
        return "the note (no file)"
    name = clean_file_name(file.name)
    return f"the note and {name}" if note.strip() else name


def plan_year_form(ws: Workspace, name: str, today: date, has_years: bool) -> None:
    """Plan a year for the practice from its profile and attestations, and keep it."""
    years = list(plannable_years())
    default = actionable_year(today)[0]
    with st.expander("Plan a year", expanded=not has_years):
        year = st.selectbox("Year to plan", years, index=years.index(default), key="plan_year")
        st.caption(
            "Plans from the practice's statuses and every attestation kept for earlier "
            "years; a year planned before is planned again from its saved choices, and "
            "every activity's progress and evidence is kept."
        )
        if not st.button("Plan and keep", key="plan_and_keep"):
            return
    try:
        result, _ = plan_practice_year(ws, name, PlanRequest(year=year, as_of=today))
    except PlannerError as exc:
        st.error(as_text(exc))
        return
    st.session_state[PENDING_YEAR] = year
    flash(
        f"Planned {year}: {result.status.label}, {result.points} of {result.category_max} points, "
        f"{plural(len(result.activities), 'activity')}."
        + (f" {result.provisional_note}." if result.provisional else "")
    )
    st.rerun()
