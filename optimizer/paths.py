"""Where the project's own data tables live (``data/`` beside the package)."""

from __future__ import annotations

import os
from pathlib import Path

# IA_PLANNER_DATA lets a maintainer point the tool at a folder of regenerated tables.
DATA_DIR = Path(os.environ.get("IA_PLANNER_DATA", Path(__file__).resolve().parents[1] / "data"))
INVENTORY_DIR = DATA_DIR / "inventories"
