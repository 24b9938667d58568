"""The app with bad input and with our own bugs: every uploader refuses a malformed
file in one line and keeps the other inputs, a bug shows one line with a log path,
never a traceback, and text the user wrote is shown as written, never as Markdown."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest
from workspace_fixtures import ACME, plan_year

from conftest import section
from optimizer import Reporting, latest_year
from optimizer.ui.bug_report import LOG_DIR_VARIABLE, LOG_FILE_NAME, show_bug
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.plain_text import WORD_JOINER, as_text
from optimizer.workspace import add_practice, open_workspace

pytestmark = pytest.mark.usefixtures("no_paint_pauses")
YEAR = latest_year()
EVIL = "![x](http://evil/x.png) [link](http://evil) **b**"
J = WORD_JOINER


@pytest.fixture(autouse=True)
def bug_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The log of our bugs, in the test's own folder."""
    monkeypatch.setenv(LOG_DIR_VARIABLE, str(tmp_path / "logs"))
    return tmp_path / "logs" / LOG_FILE_NAME


def random_bytes() -> bytes:
    return random.Random(21).randbytes(3000)


def broken_xlsx() -> bytes:
    """A real workbook whose sheet's XML is cut off in the middle of a row."""
    book = openpyxl.Workbook()
    book.active.append(["Activity ID", "Activity Title"])
    book.active.append(["IA_EPA_1", "Provide 24/7 access"])
    whole = io.BytesIO()
    book.save(whole)
    broken = io.BytesIO()
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            out.writestr(item, data[: len(data) // 2] if "worksheets/" in item.filename else data)
    return broken.getvalue()


def wrong_column_csv() -> bytes:
    return b"Colour,Size\nred,3\n"


def wrong_column_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Colour", "Size"])
    book.active.append(["red", 3])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


MALFORMED: dict[str, tuple[str, Callable[[], bytes]]] = {
    "random-bytes": ("junk.xlsx", random_bytes),
    "broken-xlsx": ("broken.xlsx", broken_xlsx),
    "wrong-column-csv": ("wrong.csv", wrong_column_csv),
}
XLSX_ONLY = {"wrong-column-csv": ("wrong.xlsx", wrong_column_xlsx)}
"""The workbook uploader takes only .xlsx (Streamlit refuses another extension)."""


def _files_open(at: AppTest) -> None:
    at.session_state["files_open"] = True
    at.run()


def _history_open(at: AppTest) -> None:
    section(at, "History")


def _group_open(at: AppTest) -> None:
    at.selectbox(key="reporting").set_value(Reporting.GROUP).run()
    section(at, "Group")


UPLOADERS = {
    "inventory": (f"inventory_file_{YEAR}", _files_open, "was not loaded"),
    "workbook": ("workbook_file", _files_open, "was not restored"),
    "history": ("history_file", _history_open, "was not loaded"),
    "roster": ("roster_file", _group_open, "was not loaded"),
}


def put_file(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    uploader = next(u for u in at.get("file_uploader") if u.key.split("__")[0] == key)
    return uploader.set_value((name, data, "application/octet-stream")).run()


def inputs(at: AppTest) -> tuple[object, ...]:
    """What the user set before the upload: a what-if toggle, the clinicians, the year."""
    return (
        at.toggle(key="status_small-practice").value,
        at.number_input(key="clinicians").value,
        at.selectbox(key="year").value,
        [t.value["Activity ID"].tolist() for t in at.table],
    )


@pytest.mark.parametrize("malformed", list(MALFORMED), ids=list(MALFORMED))
@pytest.mark.parametrize("uploader", list(UPLOADERS), ids=list(UPLOADERS))
def test_a_malformed_upload_is_refused_in_one_line_and_the_inputs_are_kept(
    uploader: str, malformed: str
) -> None:
    """Random bytes, a cut-off xlsx, a CSV of other columns: one message, no traceback."""
    key, open_it, refused = UPLOADERS[uploader]
    name, make = (XLSX_ONLY if uploader == "workbook" else {}).get(malformed, MALFORMED[malformed])
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.number_input(key="clinicians").set_value(7).run()
    at.toggle(key="status_small-practice").set_value(True).run()
    open_it(at)
    before = inputs(at)

    put_file(at, key, name, make())
    errors = [e.value for e in at.error]

    assert ([], 1) == ([x.value for x in at.exception], len(errors)), errors
    assert errors[0].startswith(f"{name} {refused}"), errors[0]
    assert "\n" not in errors[0]
    assert "Traceback" not in errors[0]
    assert before == inputs(at)


def test_a_reader_that_breaks_is_our_bug_logged_and_said_in_one_line(
    monkeypatch: pytest.MonkeyPatch, bug_log: Path
) -> None:
    """An exception that is not a PlannerError names the log, not the exception."""

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom in /srv/ia-planner/optimizer/sources/secret.py")

    monkeypatch.setattr("optimizer.ui.state.read_inventory", broken)
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    _files_open(at)

    put_file(at, f"inventory_file_{YEAR}", "mine.csv", b"Activity ID\nIA_EPA_1\n")
    (error,) = [e.value for e in at.error]
    reference = error.rsplit(" ", 1)[-1]

    assert not at.exception
    assert (
        as_text(
            "mine.csv was not loaded, the previous inventory is kept: IA Planner could not "
            f"read it, a bug of ours: the details are in {bug_log}, reference {reference}"
        )
        == error
    )
    assert f"reference {reference}\nTraceback" in bug_log.read_text()
    assert "RuntimeError: boom in /srv/" in bug_log.read_text()


def test_a_bug_on_the_page_shows_one_line_and_keeps_the_inputs(
    monkeypatch: pytest.MonkeyPatch, bug_log: Path
) -> None:
    """A page that breaks says so with the log's path; the inputs are there once it works."""
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.number_input(key="clinicians").set_value(7).run()
    at.toggle(key="status_small-practice").set_value(True).run()
    before = inputs(at)

    def broken(year: int) -> None:
        raise KeyError(f"no practice for {year}")

    with monkeypatch.context() as patch:
        patch.setattr("optimizer.ui.pages.planner.practice_from_state", broken)
        at.run()
        errors = [e.value for e in at.error]
        exceptions = list(at.exception)
    at.run()

    assert ([], 1) == (exceptions, len(errors))
    assert errors[0].startswith("Something went wrong inside IA Planner: a bug of ours")
    assert as_text(str(bug_log)) in errors[0]
    assert "KeyError: 'no practice for" in bug_log.read_text()
    assert before == inputs(at)


def test_the_servers_error_handler_shows_one_line_instead_of_streamlits(bug_log: Path) -> None:
    """``on_script_error`` logs the bug and tells Streamlit not to show its traceback."""
    assert show_bug(ValueError("deep inside"))
    assert "ValueError: deep inside" in bug_log.read_text()


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        (EVIL, rf"!\[x\](http{J}://evil/x.png) \[link\](http{J}://evil) \*\*b\*\*"),
        ("IA_EPA_1 kept: mine.csv (3 rows)", "IA_EPA_1 kept: mine.csv (3 rows)"),
        ("_em_ *em* `code` ~~del~~ $x$", r"\_em\_ \*em\* \`code\` \~\~del\~\~ \$x\$"),
        ("<img src=x> &lt; a@b.org", rf"\<img src=x\> \&lt; a@{J}b.org"),
        (
            "www.evil.org https://e.org :smile: :red[x]",
            rf"www{J}.evil.org http{J}s://e.org"
            rf" :{J}smile: :{J}red\[x\]",
        ),
        ("# h\n- item\n1. one\n  2) two\n===", "\\# h\n\\- item\n1\\. one\n  2\\) two\n\\==="),
        ("C:\\Users\\me", "C:\\\\Users\\\\me"),
    ],
    ids=[
        "image-link-bold",
        "plain",
        "emphasis-code-maths",
        "html-entity-mail",
        "autolink-emoji",
        "line-starts",
        "backslash",
    ],
)
def test_as_text_escapes_what_markdown_would_read(written: str, sent: str) -> None:
    assert sent == as_text(written)


def test_an_activity_title_and_a_file_name_from_an_upload_show_as_written() -> None:
    """The plan table, the "Why these" text and the inventory's name show the text as
    written: no image, no link, no bold."""
    inventory = (
        "Activity ID,Activity Title,Subcategory Name,Effort\n"
        f'IA_EPA_1,"{EVIL}",Expanded Practice Access,1\n'
        "IA_BE_4,Engagement through patient portal,Beneficiary Engagement,40\n"
        "IA_PM_2,Anticoagulant management,Population Management,90\n"
    ).encode()
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    _files_open(at)
    put_file(at, f"inventory_file_{YEAR}", f"{EVIL}.csv", inventory)
    section(at, "Why these")

    titles = at.table[0].value["Title"].tolist()
    why = [m.value.split("\n")[0] for m in at.markdown if m.value.startswith("**IA_EPA_1**")]

    assert not at.exception
    assert as_text(EVIL) in titles
    assert [f"**IA_EPA_1** {as_text(EVIL)} · Expanded Practice Access"] == why
    assert any(as_text(f"{EVIL}.csv") in c.value for c in at.caption)
    assert not any(EVIL in c.value for c in at.caption)


def test_a_practice_name_shows_as_written_on_the_portfolio_and_the_tracker() -> None:
    """The name, the message that it was added and the Tracker's words keep it literal."""
    ws = open_workspace()
    add_practice(ws, ACME)
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.text_input(key="new_practice_name").set_value(EVIL)
    at = next(b for b in at.button if b.label == "Add the practice").click().run()
    added = [s.value for s in at.success]
    at.run()  # the practice list was drawn before the form added one
    at.selectbox(key="portfolio_open").set_value(EVIL)
    at = at.button(key="open_tracker").click().run()

    assert [f"Added {as_text(EVIL)}: open it in the Tracker to plan a year."] == added
    assert [f"{as_text(EVIL)} has no plan yet: plan a year above."] == [i.value for i in at.info]


def test_an_evidence_note_and_file_name_show_as_written() -> None:
    """A note is no Markdown, a file's name in its download button neither."""
    ws = open_workspace()
    add_practice(ws, ACME)
    plan_year(ws)
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.selectbox(key="portfolio_open").set_value(ACME)
    at = at.button(key="open_tracker").click().run()
    at.text_area(key="evidence_note").set_value(EVIL)
    at.file_uploader(key="evidence_file").set_value(("[a](b).pdf", b"%PDF-1", "application/pdf"))
    at = next(b for b in at.button if b.label == "Keep the evidence").click().run()
    notes = [m.value.split(": ", 1)[1] for m in at.markdown if m.value.startswith("**20")]
    labels = [b.label for b in at.get("download_button") if "pdf" in b.label]

    assert [as_text(EVIL)] == notes
    assert [r"\[a\](b).pdf (6 bytes)"] == labels


def test_a_callback_that_breaks_leaves_the_page_drawn_with_one_line_above_it(
    monkeypatch: pytest.MonkeyPatch, bug_log: Path
) -> None:
    """A callback runs before the page: its bug must not leave the page blank."""
    at = AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()
    at.toggle(key="status_small-practice").set_value(True).run()
    _files_open(at)
    before = inputs(at)

    def broken(*_: object) -> None:
        raise AttributeError("'NoneType' object has no attribute 'name'")

    monkeypatch.setattr("optimizer.ui.sidebar.take_upload", broken)
    put_file(at, f"inventory_file_{YEAR}", "mine.csv", b"Activity ID\nIA_EPA_1\n")
    errors = [e.value for e in at.error]

    assert ([], 1) == ([x.value for x in at.exception], len(errors))
    assert errors[0].startswith("Something went wrong inside IA Planner: a bug of ours")
    assert "AttributeError: 'NoneType'" in bug_log.read_text()
    assert before == inputs(at)
    assert ["IA Planner"] == [t.value for t in at.title]
