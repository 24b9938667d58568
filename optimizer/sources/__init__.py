"""Where data comes in: tables of any kind (``tables``), single typed-in values
(``field_values``), user fields into a Scenario (``scenario_fields``), inventories
(``inventory``), the practice's own tables (``practice_tables``), rosters
(``roster``), the bundled data (``bundled``) and CMS's public data (``importer``)."""
