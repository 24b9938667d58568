"""Alembic migrations of the workspace database, shipped inside the package and run
on open (``workspace/migrate.py``). Add one with
``alembic -c optimizer/workspace/migrations/alembic.ini revision -m "what changes"``."""
