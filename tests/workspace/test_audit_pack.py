"""The audit pack: the plan workbook with progress and evidence, and every evidence
file, zipped under safe names."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
from workspace_fixtures import ACME, YEAR

from optimizer.workspace import (
    EvidenceFile,
    ProgressChange,
    ProgressStatus,
    add_evidence,
    mark_progress,
    open_audit_pack,
    write_audit_pack,
)
from optimizer.workspace.audit_pack import safe_name

TODAY = date(2026, 6, 1)


def _pack(ws) -> tuple[str, zipfile.ZipFile]:  # type: ignore[no-untyped-def]
    name, file = open_audit_pack(ws, ACME, YEAR, TODAY)
    with file:
        return name, zipfile.ZipFile(io.BytesIO(file.read()))


def _evidence(ws) -> None:  # type: ignore[no-untyped-def]
    change = ProgressChange(status=ProgressStatus.RUNNING, start=date(2026, 2, 1), owner="Dr Lee")
    mark_progress(ws, ACME, YEAR, "IA_BE_27", change)
    add_evidence(
        ws,
        ACME,
        YEAR,
        "IA_BE_27",
        "=team meeting",
        EvidenceFile("../Q1 report (final).pdf", b"%PDF-1"),
    )


def test_the_pack_holds_the_workbook_the_files_and_the_record(ws, acme) -> None:
    """One workbook, each file under evidence/<activity>/, practice.json and changes.csv."""
    _evidence(ws)

    name, pack = _pack(ws)

    assert "Acme_Clinic-2026-audit-pack.zip" == name
    assert [
        "Acme_Clinic-2026-plan.xlsx",
        "evidence/IA_BE_27/1-Q1_report_final_.pdf",
        "practice.json",
        "changes.csv",
    ] == pack.namelist()
    assert b"%PDF-1" == pack.read("evidence/IA_BE_27/1-Q1_report_final_.pdf")
    assert ACME == json.loads(pack.read("practice.json"))["practice"]["name"]


def test_the_workbook_carries_owner_evidence_and_progress(ws, acme) -> None:
    """The Plan sheet's Owner and Evidence kept are filled (a note starting with '='
    stays text); Progress and Evidence sheets list every activity and file."""
    _evidence(ws)
    _, pack = _pack(ws)

    book = openpyxl.load_workbook(io.BytesIO(pack.read("Acme_Clinic-2026-plan.xlsx")))
    plan = {r[0]: r for r in book["Plan"].iter_rows(min_row=2, values_only=True)}
    headers = [c.value for c in book["Plan"][1]]
    progress = [r[:4] for r in book["Progress"].iter_rows(min_row=2, values_only=True)]
    evidence = [r[3] for r in book["Evidence"].iter_rows(min_row=2, values_only=True)]

    epa = dict(zip(headers, plan["IA_BE_27"], strict=True))
    assert ("Dr Lee", "=team meeting; file: Q1 report (final).pdf") == (
        epa["Owner"],
        epa["Evidence kept"],
    )
    assert [
        (
            "IA_BE_27",
            "Comprehensive Eye Exams",
            "Yes",
            "running",
        ),
        ("IA_PSPA_23", "Completion of CDC Training on Antibiotic Stewardship", "Yes", "planned"),
    ] == progress
    assert ["evidence/IA_BE_27/1-Q1_report_final_.pdf"] == evidence


def test_names_in_the_pack_are_safe() -> None:
    """Folders, spaces and odd characters never reach a path in the zip."""
    assert ("passwd", "a_b_c.txt", "file") == (
        safe_name("../../etc/passwd"),
        safe_name("a b;c.txt"),
        safe_name(".."),
    )


def test_the_pack_streams_its_files_from_the_database(ws, acme, tmp_path: Path) -> None:
    """Four 4 MB files (16 MB) go into a pack on disk, whole, while under 8 MB is in memory."""
    mb = 1024 * 1024
    kept = [os.urandom(4 * mb + 123) for _ in range(4)]  # random: deflate cannot shrink it
    for n, data in enumerate(kept):
        add_evidence(ws, ACME, YEAR, "IA_BE_27", f"scan {n}", EvidenceFile(f"s{n}.bin", data))
    target = tmp_path / "pack.zip"

    tracemalloc.start()
    try:
        with target.open("wb") as out:
            write_audit_pack(ws, ACME, YEAR, TODAY, out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    with zipfile.ZipFile(target) as pack:
        packed = [pack.read(n) for n in pack.namelist() if n.startswith("evidence/")]
    assert kept == packed
    assert peak < 8 * mb, f"peak {peak / mb:.1f} MB"
