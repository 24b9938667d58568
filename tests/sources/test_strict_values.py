"""One strict reading of numbers, years and IDs: a bad cell is refused with its row
and column (and in a batch, fails only its own row)."""

from __future__ import annotations

import pytest

from optimizer.batch.practices import read_practices
from optimizer.errors import TableFormatError
from optimizer.model.values import BadValue, hours, whole
from optimizer.sources.practice_tables import read_history, read_pairings


@pytest.mark.parametrize(
    "text", ["²⁰²⁴", "١٢", "1_0", "1e3", "NaN", "inf", "0x10", "+3", "3,5"], ids=repr
)
def test_only_ascii_digits_are_a_number_of_hours(text: str) -> None:
    """Unicode digits, underscores, exponents, NaN and signs are not hours."""
    with pytest.raises(BadValue) as caught:
        hours(text)
    assert f"must be a number of hours >= 0, got {text!r}" == str(caught.value)


@pytest.mark.parametrize("value", [1e308, 10**400, "9" * 30], ids=["1e308", "10**400", "30 nines"])
def test_huge_hours_are_refused(value: object) -> None:
    """A finite but absurd effort is refused, not carried into the solver."""
    with pytest.raises(BadValue, match="must be at most 100,000 hours"):
        hours(value)


@pytest.mark.parametrize(
    "value", ["²", "1_0", 1e308, "9" * 5000], ids=["sup", "_", "1e308", "5000 nines"]
)
def test_a_whole_number_is_ascii_digits_and_bounded(value: object) -> None:
    """Whole numbers are ASCII digits up to 1,000,000 (no ValueError, no huge int)."""
    with pytest.raises(BadValue):
        whole(value, 1)


def test_hours_and_whole_numbers_that_are_fine() -> None:
    """'2.5', '.5', 3 and ' 7 ' read as they look."""
    assert (2.5, 0.5, 3.0, 7) == (hours("2.5"), hours(".5"), hours(3), whole(" 7 ", 1))


def test_a_history_year_in_unicode_digits_is_refused() -> None:
    """'²⁰²⁴' as a performance year is refused with its cell (it raised ValueError)."""
    with pytest.raises(TableFormatError) as caught:
        read_history(
            b"Activity ID,Performance year\nIA_EPA_1,\xc2\xb2\xe2\x81\xb0\xc2\xb2\xe2\x81\xb4\n",
            "h.csv",
        )
    expected = (
        "h.csv, line 2, column 'Performance year': must be a performance year such as "
        "2024, got '²⁰²⁴'"
    )
    assert expected == str(caught.value)


def test_a_history_activity_not_in_that_years_inventory_is_refused() -> None:
    """An attestation of an ID that CMS did not list that year is refused, named."""
    with pytest.raises(TableFormatError) as caught:
        read_history(b"Activity ID,Performance year\nIA_ZZZ_99,2024\n", "h.csv")
    expected = (
        "h.csv, line 2, column 'Activity ID': IA_ZZZ_99 is not an activity of "
        "performance year 2024: look for a typo"
    )
    assert expected == str(caught.value)


def test_a_pairing_of_an_activity_not_in_the_inventory_is_refused() -> None:
    """A pairing naming an activity the plan's inventory lacks is refused, named."""
    with pytest.raises(TableFormatError) as caught:
        read_pairings(
            b"Activity ID,Quality measure ID\nIA_ZZZ_99,001\n", "p.csv", ("IA_EPA_1",), 2026
        )
    expected = (
        "p.csv, line 2, column 'Activity ID': IA_ZZZ_99 is not in the 2026 inventory, "
        "so it cannot pair: look for a typo"
    )
    assert expected == str(caught.value)


def test_one_bad_batch_cell_fails_only_its_row() -> None:
    """'²⁰²⁴' in one practice's Year fails that row; the others still get scenarios."""
    table = "Practice,Year,Clinicians\nGood,2026,3\nBad,²⁰²⁴,3\nAlso good,2026,2\n"
    rows = read_practices(table.encode(), "practices.csv", default_year=2026)
    assert [("Good", True), ("Bad", False), ("Also good", True)] == [
        (r.name, r.scenario is not None) for r in rows
    ]
    assert (
        "practices.csv, line 3, column 'Year': must be a performance year such as 2024, got '²⁰²⁴'"
        == rows[1].error
    )
