"""The audit pack of a practice-year: one zip with the plan workbook (its Owner and
Evidence kept columns filled from the tracker, plus Progress, Evidence and Changes
sheets), every evidence file under ``evidence/<activity>/``, ``practice.json``,
and ``changes.csv`` (the change log of the practice and the year). Any role of the
practice's organization may download it; no other organization sees it.

File names in the zip are made safe (letters, digits, ``.``, ``_`` and ``-`` only,
no folders of their own); the files' bytes are copied as stored, never opened.

The pack streams: it is written into a file (``write_audit_pack``; by default a
temporary file on disk, ``open_audit_pack``), one evidence file read from the
database at a time, so a practice-year's files are never all in memory at once.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import BinaryIO

import openpyxl
from sqlalchemy import func, select

from optimizer.exports.workbook_layout import DATA_SHEET, EVIDENCE, OWNER, PLAN_SHEET
from optimizer.exports.workbook_write import write_workbook
from optimizer.exports.xlsx import write_cell, write_table
from optimizer.planning.pipeline import plan
from optimizer.planning.solve.status import check_available
from optimizer.planning.whatif import what_if_table
from optimizer.wording import START_BY
from optimizer.workspace.change_log import (
    CHANGE_HEADERS,
    ChangeInfo,
    change_rows,
    changes,
    changes_csv,
)
from optimizer.workspace.database import Workspace
from optimizer.workspace.export import practice_to_dict
from optimizer.workspace.plans import no_plan, saved_inventory, saved_pairings, year_row
from optimizer.workspace.practices import find_practice
from optimizer.workspace.records import ProgressInfo, year_info
from optimizer.workspace.tables import ActivityProgress, Evidence

PROGRESS_SHEET = "Progress"
EVIDENCE_SHEET = "Evidence"
CHANGES_SHEET = "Changes"
CHANGES_CSV = "changes.csv"
PROGRESS_HEADERS = (
    "Activity ID",
    "Title",
    "In plan",
    "Status",
    "Start",
    "End",
    "Days required",
    "Days still needed",
    START_BY,
    "Owner",
    "Clinicians",
    "Version",
)
EVIDENCE_HEADERS = ("Activity ID", "Added (UTC)", "Note", "File", "Size (bytes)", "SHA-256")
CHUNK_BYTES = 1024 * 1024
"""How much of an evidence file is read from the database, and zipped, at a time."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str, fallback: str = "file") -> str:
    """'../Q1 report (final).pdf' -> 'Q1_report_final_.pdf': safe in any zip or folder."""
    clean = _UNSAFE.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")
    return clean[-100:] or fallback


def _evidence_text(item: ProgressInfo) -> str:
    parts = [e.note or "" for e in item.evidence]
    parts += [f"file: {e.file_name}" for e in item.evidence if e.file_name]
    return "; ".join(p for p in parts if p)


