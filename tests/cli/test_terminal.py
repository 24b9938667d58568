"""User text printed to a terminal: control and format characters shown as escapes."""

from __future__ import annotations

import pytest

from optimizer.cli.terminal import escaped


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Acme Clinic\n  IA_BE_27 planned", "Acme Clinic\n  IA_BE_27 planned"),
        ("clear\x1b[2J", "clear\\x1b[2J"),
        ("title\x1b]0;owned\x07", "title\\x1b]0;owned\\x07"),
        ("Dr \u202eeeL", "Dr \\u202eeeL"),
        ("a\rb\tc", "a\\x0db\tc"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("Über – März", "Über – März"),
    ],
    ids=["plain", "csi", "osc", "bidi", "cr-and-tab", "zero-width", "accents"],
)
def test_control_characters_are_shown_as_escapes(text: str, shown: str) -> None:
    """Line breaks and tabs stay; every other control or format character is escaped."""
    assert shown == escaped(text)
