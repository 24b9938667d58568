"""``mips-ia import-cms``: rebuild the bundled tables from CMS's public data."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from optimizer.errors import PlannerError
from optimizer.sources.importer import import_cms


def add_parser(sub: Any) -> None:
    imp = sub.add_parser("import-cms", help="rebuild the bundled tables from CMS's public JSON")
    imp.add_argument("cms_dir", type=Path, help="folder with ia/<PY>.json and mvp/<PY>.json")
    imp.add_argument("--years", required=True, help="years to import, e.g. 2027 or 2017-2026")


def years(text: str) -> list[int]:
    """'2027', '2025,2026' or '2017-2026' as a list of years."""
    try:
        if "-" in text:
            first, last = (int(p) for p in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(y) for y in text.split(",")]
    except ValueError:
        msg = f"--years must look like 2027, 2025,2026 or 2017-2026, got {text!r}"
        raise PlannerError(msg) from None


def run(args: argparse.Namespace, today: date) -> int:
    for line in import_cms(args.cms_dir, years(args.years)):
        print(line)
    return 0
