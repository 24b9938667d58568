"""Carrying out the plan: each activity's status and dates (a period shorter than
the activity requires is refused in words), evidence notes and files, and the
attestation. A refused change, or a save over someone else's, changes nothing."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from workspace_fixtures import ACME, YEAR

from optimizer.errors import StaleWriteError, WorkspaceError
from optimizer.model import Clinician, Reporting
from optimizer.workspace import (
    MAX_EVIDENCE_BYTES,
    EvidenceFile,
    PlanRequest,
    Profile,
    ProgressChange,
    ProgressStatus,
    add_evidence,
    add_practice,
    attest_year,
    evidence_content,
    get_practice_year,
    mark_progress,
    plan_practice_year,
)
from optimizer.workspace.export import practice_to_dict
from optimizer.workspace.tracking import Mark, mark_many

RUNNING = ProgressStatus.RUNNING
DONE = ProgressStatus.DONE


def progress(ws, activity: str = "IA_BE_27"):  # type: ignore[no-untyped-def]
    found = get_practice_year(ws, ACME, YEAR).progress_of(activity)
    assert found is not None
    return found


def test_an_activity_runs_then_is_done(ws, acme) -> None:
    """Status, dates and owner are kept; each save raises the version."""
    mark_progress(
        ws, ACME, YEAR, "IA_BE_27", ProgressChange(status=RUNNING, start=date(2026, 2, 1))
    )
    done = mark_progress(
        ws,
        ACME,
        YEAR,
        "ia_be_27",
        ProgressChange(status=DONE, end=date(2026, 5, 1), owner="Dr Lee"),
    )

    expected = (DONE, date(2026, 2, 1), date(2026, 5, 1), "Dr Lee", 3)
    assert expected == (done.status, done.start, done.end, done.owner, done.version)
    assert done == progress(ws)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ProgressChange(status=DONE, start=date(2026, 3, 1), end=date(2026, 4, 30)),
            "IA_BE_27 must run at least 90 continuous days: 2026-03-01 to 2026-04-30 is 61 days",
        ),
        (
            ProgressChange(status=RUNNING, start=date(2025, 12, 1)),
            "IA_BE_27: the start date 2025-12-01 is outside performance year 2026 "
            "(2026-01-01 to 2026-12-31)",
        ),
        (
            ProgressChange(status=DONE, start=date(2026, 6, 1), end=date(2027, 1, 31)),
            "IA_BE_27: the end date 2027-01-31 is outside performance year 2026 "
            "(2026-01-01 to 2026-12-31)",
        ),
        (
            ProgressChange(start=date(2026, 6, 1), end=date(2026, 5, 1)),
            "IA_BE_27: the end date 2026-05-01 is before the start date 2026-06-01",
        ),
        (
            ProgressChange(status=RUNNING, start=date(2026, 11, 1)),
            "IA_BE_27 must run at least 90 continuous days: started 2026-11-01, it cannot "
            "finish by 2026-12-31 (its last start is 2026-10-03)",
        ),
        (
            ProgressChange(status=DONE, start=date(2026, 2, 1)),
            "IA_BE_27 cannot be done without its start and end dates: give both",
        ),
        (
            ProgressChange(status=RUNNING),
            "IA_BE_27 cannot be running without its start date: give the start",
        ),
    ],
    ids=[
        "short period",
        "start before year",
        "end after year",
        "end before start",
        "started too late",
        "done without end",
        "running without start",
    ],
)
def test_impossible_dates_are_refused_in_words_and_change_nothing(
    ws, acme, change, message
) -> None:
    """The refusal names the activity, the dates or days given and what is required;
    the activity stays exactly as it was."""
    before = progress(ws)

    with pytest.raises(WorkspaceError) as caught:
        mark_progress(ws, ACME, YEAR, "IA_BE_27", change)

    assert (message, before) == (str(caught.value), progress(ws))


def test_a_dropped_activity_keeps_its_dates_unchecked(ws, acme) -> None:
    """Dropping an activity started too late is allowed: the record stays as it was."""
    mark_progress(
        ws, ACME, YEAR, "IA_BE_27", ProgressChange(status=RUNNING, start=date(2026, 9, 1))
    )

    dropped = mark_progress(
        ws, ACME, YEAR, "IA_BE_27", ProgressChange(status=ProgressStatus.DROPPED)
    )

    assert (ProgressStatus.DROPPED, date(2026, 9, 1)) == (dropped.status, dropped.start)


def test_a_save_over_a_newer_version_is_refused(ws, acme) -> None:
    """Two people open version 1; the first saves; the second's save is refused with a
    clear message, and the first person's change stays."""
    seen = progress(ws).version
    mark_progress(ws, ACME, YEAR, "IA_BE_27", ProgressChange(owner="Dr Lee"), expected_version=seen)

    with pytest.raises(StaleWriteError) as caught:
        mark_progress(
            ws, ACME, YEAR, "IA_BE_27", ProgressChange(owner="Dr Kim"), expected_version=seen
        )

    assert (
        f"IA_BE_27 of '{ACME}' ({YEAR}) was changed by someone else since you opened it: "
        "reload to see their change, then make yours again" == str(caught.value)
    )
    assert "Dr Lee" == progress(ws).owner


