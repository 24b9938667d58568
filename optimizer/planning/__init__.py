"""Turning a Scenario into a Plan: one problem per practice-year
(``solve.problem.prepare``) that every route reads: the plan (``pipeline.plan``),
the next plans (``alternatives``), several years at once (``roadmap``), the what-if
table (``whatif``) and scoring (``scoring``). ``solve`` holds the one integer
program, its dynamic program and the search over plans in order; ``assemble`` makes
a found plan a ``Plan``; ``explain`` says why in words."""
