"""The portfolio: one row per practice with its plan, progress, activities at risk of
missing their last start, and where its submission window stands."""

from __future__ import annotations

from datetime import date

import pytest
from workspace_fixtures import ACME, YEAR, plan_year

from optimizer.workspace import (
    ProgressChange,
    ProgressStatus,
    add_practice,
    attest_year,
    mark_progress,
    portfolio,
    portfolio_years,
)
from optimizer.workspace.portfolio import submission_words

SPRING = date(2026, 4, 1)


def _row(ws, today: date = SPRING, year: int | None = None):  # type: ignore[no-untyped-def]
    (row,) = [r for r in portfolio(ws, today, year) if r.practice == ACME]
    return row


def test_a_practice_without_a_plan_says_so(ws) -> None:
    """A practice just added has a row, with no plan."""
    add_practice(ws, "New Practice")

    (row,) = portfolio(ws, SPRING)

    assert ("New Practice", None, "no plan", "") == (
        row.practice,
        row.year,
        row.plan_status,
        row.progress,
    )


def test_the_row_shows_the_plan_and_its_progress(ws, acme) -> None:
    """Plan status, points and how many activities are done or running."""
    mark_progress(
        ws,
        ACME,
        YEAR,
        "IA_BE_27",
        ProgressChange(status=ProgressStatus.RUNNING, start=date(2026, 2, 1)),
    )

    row = _row(ws)

    assert (YEAR, "optimal", 40, 40) == (row.year, row.plan_status, row.points, row.category_max)
    assert "0 of 2 done, 1 running" == row.progress


def test_an_activity_not_begun_near_its_last_start_is_at_risk(ws, acme) -> None:
    """Two weeks before October 3 an activity still planned is at risk, with the days left."""
    mark_progress(
        ws,
        ACME,
        YEAR,
        "IA_BE_27",
        ProgressChange(status=ProgressStatus.RUNNING, start=date(2026, 2, 1)),
    )

    row = _row(ws, date(2026, 9, 23))

    assert ("IA_PSPA_23 must start by 2026-10-03 (10 days left)",) == row.at_risk


def test_an_activity_past_its_last_start_is_missed_not_at_risk(ws, acme) -> None:
    """After October 3 an activity never begun can no longer run its period: it is
    counted as missed, and nothing is left at risk."""
    row = _row(ws, date(2026, 10, 4))

    assert (
        (),
        (
            "IA_BE_27 has not begun and its last start, 2026-10-03, has passed",
            "IA_PSPA_23 has not begun and its last start, 2026-10-03, has passed",
        ),
    ) == (row.at_risk, row.missed)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 9, 18), (0, 0)),
        (date(2026, 9, 19), (2, 0)),
        (date(2026, 10, 3), (2, 0)),
        (date(2026, 10, 4), (0, 2)),
    ],
    ids=["15-days-before", "14-days-before", "last-start", "day-after"],
)
def test_at_risk_is_within_14_days_of_the_last_start_and_missed_after(
    ws, acme, today: date, expected: tuple[int, int]
) -> None:
    """At risk: not begun, last start (October 3) within 14 days; missed: it has passed."""
    row = _row(ws, today)

    assert expected == (len(row.at_risk), len(row.missed))


def test_nothing_is_at_risk_early_in_the_year(ws, acme) -> None:
    """In April there is time for every activity."""
    assert () == _row(ws).at_risk


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 6, 1), ("opens 2027-01-04", False)),
        (date(2027, 1, 10), ("open: closes 2027-03-31 (80 days left)", False)),
        (date(2027, 3, 15), ("open: closes 2027-03-31 (16 days left)", True)),
        (date(2027, 4, 1), ("closed 2027-03-31 without an attestation", False)),
    ],
    ids=["before", "open", "closing", "closed"],
)
def test_the_submission_window_is_told_in_words(today, expected) -> None:
    """Before it opens, open, closing within 30 days, closed without an attestation."""
    assert expected == submission_words(YEAR, None, False, today)


def test_an_attested_year_says_when(ws, acme) -> None:
    """Once attested, the window shows the day, and is not 'closing'."""
    change = ProgressChange(
        status=ProgressStatus.DONE, start=date(2026, 2, 1), end=date(2026, 5, 31)
    )
    mark_progress(ws, ACME, YEAR, "IA_BE_27", change)
    mark_progress(ws, ACME, YEAR, "IA_PSPA_23", change)
    attest_year(ws, ACME, YEAR, date(2027, 3, 20))

    row = _row(ws, date(2027, 3, 25))

    assert ("attested 2027-03-20", False, True) == (
        row.submission,
        row.window_closing,
        row.attested,
    )


def test_each_practice_shows_its_latest_year_or_the_year_asked(ws, acme) -> None:
    """Without a year, the latest plan; with one, that year's (or no plan)."""
    plan_year(ws, 2025)

    assert (2026, 2025) == (_row(ws).year, _row(ws, year=2025).year)
    assert (2026, 2025) == portfolio_years(ws)
    assert "no plan" == _row(ws, year=2024).plan_status


def test_a_year_of_full_credit_from_a_status_says_so(ws) -> None:
    """A medical home's year has no activity: its progress says the points come from the
    status, not '0 of 0 done'."""
    add_practice(ws, ACME)
    plan_year(ws, pcmh=True)

    assert ("full_credit", "points from the status") == (
        _row(ws).plan_status,
        _row(ws).progress,
    )