def test_several_changes_are_saved_together_or_not_at_all(ws, acme) -> None:
    """One refused change in a batch leaves every activity of the batch as it was."""
    before = get_practice_year(ws, ACME, YEAR).progress
    marks = [
        Mark("IA_BE_27", ProgressChange(owner="Dr Lee")),
        Mark("IA_PSPA_23", ProgressChange(status=RUNNING)),  # no start: refused
    ]

    with pytest.raises(WorkspaceError):
        mark_many(ws, ACME, YEAR, marks)

    assert before == get_practice_year(ws, ACME, YEAR).progress


def test_an_activity_outside_the_plan_may_be_tracked(ws, acme) -> None:
    """Another activity of the year's inventory is kept, marked not in the plan."""
    kept = mark_progress(ws, ACME, YEAR, "IA_BE_4", ProgressChange(owner="Front desk"))

    assert (False, 90, "Front desk") == (kept.in_plan, kept.period_days, kept.owner)
    assert "Engagement of Patients through Implementation of New Patient Portal" == kept.title


def test_an_activity_not_in_the_inventory_is_refused(ws, acme) -> None:
    """An ID the year's inventory lacks is refused, and no row is made for it."""
    with pytest.raises(WorkspaceError) as caught:
        mark_progress(ws, ACME, YEAR, "IA_XX_9", ProgressChange(owner="x"))

    assert "IA_XX_9 is not an activity of performance year 2026" == str(caught.value)
    assert 2 == len(get_practice_year(ws, ACME, YEAR).progress)


def test_a_year_with_no_plan_is_refused_with_the_command_to_make_one(ws, acme) -> None:
    """Tracking needs the year's plan first."""
    with pytest.raises(WorkspaceError) as caught:
        mark_progress(ws, ACME, 2025, "IA_BE_27", ProgressChange(owner="x"))

    assert (
        f"'{ACME}' has no plan for 2025: make one with mips-ia practice plan '{ACME}' --year 2025"
        == str(caught.value)
    )


def test_participants_must_be_on_the_roster(ws) -> None:
    """A group's participating clinicians come from its roster."""
    roster = (Clinician("1234567893", "Dr Lee"), Clinician("Dr Kim"))
    add_practice(ws, ACME, Profile(reporting=Reporting.GROUP, roster=roster))
    plan_practice_year(ws, ACME, PlanRequest(year=YEAR, as_of=date(2026, 1, 5)))

    kept = mark_progress(ws, ACME, YEAR, "IA_BE_27", ProgressChange(clinicians=("Dr Kim",)))
    with pytest.raises(WorkspaceError) as caught:
        mark_progress(ws, ACME, YEAR, "IA_BE_27", ProgressChange(clinicians=("Dr Who",)))

    assert ("Dr Kim",) == kept.clinicians
    assert f"Dr Who is not on the roster of '{ACME}'" == str(caught.value)


