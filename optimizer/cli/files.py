"""Reading and writing the files the command line names, with errors in words."""

from __future__ import annotations

import sys
from pathlib import Path

from optimizer.errors import PlannerError
from optimizer.sources.read_limits import read_regular_file


def read_file(path: Path) -> bytes:
    """A regular file's bytes, within the size limit (a pipe or a device is refused)."""
    return read_regular_file(path)


def write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise PlannerError(msg) from exc
    print(f"wrote {path}", file=sys.stderr)
