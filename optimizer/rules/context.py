"""The year a plan is made for, resolved once (by ``planning/resolve.py``): its rules,
inventory, pairings, effort estimates and the MVP reported through. Every later
step of planning reads this object and never looks the year up again."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from optimizer.model import EffortEstimate, Inventory, Mvp, Pairings, Selection
from optimizer.rules.year_rules import YearRules


@dataclass(frozen=True, slots=True)
class YearContext:
    """What planning needs to know about one performance year."""

    rules: YearRules
    inventory: Inventory
    pairings: Pairings
    estimates: Mapping[str, EffortEstimate]
    default_effort: EffortEstimate
    mvp: Mvp | None = None
    selections: Mapping[str, Selection] = field(default_factory=dict)
    """Activities only a practice someone selects or admits can do, by ID."""
    quality_ids: frozenset[str] = frozenset()
    """The quality measures of the year (empty: not known, so not checked)."""
    history_notes: tuple[str, ...] = ()
    """What CMS changed, by this year, about activities of the practice's history."""
    inventory_from: int | None = None
    """The earlier year whose inventory stands in for this year's (None: its own)."""
    rules_from: int | None = None
    """The earlier year whose rules stand in for this year's (None: its own)."""

    @property
    def year(self) -> int:
        return self.rules.year

    @property
    def borrowed_from(self) -> int | None:
        """The earlier year whose data stand in for this year's, if any: a plan made
        on it is provisional until CMS publishes the year's own."""
        return self.inventory_from if self.inventory_from is not None else self.rules_from
