"""The workspace: practices, their plans per year, each activity's progress and
evidence, and attestations, kept in a database (SQLAlchemy 2, Alembic migrations).

* ``location``: the default SQLite file in the user's data directory and the
  variable that names another; ``connection``: which database (``--db``,
  ``IA_PLANNER_DB``, the default file) and its engine; ``migrate``: the schema, upgraded on open;
  ``database``: the ``Workspace``, one transaction per ``read()`` / ``write()``;
  ``opening``: ``open_workspace``;
* ``roles``: Role, Actor, Scope as values; ``access``: a person's or the CLI's scope;
  ``scoping``, ``practice_lookup``: what a scope sees; ``people``: organizations,
  people, roles; ``change_log``: the append-only record of every change;
  ``api_tokens``: the API's tokens per organization; ``api_rate``: their shared rate;
* ``tables``: the ORM rows; ``records``: the frozen values the faces receive;
* ``practices``: add, edit, remove, restore, find, list; ``planner_save``: the
  Planner's "Save to the workspace"; ``plans``: plan a practice-year and keep it;
  ``progress``: the rules of status and dates; ``tracking``: mark, evidence, attest;
  ``attestation_checks``: what must hold before a year is attested; ``file_names``:
  evidence file names as kept;
* ``portfolio``: one row per practice; ``export``: everything kept, as JSON;
  ``audit_pack``: the workbook and evidence files, zipped into a file on disk;
  ``backup``: a SQLite copy and its restore; ``info``: ``db info``, read only.

Planning never imports the workspace; the CLI's ``practice`` and ``db`` commands and
the app's Portfolio and Tracker pages call it.

The names are listed in ``__init__.pyi`` and loaded on first use (``lazy_loader``).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
