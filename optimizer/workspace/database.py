"""The workspace database, opened: migrated to the newest schema, and handing out
sessions that are each one transaction.

    with open_workspace("sqlite:///clients.db") as ws:   # opening.py
        with ws.write() as session:   # commits at the end, or changes nothing
            ...

A write that fails for any reason (a refused input, a conflict, a lost
connection) rolls back whole, so nothing already stored changes.

``ws.scoped(scope)`` is the same database seen by one actor (``access.py``): every
workspace function reads and writes only what ``ws.scope`` allows. A workspace
opened without a scope acts as the local CLI: admin of "default".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from optimizer.errors import StaleWriteError, WorkspaceError
from optimizer.workspace.connection import display, writer

if TYPE_CHECKING:
    from optimizer.workspace.roles import Scope

STALE = (
    "someone else saved a change to the same item since it was read: "
    "reload to see their change, then make yours again"
)


def first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Workspace:
    """An open workspace database: ``read()`` and ``write()`` sessions, one transaction each."""

    def __init__(
        self,
        url: URL,
        engine: Engine,
        scope: Scope | None = None,
        default_scope: Callable[[Workspace], Scope] | None = None,
    ) -> None:
        self.url = url
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(writer(engine), expire_on_commit=False)
        self._scope = scope
        self._default_scope = default_scope
        self._owns_engine = True

    @property
    def scope(self) -> Scope:
        """Who acts and what they may see; unscoped: the local CLI, admin of "default"."""
        if self._scope is None:
            if self._default_scope is None:
                raise WorkspaceError(
                    "this workspace was opened without a scope: open it with open_workspace"
                )
            self._scope = self._default_scope(self)
        return self._scope

    def scoped(self, scope: Scope) -> Workspace:
        """The same database (engine and pool) as seen and changed by ``scope``'s actor.
        Closing it leaves the engine to this workspace."""
        view = Workspace.__new__(Workspace)
        view.__dict__.update(self.__dict__)
        view._scope = scope
        view._owns_engine = False
        return view

    @property
    def name(self) -> str:
        """The database, for messages: its URL without a password."""
        return display(self.url)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session that reads one consistent state and writes nothing."""
        with self.errors(), self._read() as session:
            yield session  # closing the session rolls its transaction back

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose changes commit together at the end, or not at all."""
        with self.errors(), self._write() as session, session.begin():
            yield session

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Database failures in words; the transaction has rolled back by then."""
        try:
            yield
        except StaleDataError:
            raise StaleWriteError(STALE) from None
        except OperationalError as exc:
            msg = f"the database {self.name} is busy or cannot be reached: {first_line(exc)}"
            raise WorkspaceError(msg) from None
        except DBAPIError as exc:
            msg = f"the database {self.name} refused the change: {first_line(exc)}"
            raise WorkspaceError(msg) from None

    def close(self) -> None:
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
