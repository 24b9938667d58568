"""Each API token's rate is counted in the workspace (``workspace/api_rate.py``), so
two server processes draw on one bucket, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading

from optimizer.workspace import open_workspace
from optimizer.workspace.access import local_scope
from optimizer.workspace.api_rate import take_request
from optimizer.workspace.api_tokens import create_token

RATE = 3
MOMENT = 1_800_000_000.0


def a_token(ws) -> int:
    token, _ = create_token(ws.scoped(local_scope(ws, ["acme"])), "acme", "registry")
    return token.id


def test_two_workspaces_on_one_database_share_a_tokens_bucket(ws, db_url):
    """Three requests a minute: two from one process and two from another, at once,
    leave the fourth refused; a second later a twentieth of a minute is back."""
    token = a_token(ws)
    with open_workspace(db_url) as first, open_workspace(db_url) as second:
        waits = [take_request(w, token, RATE, MOMENT) for w in (first, second, first, second)]
        assert [0, 0, 0, 20] == waits
        assert 0 == take_request(second, token, RATE, MOMENT + 20)
        assert 20 == take_request(first, token, RATE, MOMENT + 20)


def test_requests_at_the_same_moment_are_each_counted_once(ws, db_url):
    """Eight threads with a workspace each, 2 requests apiece against a rate of 5:
    exactly 5 are allowed (the write lock, or the row lock, orders them)."""
    token = a_token(ws)
    allowed: list[int] = []
    start = threading.Barrier(8)

    def ask() -> None:
        with open_workspace(db_url) as mine:
            start.wait()
            for _ in range(2):
                if take_request(mine, token, 5, MOMENT) == 0:
                    allowed.append(1)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert 5 == len(allowed)


def test_a_token_made_before_the_buckets_gets_one_when_the_database_is_upgraded(db_url):
    """A database at 0005 holding a token opens at the newest schema with the token's
    bucket, full."""
    from sqlalchemy import create_engine, text

    from optimizer.workspace.migrate import upgrade

    engine = create_engine(db_url)
    upgrade(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO organizations (name, created_at) VALUES ('acme', CURRENT_TIMESTAMP)")
        )
        connection.execute(
            text(
                "INSERT INTO api_tokens (organization_id, label, secret_sha256, created_at,"
                " created_by) SELECT id, 'old', :sha, CURRENT_TIMESTAMP, 'admin@example.org'"
                " FROM organizations WHERE name = 'acme'"
            ),
            {"sha": "0" * 64},
        )
    engine.dispose()
    with open_workspace(db_url) as ws, ws.engine.connect() as connection:
        rows = connection.execute(text("SELECT requests_left FROM api_rate")).all()
        token = connection.execute(text("SELECT id FROM api_tokens")).scalar_one()
        assert [(None,)] == [tuple(r) for r in rows]
        assert [0, 0, 0, 20] == [take_request(ws, token, RATE, MOMENT) for _ in range(4)]
