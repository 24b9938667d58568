"""One clock for every face: IA_PLANNER_TODAY sets the day for the CLI as for the app
and the API (before, the CLI read only the calendar, so `practice attest` could not be
run as on another day); a value that is not a date is refused in words."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from optimizer import clock
from optimizer.errors import PlannerError


def test_the_variable_sets_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_VARIABLE, "2027-01-15")
    assert date(2027, 1, 15) == clock.today()


def test_without_the_variable_it_is_the_calendars_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.TODAY_VARIABLE)
    assert date.today() == clock.today()  # the one check that is about today


def test_a_value_that_is_no_date_is_refused_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_VARIABLE, "15/01/2027")
    with pytest.raises(PlannerError, match=r"IA_PLANNER_TODAY='15/01/2027' is not a date"):
        clock.today()


def _cli(day: str) -> subprocess.CompletedProcess[str]:
    """``mips-ia plan`` in a fresh process, as a user runs it (no test clock patched in)."""
    env = {**os.environ, clock.TODAY_VARIABLE: day}
    command = [sys.executable, "-m", "optimizer", "plan", "--format", "json"]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_the_cli_plans_on_the_variables_day() -> None:
    done = _cli("2026-03-16")
    assert 0 == done.returncode, done.stderr
    data = json.loads(done.stdout)
    assert ("2026-03-16", 2026) == (data["as_of"], data["year"])


def test_the_cli_refuses_a_bad_day_with_exit_2() -> None:
    done = _cli("nope")
    assert (2, "") == (done.returncode, done.stdout)
    assert "IA_PLANNER_TODAY='nope' is not a date" in done.stderr
