"""Migration 0004 on a database of schema 0003 holding rows: every practice goes to
"default" with its plans, progress, evidence and attestations intact, a removed
one stays removed, and a practice's name becomes unique per organization."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from optimizer.workspace import (
    Profile,
    add_practice,
    evidence_content,
    get_practice,
    get_practice_year,
    list_practices,
    local_scope,
    open_workspace,
    removed_practices,
    resolve_url,
)
from optimizer.workspace.connection import make_engine
from optimizer.workspace.migrate import current_revision, head_revision, upgrade

AT = datetime(2026, 11, 20, tzinfo=UTC)


def _practice(pid: int, name: str, removed: datetime | None = None) -> dict[str, object]:
    return {
        "id": pid,
        "name": name,
        "name_key": name.casefold(),
        "tin": "123456789",
        "reporting": "individual",
        "clinicians": 6,
        "statuses": [],
        "quality": [],
        "efforts": {},
        "roster": [],
        "created_at": AT,
        "removed_at": removed,
        "version": 1,
    }


def _schema_0003_with_rows(db_url: str) -> None:
    engine = make_engine(resolve_url(db_url, {}))
    upgrade(engine, "0003")
    meta = sa.MetaData()
    meta.reflect(engine)
    t = meta.tables
    with engine.begin() as c:
        c.execute(t["practices"].insert(), [_practice(1, "Acme"), _practice(2, "Gone", AT)])
        c.execute(
            t["practice_years"].insert(),
            {
                "id": 1,
                "practice_id": 1,
                "year": 2026,
                "scenario": {"year": 2026},
                "history_files": [],
                "inventory": None,
                "pairings": None,
                "plan": {"category_max": 40},
                "status": "optimal",
                "points": 40,
                "planned_on": date(2026, 1, 5),
                "solver": "auto",
                "updated_at": AT,
                "version": 3,
            },
        )
        c.execute(
            t["activity_progress"].insert(),
            {
                "id": 1,
                "practice_year_id": 1,
                "activity_id": "IA_BE_27",
                "title": "User testing",
                "period_days": 90,
                "last_start": date(2026, 10, 3),
                "in_plan": True,
                "status": "running",
                "start_date": date(2026, 2, 1),
                "end_date": None,
                "owner": "Dr Lee",
                "clinicians": [],
                "updated_at": AT,
                "version": 2,
            },
        )
        c.execute(
            t["evidence"].insert(),
            {
                "id": 1,
                "progress_id": 1,
                "note": "minutes",
                "file_name": "m.txt",
                "media_type": "text/plain",
                "size": 3,
                "sha256": "0" * 64,
                "content": b"met",
                "added_at": AT,
            },
        )
        c.execute(
            t["attestations"].insert(),
            {
                "id": 1,
                "practice_id": 1,
                "year": 2025,
                "activity_id": "IA_EPA_1",
                "source": "imported",
                "attested_on": None,
            },
        )
        if c.dialect.name == "postgresql":  # past the IDs given, as a database in use is
            c.execute(sa.text("SELECT setval('practices_id_seq', 2)"))
    engine.dispose()


def test_a_0003_database_opens_with_its_practices_in_default(db_url: str) -> None:
    _schema_0003_with_rows(db_url)

    with open_workspace(db_url) as ws:
        with ws.engine.connect() as connection:
            revision = current_revision(connection)
        acme = get_practice(ws, "acme")
        year = get_practice_year(ws, "Acme", 2026)
        removed = [r.name for r in removed_practices(ws, at=AT)]
        content = evidence_content(ws, "Acme", 2026, 1)
        north = ws.scoped(local_scope(ws, ["north"]))
        add_practice(north, "Acme", Profile())  # unique per organization now
        names = [(p.name, p.organization) for p in list_practices(ws)]

    assert (head_revision(), "default", 1) == (revision, acme.organization, acme.version)
    assert ("running", "Dr Lee", 2) == (
        year.progress[0].status,
        year.progress[0].owner,
        year.progress[0].version,
    )
    assert (["Gone"], b"met", [("Acme", "default")]) == (removed, content, names)


def test_sqlite_keeps_its_foreign_keys_on_after_the_upgrade(tmp_path) -> None:
    """Foreign keys are off while SQLite copies the practices table, and on again after."""
    url = f"sqlite:///{tmp_path / 'w.db'}"
    _schema_0003_with_rows(url)

    with open_workspace(url) as ws, ws.read() as session:
        on = session.execute(sa.text("PRAGMA foreign_keys")).scalar()
        years = session.execute(sa.text("SELECT count(*) FROM practice_years")).scalar()

    assert (1, 1) == (on, years)
