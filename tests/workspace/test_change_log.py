"""The change log: one row per changed field, by whom, for every kind of change,
and append-only (the database refuses to change or delete a row)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pytest
import sqlalchemy as sa
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.errors import WorkspaceError
from optimizer.workspace import (
    EvidenceFile,
    Profile,
    ProgressChange,
    ProgressStatus,
    Workspace,
    add_evidence,
    add_person,
    add_practice,
    attest_year,
    backup,
    changes,
    edit_practice,
    mark_progress,
    open_audit_pack,
    open_workspace,
    organization_changes,
    person_scope,
    remove_evidence,
    remove_practice,
    restore,
    restore_practice,
    set_role,
)
from optimizer.workspace.tables import Base, ChangeRecord


def _rows(ws: Workspace, year: int | None = None) -> list[tuple[object, ...]]:
    return [
        (c.actor_email, c.year, c.activity_id, c.field, c.old, c.new)
        for c in changes(ws, ACME, year)
    ]


def test_each_kind_of_change_is_logged_field_by_field(ws: Workspace) -> None:
    add_practice(ws, ACME, Profile(tin="123456789", clinicians=6))
    add_person(ws, "default", "ed@clinic.org", "editor")
    ed = ws.scoped(person_scope(ws, "sub-ed", "ed@clinic.org"))
    me = ws.scope.actor.email
    plan_year(ed)
    mark_progress(
        ed,
        ACME,
        YEAR,
        "IA_BE_27",
        ProgressChange(status=ProgressStatus.DONE, start=date(2026, 1, 6), end=date(2026, 4, 5)),
    )
    mark_progress(ed, ACME, YEAR, "IA_PSPA_23", ProgressChange(owner="Dr Lee"))
    kept = add_evidence(ed, ACME, YEAR, "IA_BE_27", "minutes", EvidenceFile("m.txt", b"met"))
    remove_evidence(ed, ACME, YEAR, kept.id)
    edit_practice(ws, ACME, Profile(tin="123456789", clinicians=7))
    remove_practice(ws, ACME)
    restore_practice(ws, ACME)

    assert [
        (me, None, "", "practice", "", ACME),
        (me, None, "", "name", "", ACME),
        (me, None, "", "tin", "", "123456789"),
        (me, None, "", "reporting", "", "individual"),
        (me, None, "", "clinicians", "", "6"),
        ("ed@clinic.org", YEAR, "", "plan", "", "IA_BE_27, IA_PSPA_23"),
        ("ed@clinic.org", YEAR, "", "points", "", "40"),
        ("ed@clinic.org", YEAR, "", "plan status", "", "optimal"),
        ("ed@clinic.org", YEAR, "IA_BE_27", "status", "planned", "done"),
        ("ed@clinic.org", YEAR, "IA_BE_27", "start", "", "2026-01-06"),
        ("ed@clinic.org", YEAR, "IA_BE_27", "end", "", "2026-04-05"),
        ("ed@clinic.org", YEAR, "IA_PSPA_23", "owner", "", "Dr Lee"),
        ("ed@clinic.org", YEAR, "IA_BE_27", "evidence", "", f"#{kept.id} m.txt: minutes"),
        ("ed@clinic.org", YEAR, "IA_BE_27", "evidence", f"#{kept.id} m.txt: minutes", ""),
        (me, None, "", "clinicians", "6", "7"),
        (me, None, "", "practice", "kept", "removed"),
        (me, None, "", "practice", "removed", "kept"),
    ] == _rows(ws)
    assert {"sub-ed"} == {c.actor_subject for c in changes(ws, ACME) if c.year == YEAR}


def test_an_attestation_and_a_new_plan_are_logged(ws: Workspace) -> None:
    add_practice(ws, ACME, Profile(clinicians=6))
    plan_year(ws)
    for activity in ("IA_BE_27", "IA_PSPA_23"):
        mark_progress(
            ws,
            ACME,
            YEAR,
            activity,
            ProgressChange(
                status=ProgressStatus.DONE, start=date(2026, 1, 6), end=date(2026, 4, 5)
            ),
        )
    attest_year(ws, ACME, YEAR, date(2027, 1, 5))

    assert ("attested", "", "IA_BE_27, IA_PSPA_23") == _rows(ws, YEAR)[-1][3:]


def test_people_and_roles_are_logged(ws: Workspace) -> None:
    add_person(ws, "default", "kim@clinic.org", "viewer")
    set_role(ws, "default", "kim@clinic.org", "editor")

    assert [
        ("role of kim@clinic.org", "", "viewer"),
        ("role of kim@clinic.org", "viewer", "editor"),
    ] == [(c.field, c.old, c.new) for c in organization_changes(ws, "default")]


def test_the_database_refuses_to_change_or_delete_a_logged_row(ws: Workspace) -> None:
    """There is no update or delete path in the code; the database's own triggers
    refuse one made by hand, on SQLite and PostgreSQL alike."""
    add_practice(ws, ACME)
    table = ChangeRecord.__table__
    for statement in (sa.update(table).values(new="forged"), sa.delete(table)):
        with pytest.raises(WorkspaceError) as caught, ws.write() as session:
            session.execute(statement)
        assert "the change log is append-only" in str(caught.value)
    assert ACME == changes(ws, ACME)[0].new


def test_the_audit_pack_holds_the_log_as_a_sheet_and_a_csv(ws: Workspace, acme) -> None:
    mark_progress(ws, ACME, YEAR, "IA_BE_27", ProgressChange(owner="=cmd()"))

    _, pack = open_audit_pack(ws, ACME, YEAR, date(2026, 3, 1))
    with pack, zipfile.ZipFile(io.BytesIO(pack.read())) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("changes.csv").decode("utf-8"))))
        book = openpyxl.load_workbook(io.BytesIO(archive.read("Acme_Clinic-2026-plan.xlsx")))

    assert ["When (UTC)", "Who", "Year", "Activity", "Field", "Old", "New"] == rows[0]
    assert ["2026", "IA_BE_27", "owner", "", "'=cmd()"] == rows[-1][2:]
    sheet = [[c.value for c in r] for r in book["Changes"].iter_rows(min_row=2)]
    assert len(rows) - 1 == len(sheet)
    assert "=cmd()" == sheet[-1][-1]


def test_a_restore_keeps_the_log_and_adds_the_rows_of_the_backup_it_lacks(
    ws: Workspace, tmp_path
) -> None:
    """Restoring over a workspace never deletes a logged row (the database would
    refuse): rows logged since the backup stay, and the backup's are all there."""
    add_practice(ws, ACME)
    copy = backup(ws, tmp_path / "copy.db")
    edit_practice(ws, ACME, Profile(clinicians=3))  # logged after the backup
    logged = _rows(ws)

    restore(ws, copy, replace=True)
    with open_workspace(str(copy)) as fresh_source:
        in_backup = len(changes(fresh_source, ACME))

    assert logged == _rows(ws)[:-1]  # the last row is the restore's own
    assert len(logged) > in_backup > 0


