"""Where plans go out: the Excel workbook (``workbook_layout``, ``workbook_write``,
``workbook_read``, written through ``xlsx``), the QPP submission file
(``submission``) and a Scenario as plain JSON (``scenario_json``)."""
