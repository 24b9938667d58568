"""Text for a terminal: user text (names, notes, owners, file names) may hold escape
sequences that clear the screen, retitle the window, forge a link, or reorder what
is read (bidirectional overrides); the CLI prints every such character as a visible
escape instead, keeping only line breaks and tabs."""

from __future__ import annotations

import unicodedata

_KEPT = frozenset("\t")
_ESCAPED = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


def _visible(char: str) -> str:
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def _line(line: str) -> str:
    if line.isprintable():
        return line  # the common case, at C speed
    return "".join(
        c if c in _KEPT or unicodedata.category(c) not in _ESCAPED else _visible(c) for c in line
    )


def escaped(text: str) -> str:
    """``text`` with control and format characters shown as ``\\x1b``, ``\\u202e``, ..."""
    return "\n".join(_line(line) for line in text.split("\n"))


def say(text: str) -> None:
    """Print ``text`` with its control characters escaped."""
    print(escaped(text))