def test_a_restore_over_another_workspace_keeps_the_backups_changes(
    ws: Workspace, tmp_path
) -> None:
    """The backup's log rows are kept even where their IDs are the workspace's own rows'
    (another workspace's backup): none is dropped as already held."""
    with open_workspace(str(tmp_path / "other.db")) as other:
        add_practice(other, ACME)
        copy = backup(other, tmp_path / "copy.db")
        in_backup = _rows(other)
    add_practice(ws, "Beta")

    restore(ws, copy, replace=True)

    assert [("practice", "", ACME), ("name", "", ACME)] == [
        (field, old, new) for _, _, _, field, old, new in in_backup[:2]
    ]
    assert set(in_backup) <= set(_rows(ws))


def test_a_restore_is_logged_with_who_the_file_and_the_rows(ws: Workspace, tmp_path) -> None:
    """A restore adds a row to each practice's log and to its organization's: who, the
    file and how many rows it wrote (the rows before it stay as they were)."""
    add_practice(ws, ACME)
    copy = backup(ws, tmp_path / "copy.db")
    with open_workspace(str(copy)) as source, source.engine.connect() as db:
        # every row of the backup but its change log, which this workspace already holds
        held = sum(
            db.scalar(sa.select(sa.func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
            if t.name != "changes"
        )
    before = _rows(ws)

    restore(ws, copy, replace=True)
    me = ws.scope.actor.email
    said = f"{copy} (1 practice, {held} rows)"

    assert [*before, (me, None, "", "workspace restored from", "", said)] == _rows(ws)
    assert [(me, "workspace restored from", "", said)] == [
        (c.actor_email, c.field, c.old, c.new)
        for c in organization_changes(ws, "default")
        if c.field == "workspace restored from"
    ]


def test_a_practice_deleted_for_good_keeps_its_logged_rows(ws: Workspace) -> None:
    """30 days after its removal a practice is deleted; its log rows stay, the last one
    saying so."""
    add_practice(ws, ACME)
    remove_practice(ws, ACME, at=datetime(2026, 1, 5, tzinfo=UTC))
    add_practice(ws, "Beta")  # deletes Acme for good, 30 days on

    with ws.read() as session:
        rows = session.scalars(
            sa.select(ChangeRecord).where(ChangeRecord.practice == ACME).order_by(ChangeRecord.id)
        ).all()

    assert ("practice", "removed", "deleted") == (rows[-1].field, rows[-1].old, rows[-1].new)
