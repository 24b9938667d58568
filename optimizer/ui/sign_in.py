"""Sign-in with Streamlit's own OpenID Connect (``st.login``, Authlib), configured by
the ``[auth]`` section of ``.streamlit/secrets.toml`` (redirect_uri, cookie_secret,
client_id, client_secret, server_metadata_url: any provider by its discovery URL).

Without ``[auth]`` the app is sign-in free, as the local admin of "default". With it,
every page first asks to sign in; the signed-in person's roles (``person_scope``)
scope the workspace every page reads and writes; the sidebar names the person and
offers "Sign out"; a person with no role sees only a page saying to ask an admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st
from streamlit.errors import StreamlitAuthError

from optimizer.errors import PlannerError
from optimizer.ui.plain_text import as_text
from optimizer.ui.serve_auth import auth_missing, partial_auth_words

if TYPE_CHECKING:
    from optimizer.workspace.access import Scope

SCOPE = "sign_in_scope"
"""Session-state key: the signed-in person's Scope, set on every full run (None while
sign-in is off: the workspace is then the local admin's)."""
SIGN_IN = "Sign in"
SIGN_OUT = "Sign out"
NO_ROLE = (
    "You are signed in as {who}, but no organization has given you a role yet: ask an "
    "admin of your organization to add you by this e-mail address."
)


def auth_configured() -> bool:
    """Whether sign-in is on: Streamlit gives ``st.user`` an ``is_logged_in`` exactly
    when the secrets hold an ``[auth]`` section. Whether that section is complete is
    ``serve_auth.auth_missing``'s to say (``sign_in_gate`` shows what it lacks)."""
    return "is_logged_in" in st.user


def _claim(name: str) -> str:
    value = st.user.get(name)
    return value if isinstance(value, str) else ""


def signed_in_scope() -> Scope | None:
    """The session's scope: None while sign-in is off (the local admin's workspace);
    an error while sign-in is on and the run has not passed ``sign_in_gate``."""
    scope: Scope | None = st.session_state.get(SCOPE)
    if scope is None and auth_configured():
        from optimizer.workspace.access import AccessDenied

        raise AccessDenied("Sign in first: the workspace is open to signed-in people only.")
    return scope


def _may(role: str, organization: str | None) -> bool:
    """Whether the session may act as ``role`` in ``organization`` (in any of its
    organizations when None): always while sign-in is off. Sign-in off, it loads no
    workspace code (the Planner asks too)."""
    scope: Scope | None = st.session_state.get(SCOPE)
    if scope is None:
        return not auth_configured()
    from optimizer.workspace.access import Role

    wanted = Role(role)
    if organization is None:
        return any(scope.can(wanted, org) for org in scope.roles)
    return scope.can(wanted, organization)


def may_edit(organization: str | None = None) -> bool:
    """Whether the session may plan, track and add evidence (editor or admin)."""
    return _may("editor", organization)


def may_administer(organization: str | None = None) -> bool:
    """Whether the session may add, edit, remove practices, attest and manage people."""
    return _may("admin", organization)


def _sign_in_page() -> None:
    st.title("IA Planner")
    st.write("Sign in to see your organization's practices.")
    if st.button(SIGN_IN, key="sign_in", type="primary"):
        try:
            st.login()
        except StreamlitAuthError as exc:  # the [auth] section lacks a key
            st.error(f"Sign-in is not set up right in .streamlit/secrets.toml: {exc}")


def _person_scope(subject: str, email: str) -> Scope:
    from optimizer.ui.shared_workspace import shared_workspace
    from optimizer.workspace.access import person_scope

    return person_scope(shared_workspace(), subject, email)


def _roles_words(scope: Scope) -> str:
    return ", ".join(f"{role} of {org}" for org, role in sorted(scope.roles.items()))


def _signed_in_sidebar(who: str, scope: Scope | None) -> None:
    sb = st.sidebar
    sb.caption(f"Signed in as {as_text(who)}")
    if scope is not None and scope.roles:
        sb.caption(as_text(_roles_words(scope)))
    if sb.button(SIGN_OUT, key="sign_out"):
        st.session_state.pop(SCOPE, None)
        st.logout()
        st.stop()  # the browser is sent to sign out; nothing more is drawn


def sign_in_gate() -> None:
    """Run first on every full run: while sign-in is on, a person not signed in sees
    only the sign-in page, and one with no role only a page saying to ask an admin
    (the run stops there); a signed-in person's scope is kept for the pages."""
    st.session_state.pop(SCOPE, None)
    if not auth_configured():
        return
    missing = auth_missing()
    if missing:  # nobody could sign in: say what the section lacks
        st.title("IA Planner")
        st.error(partial_auth_words(missing) + ".")
        st.stop()
    if not st.user.is_logged_in:
        _sign_in_page()
        st.stop()
    subject, email = _claim("sub"), _claim("email")
    # An invitation is matched on the e-mail address: one the provider says it has not
    # verified could be anyone's, so it matches none (the person is known by subject).
    unverified = st.user.get("email_verified") is False
    who = email or subject
    if unverified:
        email = ""
    if not subject:
        _signed_in_sidebar(who, None)
        st.error("The sign-in provider gave no subject ('sub' claim): sign in again.")
        st.stop()
    try:
        scope = _person_scope(subject, email)
    except PlannerError as exc:
        _signed_in_sidebar(who, None)
        st.error(as_text(exc))
        st.stop()
    _signed_in_sidebar(who, scope)
    if not scope.roles:
        st.title("IA Planner")
        st.info(NO_ROLE.format(who=as_text(who)))
        st.stop()
    st.session_state[SCOPE] = scope