def _fill_plan_sheet(book: openpyxl.Workbook, progress: Mapping[str, ProgressInfo]) -> None:
    sheet = book[PLAN_SHEET]
    headers = {cell.value: cell.column for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        item = progress.get(str(sheet.cell(row=row, column=1).value))
        if item is not None:
            write_cell(sheet.cell(row=row, column=headers[OWNER]), item.owner)
            write_cell(sheet.cell(row=row, column=headers[EVIDENCE]), _evidence_text(item))


def _progress_rows(progress: Sequence[ProgressInfo], today: date) -> list[tuple[object, ...]]:
    return [
        (
            p.activity_id,
            p.title,
            p.in_plan,
            str(p.status),
            p.start,
            p.end,
            p.period_days,
            p.days_still_needed(today),
            p.last_start,
            p.owner,
            ", ".join(p.clinicians),
            p.version,
        )
        for p in progress
    ]


def _workbook(
    base: bytes,
    progress: Sequence[ProgressInfo],
    paths: Mapping[int, str],
    today: date,
    changes: Sequence[ChangeInfo],
) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(base))
    _fill_plan_sheet(book, {p.activity_id: p for p in progress})
    at = book.sheetnames.index(DATA_SHEET)
    sheet = book.create_sheet(PROGRESS_SHEET, at)
    write_table(sheet, "ProgressTable", PROGRESS_HEADERS, _progress_rows(progress, today))
    evidence = [
        (
            e.activity_id,
            e.added_at.replace(tzinfo=None),
            e.note,
            paths.get(e.id, ""),
            e.size,
            e.sha256,
        )
        for p in progress
        for e in p.evidence
    ]
    write_table(
        book.create_sheet(EVIDENCE_SHEET, at + 1), "EvidenceTable", EVIDENCE_HEADERS, evidence
    )
    sheet = book.create_sheet(CHANGES_SHEET, at + 2)
    write_table(sheet, "ChangesTable", CHANGE_HEADERS, change_rows(changes))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _chunks(ws: Workspace, evidence_id: int) -> Iterator[bytes]:
    """One evidence file's bytes, read from the database a chunk at a time (SQL's
    ``substr`` works on SQLite blobs and PostgreSQL's bytea alike)."""
    with ws.read() as session:
        size = session.scalar(select(Evidence.size).where(Evidence.id == evidence_id)) or 0
        for start in range(0, size, CHUNK_BYTES):
            part = func.substr(Evidence.content, start + 1, CHUNK_BYTES)
            yield bytes(session.scalar(select(part).where(Evidence.id == evidence_id)) or b"")


def pack_name(practice: str, year: int) -> str:
    """The audit pack's file name: 'Acme_Clinic-2026-audit-pack.zip'."""
    return f"{safe_name(practice, 'practice')}-{year}-audit-pack.zip"


def write_audit_pack(ws: Workspace, name: str, year: int, today: date, out: BinaryIO) -> str:
    """Write the zip of ``name``'s ``year`` into ``out``; the pack's file name."""
    with ws.read() as session:
        practice = find_practice(session, name, ws)
        row = year_row(session, practice, year)
        if row is None:
            raise no_plan(practice.name, year)
        info = year_info(row, practice.name)
        inventory, pairings = saved_inventory(row), saved_pairings(row)
        files = session.execute(
            select(Evidence.id, ActivityProgress.activity_id, Evidence.file_name)
            .join(ActivityProgress)
            .where(ActivityProgress.practice_year_id == row.id, Evidence.content.is_not(None))
            .order_by(Evidence.id)
        ).all()
    # The workbook is rebuilt from the saved scenario and inventory, on the day it was planned.
    solver = check_available(info.solver)
    result = plan(info.scenario, inventory, pairings=pairings, solver=solver, as_of=info.planned_on)
    what_if = what_if_table(
        info.scenario, inventory, pairings=pairings, solver=solver, as_of=info.planned_on
    )
    base = write_workbook(result, info.scenario, inventory, pairings=pairings, what_if=what_if)
    paths = {
        evidence_id: f"evidence/{safe_name(activity_id)}/{evidence_id}-{safe_name(file_name or '')}"
        for evidence_id, activity_id, file_name in files
    }
    stem = f"{safe_name(info.practice, 'practice')}-{year}"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as pack:
        log = changes(ws, name, year)
        pack.writestr(f"{stem}-plan.xlsx", _workbook(base, info.progress, paths, today, log))
        for evidence_id, path in paths.items():
            with pack.open(path, "w") as member:
                for chunk in _chunks(ws, evidence_id):
                    member.write(chunk)
        record = practice_to_dict(ws, name, year, files=False)
        pack.writestr("practice.json", json.dumps(record, indent=2))
        pack.writestr(CHANGES_CSV, changes_csv(log))
    return pack_name(info.practice, year)


def open_audit_pack(ws: Workspace, name: str, year: int, today: date) -> tuple[str, BinaryIO]:
    """The pack's file name, and the pack written to a temporary file on disk, open at
    its start; the file is deleted when closed."""
    out = tempfile.TemporaryFile(prefix="ia-planner-audit-pack-")  # noqa: SIM115 (handed on open)
    try:
        file_name = write_audit_pack(ws, name, year, today, out)
        out.seek(0)
    except BaseException:
        out.close()
        raise
    return file_name, out
