"""The Portfolio's "People" section, for admins: who may see and change an
organization's practices. An admin adds a person by e-mail with a role (matched at
their first sign-in), changes a role, or removes a person; the workspace refuses,
in words, whatever the admin's own role does not allow."""

from __future__ import annotations

import streamlit as st

from optimizer.errors import PlannerError
from optimizer.ui.plain_text import as_text
from optimizer.workspace import Role, Workspace, add_person, people, remove_person, set_role

FLASH = "people_flash"
ROLE_WORDS = {
    Role.VIEWER: "viewer: reads",
    Role.EDITOR: "editor: also plans, tracks, adds evidence",
    Role.ADMIN: "admin: also adds practices and people, attests, removes",
}


def _done(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def _add_ui(ws: Workspace, organization: str) -> None:
    with st.form(f"add_person_{organization}", clear_on_submit=True):
        email = st.text_input("E-mail address", key=f"people_email_{organization}")
        role = st.selectbox(
            "Role",
            list(Role),
            format_func=ROLE_WORDS.__getitem__,
            key=f"people_role_{organization}",
        )
        if not st.form_submit_button("Add the person"):
            return
    try:
        added = add_person(ws, organization, email, role or Role.VIEWER)
    except PlannerError as exc:
        st.error(as_text(exc))
    else:
        _done(f"Added {as_text(added.email)} to {organization} as {added.role}.")


def _change_ui(ws: Workspace, organization: str, emails: list[str]) -> None:
    picked = st.selectbox("Person", emails, key=f"people_pick_{organization}")
    role = st.selectbox(
        "New role", list(Role), format_func=ROLE_WORDS.__getitem__, key=f"people_new_{organization}"
    )
    change, remove = st.columns(2)
    if picked is None:
        return
    try:
        if change.button("Change the role", key=f"people_change_{organization}"):
            set_role(ws, organization, picked, role or Role.VIEWER)
            _done(f"{as_text(picked)} is now {role} of {organization}.")
        if remove.button(f"Remove from {organization}", key=f"people_remove_{organization}"):
            remove_person(ws, organization, picked)
            _done(f"Removed {as_text(picked)} from {organization}.")
    except PlannerError as exc:
        st.error(as_text(exc))


def people_ui(ws: Workspace, organizations: list[str]) -> None:
    """The people of ``organizations`` (those the admin administers), one at a time."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)
    organization = (
        st.selectbox("Organization", organizations, key="people_organization")
        if len(organizations) > 1
        else organizations[0]
    )
    if organization is None:
        return
    try:
        members = people(ws, organization)
    except PlannerError as exc:
        st.error(as_text(exc))
        return
    st.dataframe(
        [
            {
                "E-mail": m.email,
                "Role": str(m.role),
                "Signed in": "yes" if m.signed_in else "not yet",
            }
            for m in members
        ],
        hide_index=True,
        width="stretch",
    )
    _add_ui(ws, organization)
    if members:
        _change_ui(ws, organization, [m.email for m in members])
