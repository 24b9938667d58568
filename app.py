"""IA Planner in the browser: ``streamlit run app.py``.

This file only launches the app. Streamlit serves the script
``optimizer/ui/pages/navigation.py`` (the page set-up and the four pages); as the
server starts, ``optimizer/ui/server_start.py`` opens the browser and, while the
browser loads Streamlit's front end, imports the planner and reads the bundled
tables, so the first plan comes sooner; ``optimizer/ui/first_visit.py`` marks a
browser that has been here, so its next pages need not wait for Streamlit's code.
``optimizer/ui/serve_auth.py`` stops a server that would be reached beyond loopback
without sign-in, ``optimizer/ui/host_check.py`` refuses a request whose Host is not
the app's own (DNS rebinding), ``optimizer/ui/serve_cookies.py`` flags the cookies
and ends a sign-in after the session's hours, ``optimizer/ui/media_sign_in.py`` serves
downloads only to a signed-in person (when sign-in is on); ``optimizer/api`` serves the
HTTP API under ``/api/v1`` from the same server, ahead of the pages' stack
(``optimizer/api/ahead.py``); ``optimizer/ui/bug_report.py`` turns an
error that is our bug into one line with a log path, in place of Streamlit's traceback.
"""

import streamlit as st
from starlette.middleware import Middleware

from optimizer.api.ahead import ApiFirst
from optimizer.ui.bug_report import show_bug
from optimizer.ui.first_visit import BrowserMark
from optimizer.ui.host_check import HostCheck
from optimizer.ui.media_sign_in import MediaNeedsSignIn
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.serve_auth import SignInRequired, stop_unsafe_start
from optimizer.ui.serve_cookies import CookieFlags
from optimizer.ui.server_start import on_server_start

stop_unsafe_start()

app = st.App(
    NAVIGATION_SCRIPT,
    lifespan=on_server_start,
    middleware=[
        Middleware(ApiFirst),
        Middleware(SignInRequired),
        Middleware(HostCheck),
        Middleware(CookieFlags),
        Middleware(MediaNeedsSignIn),
        Middleware(BrowserMark),
    ],
    on_script_error=show_bug,
)
