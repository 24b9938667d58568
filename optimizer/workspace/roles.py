"""Who acts and what they may do, as values: a ``Role`` per organization, the
``Actor`` (an OIDC person, the local CLI or an API token) and the ``Scope`` (an
actor and their roles), and ``AccessDenied``. ``access.py`` finds them in the
database; these need none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from optimizer.errors import WorkspaceError


class Role(StrEnum):
    """What a person may do in one organization; each role can do what those before it can."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


class AccessDenied(WorkspaceError):
    """The actor's role does not allow what was asked (said in words)."""


LOCAL = "local"
"""The subject of the person at this computer's command line."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: ``subject`` (the provider's, "local", or "token:<id>") and an e-mail or label."""

    subject: str
    email: str

    @property
    def is_local(self) -> bool:
        """Whether this is the person at this computer's command line."""
        return self.subject == LOCAL


@dataclass(frozen=True, slots=True)
class Scope:
    """An actor and their role in each organization (by name) they may see."""

    actor: Actor
    roles: Mapping[str, Role] = field(default_factory=dict)

    def __hash__(self) -> int:  # the roles are a mapping: hashed as its sorted items
        return hash((self.actor, tuple(sorted(self.roles.items()))))

    def can(self, role: Role, organization: str) -> bool:
        held = self.roles.get(organization)
        return held is not None and held.rank >= role.rank

    def require(self, role: Role, organization: str, doing: str) -> None:
        """Refuse, in words, when the actor is not at least ``role`` in ``organization``."""
        if self.can(role, organization):
            return
        held = self.roles.get(organization)
        if held is None:
            msg = f"no organization named {organization!r} among yours: {doing} needs {role}"
        else:
            article = "an" if held.value[0] in "aeiou" else "a"
            msg = f"you are {article} {held} of {organization}: {doing} needs {role}"
        raise AccessDenied(msg)

    @property
    def organizations(self) -> tuple[str, ...]:
        return tuple(sorted(self.roles))

    def only(self, *organizations: str) -> Scope:
        """The same actor, seeing only ``organizations`` (those of them it may see)."""
        return Scope(self.actor, {o: r for o, r in self.roles.items() if o in organizations})
