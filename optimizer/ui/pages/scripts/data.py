"""The Data page's script (Streamlit runs it when the page is shown)."""

from optimizer.ui.pages.data import data_page

data_page()
