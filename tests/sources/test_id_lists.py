"""Activity-ID lists read the same whether typed as one text or handed over as parts:
the quick reading of a plain list (``activity_ids`` on text) gives what the reading
part by part gives, IDs or the same refusal."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optimizer.sources.field_values import BadValue, activity_ids

PIECES = ["IA_EPA_1", "ia_pm_2", "IA_BE", "IA", "EPA", "1", "_", "x", "IA_BE_6a", "ı"]
SEPARATORS = [" ", ", ", ";", "\t", "  ", ",;", "\n", "\u00a0"]


def _read(value: str | list[str]) -> frozenset[str] | str:
    try:
        return activity_ids(value)
    except BadValue as exc:
        return f"refused: {exc}"


@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=6))
def test_text_reads_as_its_parts(pairs: list[tuple[str, str]]) -> None:
    """``activity_ids(text)`` is ``activity_ids([text])`` (read part by part)."""
    text = "".join(piece + sep for piece, sep in pairs)
    assert _read([text]) == _read(text)


def test_spaced_id_is_one_id() -> None:
    """'IA EPA 1' is the one ID IA_EPA_1, beside plain IDs."""
    assert frozenset({"IA_EPA_1", "IA_BE_6", "IA_BE_7"}) == activity_ids(
        "IA EPA 1; ia_be_6 IA_BE_7"
    )


def test_plain_list_with_a_bad_id_is_refused() -> None:
    """One word that is no ID refuses the list, naming the part it is in."""
    expected = "'IA_BE_6 x' is not an activity ID (IDs look like IA_EPA_1)"
    with pytest.raises(BadValue, match=re.escape(expected)):
        activity_ids("IA_EPA_1, IA_BE_6 x")
