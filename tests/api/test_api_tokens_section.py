"""The Portfolio page's API tokens section: an admin makes a token, sees its secret
once, and revokes it."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from optimizer.workspace import open_workspace
from optimizer.workspace.api_tokens import list_tokens, token_scope


def portfolio_page_app() -> None:
    from optimizer.ui.pages.portfolio import portfolio_page

    portfolio_page()


def test_an_admin_makes_a_token_sees_it_once_and_revokes_it() -> None:
    """Make: the secret shown once, the token listed by label; Revoke: refused from then on."""
    at = AppTest.from_function(portfolio_page_app, default_timeout=60).run()
    assert any(e.label == "API tokens of default" for e in at.expander)
    [label] = [t for t in at.text_input if t.label.startswith("Label")]
    label.set_value("EHR sync")
    next(b for b in at.button if b.label == "Make a token").click()
    at.run()
    [shown] = [c.value for c in at.code]
    assert shown.startswith("iap_")
    assert any("EHR sync" in t.value for t in at.text)
    with open_workspace() as ws:
        assert token_scope(ws, shown) is not None
    at.run()
    assert [] == [c.value for c in at.code]  # shown once
    next(b for b in at.button if b.label == "Revoke").click()
    at.run()
    with open_workspace() as ws:
        assert token_scope(ws, shown) is None
        assert list_tokens(ws, "default")[0].revoked_at is not None
