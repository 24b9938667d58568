"""What each performance year awards and allows: the rules table (``year_rules``),
the year resolved for a plan (``context``), checks of a Scenario (``checks``),
which activities may be chosen (``eligibility``), the group rule
(``group_rule``) and what a set of activities scores (``scoring``)."""
