"""The API served ahead of the app's own stack: ``ApiFirst``, the first middleware
of ``app.py``, hands a request under ``/api/`` straight to the API (``service.py``),
past what only the pages need: Streamlit's sessions, its compression of answers and
its router, and the app's cookie, download and browser checks. The two checks that
guard every request still guard these: the sign-in check (``ui/serve_auth.py``: no
answer beyond this computer without sign-in) and the Host check (``ui/host_check.py``:
DNS rebinding). Every other request goes on to the app as before.

A plan through the running server costs about 1 ms less this way
(``benchmarks/bench_api.py``): the stack it skips is most of what a request paid
beyond FastAPI's own part.
"""

from __future__ import annotations

from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from optimizer.api.service import api_mount
from optimizer.ui.host_check import HostCheck
from optimizer.ui.serve_auth import SignInRequired


class ApiFirst:
    """ASGI middleware: HTTP requests under ``/api/`` go to the API (behind the
    sign-in and Host checks); all others, and every WebSocket, to ``app``."""

    def __init__(self, app: ASGIApp, mount: Mount | None = None) -> None:
        self.app = app
        self.mount = mount or api_mount()
        self.api = SignInRequired(HostCheck(self.mount.handle))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            match, child = self.mount.matches(scope)
            if match is Match.FULL:
                scope.update(child)  # as Starlette's router does for a mounted app
                await self.api(scope, receive, send)
                return
        await self.app(scope, receive, send)
