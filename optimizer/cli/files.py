"""Reading and writing the files the command line names, with errors in words."""

from __future__ import annotations

import sys
from pathlib import Path

from optimizer.errors import PlannerError


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or exc}"
        raise PlannerError(msg) from exc


def write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise PlannerError(msg) from exc
    print(f"wrote {path}", file=sys.stderr)
