"""The API tokens section an admin of an organization sees: its tokens (never their
secrets), a form that makes one and shows its secret once, and a revoke button each.

    api_tokens_section(ws, "acme")   # ws scoped to the signed-in person
"""

from __future__ import annotations

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.workspace import Workspace
from optimizer.workspace.access import Role
from optimizer.workspace.api_tokens import create_token, list_tokens, revoke_token

SHOWN_KEY = "api_token_shown"
"""The secret just made, kept for this session's next run only (shown once)."""


def api_tokens_section(ws: Workspace, organization: str) -> None:
    """The section, for an admin of ``organization``; nothing for anyone else."""
    if not ws.scope.can(Role.ADMIN, organization):
        return
    st.subheader("API tokens")
    st.caption(
        f"Scripts, registries and EHRs send a token of {organization} to the HTTP API "
        "(/api/v1). The workspace keeps only a hash: a secret is shown once, when made."
    )
    shown = st.session_state.pop(SHOWN_KEY, None)
    if shown is not None:
        st.success("Copy the token now: it is not shown again.")
        st.code(shown, language=None)
    with st.form(f"new_api_token_{organization}", clear_on_submit=True):
        label = st.text_input("Label (who uses it, for what)", max_chars=200)
        if st.form_submit_button("Make a token"):
            try:
                _, secret = create_token(ws, organization, label)
            except PlannerError as exc:
                st.error(exc.in_app)
            else:
                st.session_state[SHOWN_KEY] = secret
                st.rerun()
    tokens = list_tokens(ws, organization)
    if not tokens:
        st.write(f"{organization} has no API tokens yet.")
    for token in tokens:
        left, right = st.columns([4, 1])
        left.text(
            f"{token.id}  {token.label}  (made {token.created_at:%Y-%m-%d} by "
            f"{token.created_by}; {token.state})"
        )
        if token.revoked_at is None and right.button("Revoke", key=f"revoke_token_{token.id}"):
            revoke_token(ws, organization, token.id)
            st.rerun()
