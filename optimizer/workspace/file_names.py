"""Evidence file names as kept and offered for download: no folders, no control or
bidirectional-override characters, a readable length."""

from __future__ import annotations

import unicodedata

MAX_FILE_NAME = 255

_UNSHOWN = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
"""Unicode categories never kept in a file name: control and format characters
(right-to-left overrides such as U+202E, zero-width marks), private use, lone
surrogates and line breaks."""


def clean_file_name(name: str) -> str:
    """The name as kept and offered for download: its last part only (no folders),
    without control or bidirectional-override characters, spaces collapsed, at most
    255 characters with the extension kept; 'evidence' when nothing readable is left.

    'report' U+202E 'fdp.exe' -> 'reportfdp.exe'; '../../m.pdf' -> 'm.pdf'."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c) not in _UNSHOWN)
    base = " ".join(base.split()).strip(" .")
    if not base:
        return "evidence"
    if len(base) > MAX_FILE_NAME:
        _, dot, extension = base.rpartition(".")
        keep = f"{dot}{extension}" if dot and len(extension) <= 16 else ""
        base = base[: MAX_FILE_NAME - len(keep)].rstrip(" .") + keep
    return base
