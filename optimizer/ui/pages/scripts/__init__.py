"""One Streamlit script per page (``navigation.py`` registers them by file, so that a
page has its own address and ``AppTest.switch_page`` can open it); each imports its
page's module only when the page is shown."""
