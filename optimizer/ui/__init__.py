"""The Streamlit app's parts: pages (``pages``, with the script ``app.py`` serves),
what the server does as it starts (``server_start``) and the mark of a browser that
has been here (``first_visit``), widgets (``sidebar``, ``editors``, ``results``,
``restore``), session state and caches (``state``), the plain pandas tables they show
(``activity_table``, ``plan_tables``, ``practice_tables``) and the words they use
(``labels``); the user's text shown as written (``plain_text``), a bug of ours as one
line with a log path (``bug_report``), and requests for another host name refused
(``host_check``)."""
