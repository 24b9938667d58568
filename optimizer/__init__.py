"""IA Planner: the lowest-effort MIPS improvement activities for full credit.

Build a ``Scenario``, call ``plan``; read inventories with ``read_inventory``.

    >>> from optimizer import Scenario, SpecialStatus, plan
    >>> plan(Scenario(year=2024, statuses={SpecialStatus.SMALL_PRACTICE})).points
    40

The package, layer by layer (each imports only the ones above it in this list):

* ``model``: Scenario, Plan, Activity, ... and ``errors``: one exception tree;
* ``sources``: tables, inventories, practice tables, rosters, bundled data, the
  CMS importer, and user fields into a Scenario (``scenario_fields``);
* ``rules``: the year rules table, checks, eligibility, the group rule, scoring;
* ``planning``: the pipeline (``plan``), knapsack, integer program, schedule,
  explanations, what-if, the roadmap, alternatives and year-over-year changes;
* ``exports``: workbook, QPP submission, scenario JSON;
* ``batch``: many practices at once;
* ``workspace``: practices, their plans per year, progress, evidence and
  attestations kept in a database (import ``optimizer.workspace``);
* faces: ``cli`` (the ``mips-ia`` command) and ``ui`` (the Streamlit app ``app.py``
  launches).

The names are listed in ``__init__.pyi`` and loaded on first use (``lazy_loader``),
so the app's planner page never pays for the workspace, the batch or Excel until it
uses them.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
