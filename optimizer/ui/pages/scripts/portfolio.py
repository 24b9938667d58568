"""The Portfolio page's script (Streamlit runs it when the page is shown)."""

from optimizer.ui.pages.portfolio import portfolio_page

portfolio_page()
