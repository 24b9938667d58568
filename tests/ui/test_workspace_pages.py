"""The Portfolio and Tracker pages, driven headless with ``AppTest`` on a workspace
made for each test (IA_PLANNER_DB)."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.runtime.download_data_util import convert_data_to_bytes_and_infer_mime
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.clock import TODAY_VARIABLE
from optimizer.ui import workspace_state
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.workspace import (
    ENV_VAR,
    EvidenceFile,
    Profile,
    ProgressChange,
    ProgressStatus,
    Workspace,
    add_evidence,
    add_practice,
    get_practice_year,
    list_practices,
    mark_progress,
    open_workspace,
    practice_to_dict,
)
from optimizer.workspace.plans import planned_years

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
APP = str(NAVIGATION_SCRIPT)
"""The Streamlit script ``app.py`` serves (AppTest runs the script, not the launcher)."""
DONE_FEB_TO_MAY = ProgressChange(
    status=ProgressStatus.DONE, start=date(YEAR, 2, 1), end=date(YEAR, 5, 31)
)
DONE_JAN_TO_MARCH = ProgressChange(
    status=ProgressStatus.DONE, start=date(YEAR, 1, 1), end=date(YEAR, 3, 31)
)


@pytest.fixture
def kept() -> Workspace:
    """The test's own workspace (IA_PLANNER_DB) with Acme's 2026 plan and Beta, unplanned."""
    ws = open_workspace()
    add_practice(ws, ACME, Profile(tin="123456789", clinicians=6))
    plan_year(ws)
    add_practice(ws, "Beta")
    return ws


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def tracker(practice: str = ACME) -> AppTest:
    """The app opened on the Portfolio, then the practice opened in the Tracker."""
    at = start()
    at.selectbox(key="portfolio_open").set_value(practice)
    return at.button(key="open_tracker").click().run()


def labelled(elements, label: str):  # type: ignore[no-untyped-def]
    """The element of a kind (``at.button``, ``at.selectbox``...) with this label."""
    return next(e for e in elements if e.label == label)


def save(at: AppTest, **values: object) -> AppTest:
    """Fill the activity form (Status, Start, End, Owner) and press its Save button."""
    for label, value in values.items():
        kind = {"Status": at.selectbox, "Owner": at.text_input}.get(label, at.date_input)
        labelled(kind, label).set_value(value)
    return labelled(at.button, "Save the activity").click().run()


def activity(ws: Workspace, activity_id: str = "IA_BE_27"):  # type: ignore[no-untyped-def]
    return get_practice_year(ws, ACME, YEAR).progress_of(activity_id)


def test_an_empty_workspace_opens_on_the_planner_and_is_not_created() -> None:
    """With nothing kept the app opens on the planner as before, and makes no file."""
    at = start()

    assert (["IA Planner"], False) == (
        [t.value for t in at.title],
        Path(os.environ[ENV_VAR]).exists(),
    )


def test_a_workspace_with_practices_opens_on_the_portfolio(kept: Workspace) -> None:
    """The Portfolio lists every practice with its plan and progress."""
    at = start()
    table = at.dataframe[0].value

    assert ["Portfolio"] == [t.value for t in at.title]
    assert [ACME, "Beta"] == table["Practice"].tolist()
    assert ["Lowest-effort plan", "No plan yet"] == table["Plan"].tolist()
    assert ["0 of 2 done", ""] == table["Progress"].tolist()
    assert {"Practices": "2", "With a plan": "1"}.items() <= {
        m.label: m.value for m in at.metric
    }.items()


def test_the_portfolio_warns_of_activities_at_risk(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten days before the last start, the activities not begun are flagged once, by practice."""
    monkeypatch.setattr(workspace_state, "today", lambda: date(YEAR, 9, 23))

    at = start()

    assert [f"2 activities at risk of missing their last start, in 1 practice: {ACME}"] == [
        w.value for w in at.warning
    ]
    assert [
        "IA_BE_27 must start by 2026-10-03 (10 days left); "
        "IA_PSPA_23 must start by 2026-10-03 (10 days left)",
        "",
    ] == at.dataframe[0].value["At risk"].tolist()


