"""The Streamlit app's parts: pages (``pages``), widgets (``sidebar``, ``editors``,
``results``, ``restore``), session state and caches (``state``), the plain
pandas tables they show (``activity_table``, ``plan_tables``,
``practice_tables``) and the words they use (``labels``)."""
