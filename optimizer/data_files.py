"""Where the bundled tables live: ``optimizer/data/``, shipped inside the package
(so ``pip install .`` finds them), or the folder IA_PLANNER_DATA names."""

from __future__ import annotations

import os
from pathlib import Path

# IA_PLANNER_DATA lets a maintainer point the tool at a folder of regenerated tables.
DATA_DIR = Path(os.environ.get("IA_PLANNER_DATA", Path(__file__).resolve().parent / "data"))
INVENTORY_DIR = DATA_DIR / "inventories"
RULES_FILE = DATA_DIR / "rules.csv"
EFFORTS_FILE = DATA_DIR / "efforts.csv"
PAIRINGS_FILE = DATA_DIR / "pairings.csv"
MVPS_FILE = DATA_DIR / "mvps.csv"
QUALITY_FILE = DATA_DIR / "quality_measures.csv"