def test_evidence_keeps_the_note_and_the_file_bytes(ws, acme) -> None:
    """The file is stored as given, with its size and SHA-256, under a name without folders."""
    data = b"%PDF-1.4 minutes of the team meeting"
    kept = add_evidence(
        ws, ACME, YEAR, "IA_BE_27", "team meeting", EvidenceFile("../../m.pdf", data)
    )

    expected = (
        "team meeting",
        "m.pdf",
        "application/pdf",
        len(data),
        hashlib.sha256(data).hexdigest(),
    )
    assert expected == (kept.note, kept.file_name, kept.media_type, kept.size, kept.sha256)
    assert data == evidence_content(ws, ACME, YEAR, kept.id)
    assert [kept] == list(progress(ws).evidence)


def test_evidence_does_not_change_the_activity_version(ws, acme) -> None:
    """Adding evidence never conflicts with someone editing the activity."""
    before = progress(ws).version

    add_evidence(ws, ACME, YEAR, "IA_BE_27", "a note")

    assert before == progress(ws).version


def test_a_file_over_the_cap_is_refused_in_words(ws, acme) -> None:
    """A file over 10 MB is refused with its size, and nothing is kept."""
    big = EvidenceFile("scan.tiff", b"x" * (MAX_EVIDENCE_BYTES + 1))

    with pytest.raises(WorkspaceError) as caught:
        add_evidence(ws, ACME, YEAR, "IA_BE_27", "a scan", big)

    assert (
        "the evidence file scan.tiff is 10.0 MB; evidence files may be at most 10 MB: "
        "keep a smaller copy or split it" == str(caught.value)
    )
    assert () == progress(ws).evidence


@pytest.mark.parametrize(
    ("note", "file", "message"),
    [
        ("  ", None, "evidence needs a note or a file"),
        ("", EvidenceFile("empty.txt", b""), "the evidence file empty.txt is empty"),
    ],
    ids=["nothing", "empty file"],
)
def test_empty_evidence_is_refused(ws, acme, note, file, message) -> None:
    """Evidence must hold something."""
    with pytest.raises(WorkspaceError) as caught:
        add_evidence(ws, ACME, YEAR, "IA_BE_27", note, file)

    assert message == str(caught.value)


def _done(ws, activity: str) -> None:
    change = ProgressChange(status=DONE, start=date(2026, 2, 1), end=date(2026, 5, 31))
    mark_progress(ws, ACME, YEAR, activity, change)


def test_attesting_records_the_activities_done(ws, acme) -> None:
    """The activities marked done are attested, on the day given."""
    _done(ws, "IA_BE_27")
    _done(ws, "IA_PSPA_23")

    rows = attest_year(ws, ACME, YEAR, date(2027, 1, 15))

    assert [
        ("IA_BE_27", YEAR, "attested", date(2027, 1, 15)),
        ("IA_PSPA_23", YEAR, "attested", date(2027, 1, 15)),
    ] == [(r.activity_id, r.year, r.source, r.attested_on) for r in rows]


def test_attesting_again_replaces_the_year(ws, acme) -> None:
    """A second attestation of the year replaces the first."""
    _done(ws, "IA_BE_27")
    _done(ws, "IA_PSPA_23")
    attest_year(ws, ACME, YEAR, date(2027, 1, 15))

    attest_year(ws, ACME, YEAR, date(2027, 1, 20))

    kept = practice_to_dict(ws, ACME)["attestations"]
    assert [("IA_BE_27", "2027-01-20"), ("IA_PSPA_23", "2027-01-20")] == [
        (a["activity_id"], a["attested_on"]) for a in kept
    ]


def test_attesting_nothing_done_is_refused(ws, acme) -> None:
    """With no activity done the attestation says to mark them."""
    with pytest.raises(WorkspaceError) as caught:
        attest_year(ws, ACME, YEAR, date(2027, 1, 15))

    assert (
        f"'{ACME}' ({YEAR}) cannot be attested: no activity of {YEAR} is marked done: mark "
        "each one done with its start and end dates; IA_BE_27 is planned, not done: mark it "
        "done with its dates, or dropped if it will not be done; IA_PSPA_23 is planned, not "
        "done: mark it done with its dates, or dropped if it will not be done"
    ) == str(caught.value)


