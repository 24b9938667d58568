"""A practice's year ahead, planned in December on the latest loaded year's data, is
kept and shown as provisional in the portfolio."""

from __future__ import annotations

from datetime import date

from workspace_fixtures import ACME

from optimizer.model import PlanStatus
from optimizer.ui.progress_tables import portfolio_frame
from optimizer.workspace import Profile, add_practice, portfolio
from optimizer.workspace.plans import PlanRequest, plan_practice_year

DECEMBER = date(2026, 12, 2)


def test_the_year_ahead_is_kept_and_shown_as_provisional(ws) -> None:
    """Acme's 2027, planned on 2026-12-02, has activities; its row says provisional."""
    add_practice(ws, ACME, Profile(tin="123456789", clinicians=6))
    result, info = plan_practice_year(ws, ACME, PlanRequest(year=2027, as_of=DECEMBER))

    (row,) = portfolio(ws, DECEMBER)

    assert (PlanStatus.OPTIMAL, 2026, True) == (
        result.status,
        info.plan["borrowed_from"],
        info.plan["provisional"],
    )
    assert result.activities
    assert (2027, True, 2026) == (row.year, row.provisional, row.borrowed_from)
    assert "Lowest-effort plan (provisional, on PY2026's data)" == portfolio_frame([row])["Plan"][0]


def test_a_loaded_year_is_not_provisional(ws, acme) -> None:
    """The 2026 plan of the fixture is the year's own."""
    (row,) = portfolio(ws, DECEMBER)

    assert (2026, False, None) == (row.year, row.provisional, row.borrowed_from)
