"""Alembic's environment: migrations run on the connection the workspace hands over
(in its own write transaction), or on ``IA_PLANNER_DB`` when run by the alembic
command to write a new migration."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from optimizer.workspace.connection import make_engine, resolve_url, writer
from optimizer.workspace.tables import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    _run(given)
else:  # the alembic command line
    engine = make_engine(resolve_url())
    with writer(engine).begin() as connection:
        _run(connection)
    engine.dispose()
