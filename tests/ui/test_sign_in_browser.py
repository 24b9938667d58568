"""Sign-in in a real browser: an OpenID Connect provider (``oidc-provider-mock``) on
loopback, the app signing people in with ``st.login`` through Debian's Chromium, and
two organizations that must see nothing of each other on any page or in any download.

One app start for the module. The leak matrix (pages and downloads x the two people)
and the sign-in round trip are printed (``pytest -s``) for the report."""

from __future__ import annotations

import io
import os
import re
import secrets
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, needs_chromium, running_app

from optimizer.workspace import (
    EvidenceFile,
    PlanRequest,
    Profile,
    Workspace,
    add_evidence,
    add_person,
    add_practice,
    get_practice_year,
    open_workspace,
    plan_practice_year,
)
from optimizer.workspace.access import Role, local_scope

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [
    pytest.mark.browser,
    # The provider (oidc-provider-mock) calls Authlib's older API, which warns as it runs.
    pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning"),
    pytest.mark.filterwarnings("ignore:get_jwt_config.*:DeprecationWarning"),
]
YEAR = 2026
TODAY = date(2026, 1, 15)


@dataclass(frozen=True)
class Member:
    """Someone who signs in, and what only their organization's pages may show."""

    subject: str
    email: str
    organization: str
    role: Role
    practice: str
    tin: str
    note: str
    file_name: str

    @property
    def marks(self) -> tuple[str, ...]:
        return (self.practice, self.tin, self.note, self.file_name, self.organization)


ALICE = Member(
    "alice-sub",
    "alice@acme.test",
    "acme-org",
    Role.ADMIN,
    "Acme Clinic",
    "111111111",
    "Acme kept its annual review minutes",
    "acme-proof.txt",
)
BOB = Member(
    "bob-sub",
    "bob@beta.test",
    "beta-org",
    Role.EDITOR,
    "Beta Health",
    "222222222",
    "Beta drilled its response plan",
    "beta-proof.txt",
)
VERA = "vera@beta.test"
VERA_SUB = "vera-sub"
PAGES = ("Portfolio", "Tracker", "Planner", "Roadmap", "Data")
OPTIONAL = {"Download the QPP submission (JSON)"}
HEADINGS = {"Planner": "IA Planner", "Data": "CMS's lists"}
DOWNLOADS = {
    "Tracker": (
        "Download the audit pack (zip)",
        "Download the dates as a calendar (.ics)",
        "evidence file",
    ),
    "Planner": (
        "Download the plan as Excel",
        "Download the QPP submission (JSON)",
        "Download the dates as a calendar (.ics)",
    ),
    "Roadmap": ("Download the roadmap as Excel",),
}


def invite(ws: Workspace, organization: str, email: str, role: Role) -> None:
    """A person an admin added by e-mail, matched at their first sign-in."""
    add_person(ws.scoped(local_scope(ws, [organization])), organization, email, role)


def keep_organization(url: str, who: Member) -> None:
    """``who``'s organization: its practice planned for 2026, with a note and a file."""
    with open_workspace(url) as ws:
        invite(ws, who.organization, who.email, who.role)
        org = ws.scoped(local_scope(ws, [who.organization]))
        add_practice(org, who.practice, Profile(tin=who.tin, clinicians=4))
        request = PlanRequest(year=YEAR, as_of=date(YEAR, 1, 5))
        plan_practice_year(org, who.practice, request)
        activity = get_practice_year(org, who.practice, YEAR).progress[0].activity_id
        file = EvidenceFile(who.file_name, f"{who.note} (file)".encode())
        add_evidence(org, who.practice, YEAR, activity, who.note, file)


def text_of(data: bytes) -> str:
    """A download's text: a zip's (an audit pack, a workbook) every member's, nested."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [f"{name}\n{text_of(archive.read(name))}" for name in archive.namelist()]
        return "\n".join(parts)
    return data.decode("utf-8", errors="replace")


@dataclass
class Seen:
    """What one person's browser got: each page's text and frames, each download's text."""

    pages: dict[str, str] = field(default_factory=dict)
    downloads: dict[str, str] = field(default_factory=dict)
    signed_in_s: float = 0.0
    practices: str = ""
    """The Portfolio's "Practices" figure."""


