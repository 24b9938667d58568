"""Reading CMS's published JSON (``measures-data.json``, ``mvp.json``) within stated
limits: the size is capped before anything is read, the nesting depth is counted
before the text is parsed (so no file can exhaust Python's recursion), and the
result must be a list of records. Nothing in a file is executed or evaluated.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

from optimizer.errors import InputFileError

MAX_MEASURES_BYTES = 32 * 1024 * 1024
"""CMS's measures-data.json is under 1 MB (2026: 878 KB); 32 MB leaves room to grow."""
MAX_MVP_BYTES = 8 * 1024 * 1024
"""CMS's mvp.json is under 100 KB (2027: 58 KB)."""
MAX_DEPTH = 32
"""The deepest nesting of lists and objects accepted (CMS's files nest 4 deep)."""

_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def nesting_depth(data: bytes, limit: int = MAX_DEPTH) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings, counting no further than
    ``limit + 1`` (a string's brackets are skipped whole by the pattern)."""
    depth = deepest = 0
    for match in _TOKEN.finditer(data):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def read_capped(path: Path, limit: int) -> bytes:
    """A regular file's bytes, refused before reading when it is larger than ``limit``."""
    try:
        info = path.stat()
    except OSError as exc:
        msg = f"{path} cannot be read: {exc.strerror or exc}"
        raise InputFileError(msg, source=str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        msg = f"{path} is not a regular file"
        raise InputFileError(msg, source=str(path))
    check_size(info.st_size, limit, str(path))
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        msg = f"{path} cannot be read: {exc.strerror or exc}"
        raise InputFileError(msg, source=str(path)) from exc
    check_size(len(data), limit, str(path))
    return data


def check_size(size: int, limit: int, source: str) -> None:
    if size > limit:
        mb = limit / (1024 * 1024)
        cap = f"{mb:g} MB" if mb >= 1 else f"{limit // 1024} KB"
        msg = f"{source} is larger than {cap}; this is not CMS's file"
        raise InputFileError(msg, source=source)


def load_records(data: bytes, source: str, limit: int = MAX_MEASURES_BYTES) -> list[dict[str, Any]]:
    """The list of records in CMS's JSON ``data``, within the size and depth limits."""
    check_size(len(data), limit, source)
    if nesting_depth(data) > MAX_DEPTH:
        msg = f"{source} nests lists or objects more than {MAX_DEPTH} deep; this is not CMS's file"
        raise InputFileError(msg, source=source)
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        msg = f"{source} is not UTF-8 text (byte {exc.start})"
        raise InputFileError(msg, source=source) from exc
    except json.JSONDecodeError as exc:
        msg = f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        raise InputFileError(msg, source=source) from exc
    if not isinstance(payload, list) or not all(isinstance(r, dict) for r in payload):
        msg = f"{source} must hold a JSON list of records (objects)"
        raise InputFileError(msg, source=source)
    return payload


def text_field(record: dict[str, Any], key: str, index: int, source: str, what: str) -> str:
    """A record's required text field, or a refusal naming the record."""
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        name = record.get("measureId") or record.get("mvpId") or record.get("title")
        which = f"record {index + 1}" + (f" ({name})" if isinstance(name, str) else "")
        msg = f"{source}, {which}: {what} needs '{key}' (text), got {_shown(value)}"
        raise InputFileError(msg, source=source)
    return value


def id_list(record: dict[str, Any], key: str, index: int, source: str) -> list[str]:
    """A record's required list of IDs, or a refusal naming the record."""
    value = record.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        name = record.get("mvpId")
        which = f"record {index + 1}" + (f" ({name})" if isinstance(name, str) else "")
        msg = f"{source}, {which}: an MVP needs '{key}' (a list of IDs), got {_shown(value)}"
        raise InputFileError(msg, source=source)
    return value


def _shown(value: Any) -> str:
    text = "nothing" if value is None else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
