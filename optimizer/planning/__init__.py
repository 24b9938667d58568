"""Turning a Scenario into a Plan: the pipeline (``pipeline.plan``), its exact fast
path (``knapsack``), the integer program (``milp``, ``roster_model``,
``count_limits``), the schedule (``schedule``), the reasons in words
(``explain``) and the what-if table (``whatif``); beside it, several years at once
(``roadmap``), the next-cheapest plans (``alternatives``) and what CMS changed
between two years (``year_changes``)."""