@dataclass
class App:
    url: str
    provider: str
    database: str
    browser: Browser


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """The OIDC provider on loopback, the app signing in through it (one start), two
    organizations in its workspace, and Chromium."""
    needs_chromium()
    from oidc_provider_mock import User, run_server_in_thread
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("sign-in")
    database = f"sqlite:///{folder / 'workspace.db'}"
    keep_organization(database, ALICE)
    keep_organization(database, BOB)
    with open_workspace(database) as ws:
        invite(ws, BOB.organization, VERA, Role.VIEWER)
    users = [
        User(sub=p.subject, claims={"email": p.email, "email_verified": True}) for p in (ALICE, BOB)
    ] + [User(sub=VERA_SUB, claims={"email": VERA, "email_verified": True})]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider is plain http on loopback
        with run_server_in_thread(user_claims=users) as provider:
            issuer = f"http://localhost:{provider.server_port}"
            secrets_file = folder / "secrets.toml"
            secrets_file.write_text(
                "[auth]\n"
                'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
                f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
                'client_id = "ia-planner"\n'
                'client_secret = "not-a-real-secret"\n'
                f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
            )
            env = dict(
                os.environ,
                IA_PLANNER_DB=database,
                IA_PLANNER_TODAY=TODAY.isoformat(),
                STREAMLIT_SECRETS_FILES=str(secrets_file),
            )
            with (
                running_app(folder / "streamlit.log", env=env) as url,
                sync_playwright() as pw,
            ):
                browser = pw.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
                )
                try:
                    yield App(url, issuer, database, browser)
                finally:
                    browser.close()


def new_page(app: App) -> Page:
    """A fresh browser profile (no cookies) that keeps every WebSocket frame it is sent."""
    context = app.browser.new_context(accept_downloads=True)
    context.route(re.compile(r"^https?://(?!localhost)"), lambda route: route.abort())
    page = context.new_page()
    page.frames_seen = []  # type: ignore[attr-defined]

    def on_socket(socket) -> None:  # type: ignore[no-untyped-def]
        socket.on("framereceived", lambda payload: page.frames_seen.append(payload))  # type: ignore[attr-defined]

    page.on("websocket", on_socket)
    return page


def frames_text(page: Page) -> str:
    """Every WebSocket frame the server sent the page since the last call, as text."""
    frames = page.frames_seen  # type: ignore[attr-defined]
    text = "\n".join(
        f.decode("utf-8", errors="replace") if isinstance(f, bytes) else f for f in frames
    )
    frames.clear()
    return text


def sign_in(app: App, page: Page, subject: str) -> float:
    """Sign ``subject`` in through the provider's form; seconds from the click on
    "Sign in" to the signed-in page."""
    from playwright.sync_api import expect

    page.goto(app.url)
    button = page.get_by_role("button", name="Sign in")
    expect(button).to_be_visible(timeout=WAIT_MS)
    started = time.perf_counter()
    button.click()
    page.get_by_role("button", name=subject, exact=True).click()  # the provider's form
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=WAIT_MS)
    return time.perf_counter() - started


def open_page(page: Page, title: str) -> str:
    """Go to a page by the sidebar (the session, and its practice, kept); its text."""
    from playwright.sync_api import expect

    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    heading = HEADINGS.get(title, title)
    expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=WAIT_MS)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # the run's last elements
    return page.inner_text("body")


def download(page: Page, label: str) -> str | None:
    """The text of what a download button gives (None: the Planner's QPP file, offered
    only once its identifiers are typed, is not there)."""
    from playwright.sync_api import expect

    button = page.get_by_role("button", name=label).first
    if label in OPTIONAL:
        if not button.count():
            return None
    else:
        expect(button).to_be_visible(timeout=WAIT_MS)
    with page.expect_download(timeout=WAIT_MS) as caught:
        button.click()
    path = caught.value.path()
    return text_of(Path(path).read_bytes())


def everything_seen(app: App, who: Member) -> Seen:
    """``who`` signed in: every page, and every download, as their browser got them."""
    from playwright.sync_api import expect

    page = new_page(app)
    seen = Seen()
    seen.signed_in_s = sign_in(app, page, who.subject)
    for title in PAGES:
        seen.pages[title] = open_page(page, title) + frames_text(page)
        if title == "Portfolio":  # the practice becomes the session's, for the Planner
            figure = page.get_by_test_id("stMetric").filter(has_text="Practices")
            expect(figure).to_be_visible(timeout=WAIT_MS)
            seen.practices = figure.inner_text()
            page.get_by_role("button", name="Open in the Tracker").click()
            expect(page.get_by_role("heading", name="Tracker")).to_be_visible(timeout=WAIT_MS)
        for label in DOWNLOADS.get(title, ()):
            name = who.file_name if label == "evidence file" else label
            got = download(page, name)
            if got is not None:
                seen.downloads[f"{title}: {label}"] = got
        seen.pages[title] += frames_text(page)
    page.context.close()
    return seen


