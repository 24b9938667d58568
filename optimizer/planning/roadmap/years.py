"""The years of a roadmap, each resolved once: its scenario and its context
(rules, inventory, pairings, efforts).

The practice's Scenario is projected onto each year explicitly. What holds in
every year: the special statuses (unless the roadmap gives a year its own), the
efforts, must-include and can't-do by activity (under the ID that year's
inventory gives it), the history, the group and its settings. What holds only in
the first year: the activities already running and the days they began, and the
start date (with the as-of day, ``roadmap``): a later year starts on January 1
with nothing running, so a running activity is priced as running only in its year.

A year past the bundled data borrows the latest bundled year's inventory and
rules, with the deadlines moved to its own dates, and the roadmap says so: CMS
publishes a year's inventory only in the final rule of the November before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from optimizer.errors import ScenarioError
from optimizer.model import Attestation, Inventory, Pairings, Scenario, SpecialStatus
from optimizer.planning.resolve import resolve_year, year_inventory, year_rules
from optimizer.rules.context import YearContext
from optimizer.rules.year_rules import rule_years
from optimizer.sources.year_changes import latest_id
from optimizer.wording import listed

MAX_YEARS = 10
"""The longest roadmap: CMS sets the rules one year at a time, so a longer plan
would rest almost wholly on assumptions."""
DEFAULT_SPAN = 4
"""Years a roadmap plans when its last is not given: the first and the three after it."""


@dataclass(frozen=True, slots=True)
class YearSetup:
    """One year of a roadmap: the practice's scenario for it and its context;
    ``stand_in`` is the bundled year whose data stand in for it, if any."""

    scenario: Scenario
    context: YearContext
    stand_in: int | None = None

    @property
    def year(self) -> int:
        return self.scenario.year


def span_problem(first: int, last: int) -> str | None:
    """What is wrong with a roadmap from ``first`` to ``last``, in words (None: nothing)."""
    if last < first:
        return f"the last year ({last}) comes before the first ({first})"
    if last - first + 1 > MAX_YEARS:
        return (
            f"a roadmap covers at most {MAX_YEARS} years, and {first}-{last} is {last - first + 1}"
        )
    return None


def default_last_year(first: int) -> int:
    """The last year of a roadmap starting in ``first`` whose last is not given."""
    return first + DEFAULT_SPAN - 1


def first_open_year(as_of: date) -> int:
    """The first year whose activities can still start on ``as_of`` (its last start
    not passed), a year past the bundled data included: where a roadmap made that day
    begins by default."""
    year = max(as_of.year, rule_years()[0])
    rules, _ = year_rules(year, stand_in=True)
    return year if as_of <= rules.last_start else year + 1


def _assumption(year: int, inventory_from: int | None, rules_from: int | None) -> str | None:
    if inventory_from is not None and rules_from is not None:
        return (
            f"{year} has no bundled inventory or rules: the {inventory_from} ones stand in "
            f"for it, with the deadlines moved to {year}"
        )
    if inventory_from is not None:
        return f"{year} has no bundled inventory: the {inventory_from} inventory stands in for it"
    if rules_from is not None:
        return (
            f"{year} has no rules in the rules table: the {rules_from} rules stand in for it, "
            f"with the deadlines moved to {year}"
        )
    return None


def in_year(ids: Iterable[str], inventory: Inventory) -> dict[str, str]:
    """Given ID -> the ID the same activity has in ``inventory`` (CMS re-filed some
    under new IDs), for the IDs the inventory holds under either name."""
    by_key = {latest_id(a.id): a.id for a in inventory.activities}
    return {i: by_key[latest_id(i)] for i in ids if latest_id(i) in by_key}


def year_scenario(
    base: Scenario, year: int, statuses: frozenset[SpecialStatus], inventory: Inventory
) -> Scenario:
    """The practice's scenario for ``year``: its statuses, and its must-include,
    can't-do, efforts and history under that year's activity IDs; running
    activities and the start date only in the first year (``base.year``)."""
    first = year == base.year
    include = in_year(base.include, inventory)
    exclude = in_year(base.exclude, inventory)
    efforts = in_year((a for a, _ in base.efforts), inventory)
    history = [
        Attestation(same, a.year)
        for a in base.history
        if (same := in_year([a.activity_id], inventory).get(a.activity_id, a.activity_id))
        != a.activity_id
    ]
    return replace(
        base,
        year=year,
        statuses=statuses,
        include=frozenset(include.values()),
        exclude=frozenset(exclude.values()),
        efforts=tuple((efforts[a], h) for a, h in base.efforts if a in efforts),
        history=base.history + tuple(history),
        running=base.running if first else (),
        start_date=base.start_date if first else None,
    )


def _refuse_unknown(base: Scenario, inventories: Iterable[Inventory], span: str) -> None:
    known = {latest_id(a.id) for inventory in inventories for a in inventory.activities}
    for label, ids in (("must include", base.include), ("excluded", base.exclude)):
        unknown = sorted(i for i in ids if latest_id(i) not in known)
        if unknown:
            msg = (
                f"Unknown activity ID {', '.join(unknown)} in the {label} list: "
                f"not in any inventory of {span}"
            )
            raise ScenarioError(msg)


def year_setups(
    base: Scenario,
    last_year: int,
    *,
    statuses_by_year: Mapping[int, frozenset[SpecialStatus]] | None = None,
    inventories: Mapping[int, Inventory] | None = None,
    pairings: Pairings | None = None,
) -> tuple[tuple[YearSetup, ...], tuple[str, ...]]:
    """Every year from ``base.year`` to ``last_year``, and what the roadmap assumes
    about them, in words. Statuses not given for a year are ``base``'s."""
    first = base.year
    problem = span_problem(first, last_year)
    if problem:
        raise ScenarioError(problem[:1].upper() + problem[1:])
    statuses_by_year = statuses_by_year or {}
    outside = sorted(y for y in statuses_by_year if not first <= y <= last_year)
    if outside:
        years = listed([str(y) for y in outside])
        msg = f"Statuses are given for {years}, outside the roadmap's {first}-{last_year}"
        raise ScenarioError(msg)
    span = f"{first}-{last_year}"
    given = inventories or {}
    found = {
        y: (given[y], None) if y in given else year_inventory(y, stand_in=True)
        for y in range(first, last_year + 1)
    }
    _refuse_unknown(base, (inventory for inventory, _ in found.values()), span)
    setups = []
    assumptions = []
    for year, (inventory, inventory_from) in found.items():
        scenario = year_scenario(base, year, statuses_by_year.get(year, base.statuses), inventory)
        own = given.get(year)
        context = resolve_year(scenario, own, pairings, stand_in=True)
        setups.append(YearSetup(scenario, context, context.borrowed_from))
        assumption = _assumption(year, inventory_from, context.rules_from)
        if assumption:
            assumptions.append(assumption)
    ids = {latest_id(a.id) for inventory, _ in found.values() for a in inventory.activities}
    unused = sorted(a for a, _ in base.efforts if latest_id(a) not in ids)
    if unused:
        assumptions.append(
            f"Efforts given for activities in no inventory of {span} were ignored: {listed(unused)}"
        )
    return tuple(setups), tuple(assumptions)
