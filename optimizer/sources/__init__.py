"""Where data comes in: tables of any kind (``tables``), single typed-in values
(``field_values``), user fields into a Scenario (``scenario_fields``), inventories
(``inventory``), the practice's own tables (``practice_tables``), rosters
(``roster``), the bundled data (``bundled``), CMS's public data (``importer``) and
the limits every file is checked against before it is parsed (``read_limits``)."""