def test_the_portfolio_warns_of_closing_submission_windows(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within 30 days of the window's close, an unattested year is flagged."""
    monkeypatch.setattr(workspace_state, "today", lambda: date(YEAR + 1, 3, 15))

    at = start()

    assert f"Submission windows closing without an attestation: {ACME} ({YEAR})" in [
        w.value for w in at.warning
    ]


def test_a_practice_is_added_from_the_portfolio(kept: Workspace) -> None:
    """The form keeps a new practice, which the table then lists."""
    at = start()
    at.text_input(key="new_practice_name").set_value("Charlie Care")
    at.text_input(key="new_practice_tin").set_value("987654321")
    at = labelled(at.button, "Add the practice").click().run()

    assert "Added Charlie Care: open it in the Tracker to plan a year." == at.success[0].value
    assert ("Charlie Care", "987654321") in [(p.name, p.tin) for p in list_practices(kept)]


def test_a_bad_practice_is_refused_on_the_page(kept: Workspace) -> None:
    """A refused practice shows the workspace's message and is not kept."""
    at = start()
    at.text_input(key="new_practice_name").set_value("Delta")
    at.text_input(key="new_practice_tin").set_value("123")
    at = labelled(at.button, "Add the practice").click().run()

    assert ["the TIN (taxpayer identification number) must be 9 digits, got '123'"] == [
        e.value for e in at.error
    ]
    assert [ACME, "Beta"] == [p.name for p in list_practices(kept)]


def test_the_tracker_lists_each_activity_and_the_days_it_needs(kept: Workspace) -> None:
    """Opened from the Portfolio, the Tracker shows the practice's activities."""
    at = tracker()
    table = at.dataframe[0].value

    assert ["Tracker"] == [t.value for t in at.title]
    assert ["IA_BE_27", "IA_PSPA_23"] == table["Activity"].tolist()
    assert [90, 90] == table["Days required"].tolist()


def test_a_status_and_dates_are_saved(kept: Workspace) -> None:
    """Saving the form keeps the status, dates and owner, and says so."""
    at = save(tracker(), Status="running", Start=date(YEAR, 2, 1), Owner="Dr Lee")
    saved = activity(kept)

    assert ["Saved IA_BE_27."] == [s.value for s in at.success]
    assert (ProgressStatus.RUNNING, date(YEAR, 2, 1), "Dr Lee") == (
        saved.status,
        saved.start,
        saved.owner,
    )


def test_a_short_period_is_refused_on_the_page(kept: Workspace) -> None:
    """The refusal names the activity and the days; nothing is saved."""
    at = save(tracker(), Status="done", Start=date(YEAR, 3, 1), End=date(YEAR, 4, 30))

    assert [
        "IA_BE_27 must run at least 90 continuous days: 2026-03-01 to 2026-04-30 is 61 days"
    ] == [e.value for e in at.error]
    assert ProgressStatus.PLANNED == activity(kept).status


def test_the_later_of_two_tabs_is_refused_instead_of_overwriting(kept: Workspace) -> None:
    """Two tabs open the same activity; the first saves; the second's save is refused
    with a clear message and the first one's change stays."""
    first, second = tracker(), tracker()
    save(first, Owner="Dr Lee")

    second = save(second, Owner="Dr Kim")

    assert [
        f"IA_BE_27 of '{ACME}' ({YEAR}) was changed by someone else since you opened it: "
        "reload to see their change, then make yours again"
    ] == [e.value for e in second.error]
    assert "Dr Lee" == activity(kept).owner


def test_reload_shows_the_change_made_elsewhere(kept: Workspace) -> None:
    """After a refusal, Reload shows the saved values, and a save goes through."""
    first, second = tracker(), tracker()
    save(first, Owner="Dr Lee")
    second = save(second, Owner="Dr Kim")

    second = second.button(key="reload_activity").click().run()

    assert "Dr Lee" == labelled(second.text_input, "Owner").value
    save(second, Owner="Dr Kim")
    assert "Dr Kim" == activity(kept).owner


def test_evidence_is_uploaded_and_kept(kept: Workspace) -> None:
    """A note and a file go into the workspace, byte for byte, and the page names both."""
    at = tracker()
    at.text_area(key="evidence_note").set_value("team meeting minutes")
    at.file_uploader(key="evidence_file").set_value(("m.pdf", b"%PDF-1", "application/pdf"))
    at = labelled(at.button, "Keep the evidence").click().run()
    (evidence,) = practice_to_dict(kept, ACME)["years"][0]["progress"][0]["evidence"]

    assert ["Kept the note and m.pdf as evidence of IA_BE_27."] == [s.value for s in at.success]
    assert ("team meeting minutes", "m.pdf", 6) == (
        evidence["note"],
        evidence["file_name"],
        evidence["size"],
    )


def _attested(ws: Workspace) -> list[str]:
    return [a["activity_id"] for a in practice_to_dict(ws, ACME)["attestations"]]


def test_a_year_is_attested_from_the_tracker(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the submission window, with the plan done, Attest records the activities done."""
    monkeypatch.setenv(TODAY_VARIABLE, "2027-01-15")
    mark_progress(kept, ACME, YEAR, "IA_PSPA_23", DONE_FEB_TO_MAY)
    at = save(tracker(), Status="done", Start=date(YEAR, 2, 1), End=date(YEAR, 5, 31))

    at = at.button(key="attest").click().run()

    assert [f"Attested 2 activities for {YEAR}: IA_BE_27, IA_PSPA_23."] == [
        s.value for s in at.success
    ]
    assert ["IA_BE_27", "IA_PSPA_23"] == _attested(kept)


def test_attest_is_refused_on_the_page_with_every_reason(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 2026-03-16, with one activity marked done to March 31: the window, its end,
    the activity not done and the points are each said; nothing is attested."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-03-16")
    mark_progress(kept, ACME, YEAR, "IA_BE_27", DONE_JAN_TO_MARCH)

    at = tracker().button(key="attest").click().run()

    assert [
        "2026 cannot be attested:\n"
        "- the 2026 submission window opens 2027-01-04: attest from then (today is 2026-03-16)\n"
        "- IA_BE_27 ends 2026-03-31, after today (2026-03-16): it is done once it has ended\n"
        "- IA_PSPA_23 is planned, not done: mark it done with its dates, or dropped if it "
        "will not be done\n"
        "- the activities done reach 20 of the 40 points the plan aims for"
    ] == [e.value for e in at.error]
    assert [] == _attested(kept)


def test_the_points_shown_are_those_done_of_those_planned(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1 of 2 activities done: 20 points done of the 40 planned, not '40 of 40'."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-06-01")
    mark_progress(kept, ACME, YEAR, "IA_BE_27", DONE_FEB_TO_MAY)

    metrics = {m.label: m.value for m in tracker().metric}

    assert ("20 of 40 planned", "1 of 2") == (metrics["Points done"], metrics["Done"])


def test_done_with_an_end_after_today_is_refused_on_the_page(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On 2026-06-01 an activity ending 2026-12-31 is not saved as done."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-06-01")

    at = save(tracker(), Status="done", Start=date(YEAR, 2, 1), End=date(YEAR, 12, 31))

    assert [
        "IA_BE_27 cannot be done with its end date 2026-12-31 after today (2026-06-01): "
        "mark it running until it ends"
    ] == [e.value for e in at.error]
    assert ProgressStatus.PLANNED == activity(kept).status


def test_evidence_over_10_mb_is_refused_and_the_note_kept(kept: Workspace) -> None:
    """A file one byte over 10 MB is refused in words and nothing is kept; the note
    typed stays in the form, so a smaller file is kept with it without typing it again."""
    at = tracker()
    at.text_area(key="evidence_note").set_value("team meeting minutes")
    big = b"x" * (10 * 1024 * 1024 + 1)
    at.file_uploader(key="evidence_file").set_value(("scan.pdf", big, "application/pdf"))

    at = labelled(at.button, "Keep the evidence").click().run()

    assert [
        "the evidence file scan.pdf is 10.0 MB; evidence files may be at most 10 MB: keep a "
        "smaller copy or split it"
    ] == [e.value for e in at.error]
    assert [] == [s.value for s in at.success]
    assert () == activity(kept).evidence
    at.file_uploader(key="evidence_file").set_value(("scan.pdf", b"%PDF-1", "application/pdf"))
    at = labelled(at.button, "Keep the evidence").click().run()
    assert [("team meeting minutes", "scan.pdf")] == [
        (e.note, e.file_name) for e in activity(kept).evidence
    ]
    assert ["Kept the note and scan.pdf as evidence of IA_BE_27."] == [s.value for s in at.success]


def test_the_evidence_form_is_empty_once_kept(kept: Workspace) -> None:
    """After a keep, the note field is empty for the next piece of evidence."""
    at = tracker()
    at.text_area(key="evidence_note").set_value("team meeting minutes")

    at = labelled(at.button, "Keep the evidence").click().run()

    assert ["Kept the note (no file) as evidence of IA_BE_27."] == [s.value for s in at.success]
    assert [""] == [t.value for t in at.text_area if t.label.startswith("Note")]


def test_evidence_is_removed_once_confirmed_and_logged(kept: Workspace) -> None:
    """Remove asks first; "Yes, remove it" deletes the evidence, says so, and the Tracker's
    Changes section shows the removal (the evidence's file and note as the old value)."""
    kept_item = add_evidence(
        kept, ACME, YEAR, "IA_BE_27", "minutes", EvidenceFile("m.pdf", b"%PDF-1")
    )
    at = tracker().button(key=f"evidence_remove_{kept_item.id}").click().run()

    assert [
        "Remove m.pdf and its note from the evidence of IA_BE_27? It leaves the audit pack; "
        "the Changes list keeps what it was."
    ] == [w.value for w in at.warning]
    assert 1 == len(activity(kept).evidence)
    at = at.button(key=f"evidence_remove_confirm_{kept_item.id}").click().run()

    assert ["Removed m.pdf and its note from the evidence of IA_BE_27."] == [
        s.value for s in at.success
    ]
    assert () == activity(kept).evidence
    changes = at.dataframe[1].value
    assert [("IA_BE_27", "evidence", f"#{kept_item.id} m.pdf: minutes", "")] == [
        (r["Activity"], r["Field"], r["Old"], r["New"])
        for _, r in changes.iterrows()
        if r["Field"] == "evidence" and r["New"] == ""
    ]


def test_evidence_kept_when_its_removal_is_not_confirmed(kept: Workspace) -> None:
    """Remove, then "Keep it": the evidence stays and no question is left on the page."""
    kept_item = add_evidence(kept, ACME, YEAR, "IA_BE_27", "minutes")
    at = tracker().button(key=f"evidence_remove_{kept_item.id}").click().run()

    at = at.button(key=f"evidence_keep_{kept_item.id}").click().run()

    assert [] == [w.value for w in at.warning]
    assert ["minutes"] == [e.note for e in activity(kept).evidence]


def test_a_year_is_planned_from_the_tracker(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A practice with no plan gets one from its profile, and the Tracker shows it."""
    monkeypatch.setenv(TODAY_VARIABLE, "2026-01-05")
    at = tracker("Beta")
    at.selectbox(key="plan_year").set_value(YEAR)

    at = at.button(key="plan_and_keep").click().run()

    assert [f"Planned {YEAR}: Lowest-effort plan, 40 of 40 points, 2 activities."] == [
        s.value for s in at.success
    ]
    assert ["IA_BE_27", "IA_PSPA_23"] == at.dataframe[0].value["Activity"].tolist()


@pytest.mark.parametrize(
    ("today", "year", "message"),
    [
        (
            "2026-10-10",
            YEAR,
            "the 2026 plan of 'Beta' has no activities, so none was kept: 85 activities can "
            "no longer run their period in 2026",
        ),
        (
            "2026-10-10",
            2017,
            "the 2017 submission window closed 2018-04-03: a plan for 2017 can no longer be "
            "attested, so none was kept",
        ),
    ],
    ids=["after-the-last-start", "closed-year"],
)
def test_a_plan_with_nothing_to_track_is_not_kept(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch, today: str, year: int, message: str
) -> None:
    """Plan and keep refuses, in words, a plan with no activities and a closed year;
    no success is shown and the Portfolio has no plan to count."""
    monkeypatch.setenv(TODAY_VARIABLE, today)
    at = tracker("Beta")
    at.selectbox(key="plan_year").set_value(year)

    at = at.button(key="plan_and_keep").click().run()

    assert [] == [s.value for s in at.success]
    assert [message] == [e.value.split(";")[0] for e in at.error]
    assert () == planned_years(kept, "Beta")


def test_the_audit_pack_is_the_workbook_and_the_evidence(
    kept: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The download is a zip of the plan workbook, the evidence files, the record and
    the change log."""
    made: dict[str, tuple[str, Callable[[], bytes]]] = {}
    defer = MediaFileManager.add_deferred

    def deferred(self, make, mimetype, coordinates, file_name=None, **kwargs):  # type: ignore[no-untyped-def]
        file_id = defer(self, make, mimetype, coordinates, file_name=file_name, **kwargs)
        made[file_name] = (file_id, make)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)
    tracker()

    _, make = made["Acme_Clinic-2026-audit-pack.zip"]

    # What Streamlit does with the callable's value on a click (it refuses a file object).
    data, _ = convert_data_to_bytes_and_infer_mime(make(), TypeError("not bytes"))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert ["Acme_Clinic-2026-plan.xlsx", "practice.json", "changes.csv"] == names