def leaks(seen: Seen, other: Member) -> dict[str, list[str]]:
    """Each page and download, with the other organization's marks found in it."""
    return {place: [m for m in other.marks if m in text] for place, text in places_of(seen).items()}


def places_of(seen: Seen) -> dict[str, str]:
    return {f"page {k}": v for k, v in seen.pages.items()} | {
        f"download {k}": v for k, v in seen.downloads.items()
    }


def print_matrix(cells: dict[str, dict[str, str]]) -> None:
    """Pages and downloads down, people across."""
    people = list(cells)
    places = list(dict.fromkeys(p for person in people for p in cells[person]))
    width = max(len(p) for p in places)
    lines = [f"{'':{width}}  " + "  ".join(f"{p:28}" for p in people)]
    for place in places:
        row = "  ".join(f"{cells[p].get(place, 'not offered'):28}" for p in people)
        lines.append(f"{place:{width}}  {row}")
    sys.stdout.write("\nLeak matrix (own marks found of 5 / the other's found):\n")
    sys.stdout.write("\n".join(lines) + "\n")


def test_two_organizations_see_nothing_of_each_other(app: App) -> None:
    """Alice (acme) and Bob (beta), signed in through the provider: no page, frame or
    download of either holds the other's practice, TIN, evidence note or file, or
    organization; each one's Portfolio counts one practice."""
    seen = {ALICE.email: everything_seen(app, ALICE), BOB.email: everything_seen(app, BOB)}
    own = {ALICE.email: ALICE, BOB.email: BOB}
    other = {ALICE.email: BOB, BOB.email: ALICE}

    found = {email: leaks(s, other[email]) for email, s in seen.items()}
    matrix = {
        email: {
            place: f"own {sum(m in text for m in own[email].marks)}/5, "
            f"other's {len(found[email][place])} {found[email][place] or ''}"
            for place, text in places_of(s).items()
        }
        for email, s in seen.items()
    }
    print_matrix(matrix)
    for email, s in seen.items():
        sys.stdout.write(f"sign-in round trip of {email}: {s.signed_in_s:.2f} s\n")

    assert {} == {
        (email, place): marks
        for email, places in found.items()
        for place, marks in places.items()
        if marks
    }
    for email, s in seen.items():
        assert own[email].practice in s.downloads["Tracker: Download the audit pack (zip)"]
        assert own[email].tin in s.downloads["Tracker: Download the audit pack (zip)"]
        assert ["Practices", "1"] == s.practices.split(), email


def test_a_viewer_is_offered_no_edit_and_sign_out_ends_the_session(app: App) -> None:
    """Vera, viewer of beta: her Tracker shows Beta's plan with no form; Sign out
    ends the session (the provider's end-session page): every page's address then
    asks to sign in, and the browser is sent nothing of Beta's."""
    from playwright.sync_api import expect

    page = new_page(app)
    sign_in(app, page, VERA_SUB)
    open_page(page, "Tracker")
    pack = page.get_by_role("button", name="Download the audit pack (zip)").first
    expect(pack).to_be_visible(timeout=WAIT_MS)
    assert 0 == page.get_by_role("button", name="Save the activity").count()
    assert 0 == page.get_by_role("button", name="Keep the evidence").count()
    assert 0 == page.get_by_role("button", name="Plan and keep").count()

    page.get_by_role("button", name="Sign out").click()
    end = page.get_by_role("button", name="End session")  # the provider's own page
    end.click(timeout=WAIT_MS)

    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=WAIT_MS)
    assert [] == [
        c["name"] for c in page.context.cookies() if c["name"].startswith("_streamlit_user")
    ]
    frames_text(page)
    for address in ("portfolio", "tracker", "roadmap", "data"):
        page.goto(f"{app.url}/{address}")
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=WAIT_MS)
        page.wait_for_timeout(500)
        sent = page.inner_text("body") + frames_text(page)
        assert [] == [m for m in BOB.marks if m in sent], address
    page.context.close()