def test_attesting_keeps_the_years_imported_attestations(ws) -> None:
    """Attestations of the year imported from a history file survive ``attest``."""
    from optimizer.model import Attestation

    history = (Attestation("IA_AHW_1", YEAR), Attestation("IA_BE_27", YEAR))
    add_practice(ws, ACME, Profile(tin="123456789", clinicians=6, history=history))
    plan_practice_year(ws, ACME, PlanRequest(year=YEAR, as_of=date(YEAR, 1, 5)))
    _done(ws, "IA_BE_27")
    _done(ws, "IA_PSPA_23")

    rows = attest_year(ws, ACME, YEAR, date(2027, 1, 15))

    kept = practice_to_dict(ws, ACME)["attestations"]
    assert [
        ("IA_AHW_1", "imported"),
        ("IA_BE_27", "imported"),
        ("IA_PSPA_23", "attested"),
    ] == [(a["activity_id"], a["source"]) for a in kept]
    assert ["IA_BE_27", "IA_PSPA_23"] == [r.activity_id for r in rows]


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("..\\..\\C:\\temp\\minutes.pdf", "minutes.pdf"),
        ("/etc/passwd", "passwd"),
        ("minutes\x1b[31m red\x07.txt", "minutes[31m red.txt"),
        ("zero\u200bwidth\u2066.pdf", "zerowidth.pdf"),
        ("  two   spaces .pdf ", "two spaces .pdf"),
        ("\u202e\u202c", "evidence"),
        ("Über Protokoll – März.pdf", "Über Protokoll – März.pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
    ids=["rtl-override", "windows-path", "absolute", "escapes", "zero-width", "spaces",
         "nothing-left", "accents", "long"],
)  # fmt: skip
def test_evidence_file_names_are_cleaned_when_kept(ws, acme, given: str, kept: str) -> None:
    """Folders, control and bidirectional characters never reach the kept name."""
    info = add_evidence(ws, ACME, YEAR, "IA_BE_27", "", EvidenceFile(given, b"data"))

    assert kept == info.file_name
    assert [kept] == [e.file_name for e in progress(ws).evidence]


def test_evidence_of_a_practice_year_is_capped_in_count(ws, acme, monkeypatch) -> None:
    """Past the count a practice-year may keep, evidence is refused in words."""
    monkeypatch.setattr("optimizer.workspace.evidence.MAX_EVIDENCE_ITEMS", 3)
    for n in range(3):
        add_evidence(ws, ACME, YEAR, "IA_BE_27" if n % 2 else "IA_PSPA_23", f"note {n}")

    with pytest.raises(WorkspaceError) as caught:
        add_evidence(ws, ACME, YEAR, "IA_BE_27", "one too many")

    assert (
        f"'{ACME}' ({YEAR}) already keeps 3 pieces of evidence, the most one practice-year "
        "may keep: put several files in one zip, or keep the rest elsewhere" == str(caught.value)
    )
    assert 1 == len(progress(ws).evidence)


def test_evidence_files_of_a_practice_year_are_capped_in_size(ws, acme, monkeypatch) -> None:
    """A file that would pass the practice-year's total is refused; a note still fits."""
    mb = 1024 * 1024
    monkeypatch.setattr("optimizer.workspace.evidence.MAX_YEAR_EVIDENCE_BYTES", 3 * mb)
    add_evidence(ws, ACME, YEAR, "IA_BE_27", "", EvidenceFile("a.pdf", b"x" * (2 * mb)))

    with pytest.raises(WorkspaceError) as caught:
        add_evidence(ws, ACME, YEAR, "IA_PSPA_23", "", EvidenceFile("b.pdf", b"x" * (mb + 1)))
    add_evidence(ws, ACME, YEAR, "IA_PSPA_23", "a note needs no room")

    assert (
        f"'{ACME}' ({YEAR}) keeps 2.0 MB of evidence files; this one (1.0 MB) would pass the "
        "3 MB a practice-year may keep: keep a smaller copy, or keep the rest elsewhere"
        == str(caught.value)
    )
