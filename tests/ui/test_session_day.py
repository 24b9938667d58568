"""The sidebar's As-of field: a typed day is the session's on Enter (AppTest sends the
text as Enter or leaving the field does), other text is refused in words with the day
kept, and the day follows from the Planner to the Roadmap."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from optimizer.errors import ScenarioError
from optimizer.ui.pages import NAVIGATION_SCRIPT
from optimizer.ui.session_day import AS_OF, AS_OF_TEXT, parse_day


def _planner() -> AppTest:
    return AppTest.from_file(str(NAVIGATION_SCRIPT), default_timeout=60).run()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2027-01-15", date(2027, 1, 15)),
        (" 2027/01/15 ", date(2027, 1, 15)),
        ("1/15/2027", date(2027, 1, 15)),
    ],
    ids=["iso", "slashes", "us"],
)
def test_a_day_is_read_as_typed(text: str, day: date) -> None:
    """yyyy-mm-dd, yyyy/mm/dd and m/d/yyyy are the same day."""
    assert day == parse_day(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-13-01", "'As of' must be a day such as 2027-01-15, got '2027-13-01'"),
        ("soon", "'As of' must be a day such as 2027-01-15, got 'soon'"),
        ("1900-01-01", "'As of' must be a day from 2000 to 2099, got 1900-01-01"),
    ],
    ids=["no-such-month", "words", "too-early"],
)
def test_other_text_is_refused_in_words(text: str, message: str) -> None:
    """What is wrong is said with the field's label."""
    with pytest.raises(ScenarioError) as caught:
        parse_day(text)

    assert message == str(caught.value)


def test_a_typed_day_becomes_the_session_day() -> None:
    """2026-11-20, typed: the plan is as of then, and the field shows it."""
    at = _planner()

    at = at.text_input(key=AS_OF_TEXT).set_value("11/20/2026").run()

    assert (date(2026, 11, 20), "2026-11-20") == (
        at.session_state[AS_OF],
        at.text_input(key=AS_OF_TEXT).value,
    )
    assert not at.exception


def test_a_bad_day_keeps_the_last_good_one_and_says_why() -> None:
    """The text stays to correct; the plan stays on the day before."""
    at = _planner()
    before = at.session_state[AS_OF]

    at = at.text_input(key=AS_OF_TEXT).set_value("2026-02-30").run()

    assert before == at.session_state[AS_OF]
    assert "2026-02-30" == at.text_input(key=AS_OF_TEXT).value
    assert [
        "'As of' must be a day such as 2027-01-15, got '2026-02-30': the plan stays as of "
        f"{before.isoformat()}."
    ] == [e.value for e in at.sidebar.error]
