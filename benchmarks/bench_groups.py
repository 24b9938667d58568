"""Solve time of the group plan with a roster: who does what, on the bundled inventory.

    python benchmarks/bench_groups.py [--clinicians 120] [--year 2021] [--cap 2]
                                      [--runs 10] [--seed 1] [--solver highs cbc]

Writes a random roster (NPIs, roles, a few 'cannot do' activities and own hours
per clinician) to a temporary CSV, reads it back with ``read_roster`` as the
command line does, and times ``plan()`` end to end (eligibility, model building,
solving, schedule) ``--runs`` times per solver, printing the median and range.
It also checks every plan against the rule: each activity has at least half of
the group, only clinicians who can do it, nobody over the cap.

Not part of the test suite: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from optimizer.model import Clinician, Plan, PlanStatus, Reporting, Scenario
from optimizer.planning.pipeline import plan
from optimizer.rules.group_rule import clinicians_needed
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import bundled_inventory
from optimizer.sources.roster import read_roster, write_roster_csv

ROLES = ("physician", "nurse practitioner", "physician assistant", "nurse")


def random_roster(count: int, activity_ids: list[str], seed: int) -> tuple[Clinician, ...]:
    """``count`` clinicians, each unable to do 0-8 activities and with own hours on 0-5."""
    rng = random.Random(seed)
    return tuple(
        Clinician(
            id=str(1_000_000_000 + n),
            name=f"Clinician {n}",
            role=rng.choice(ROLES),
            cannot=frozenset(rng.sample(activity_ids, rng.randint(0, 8))),
            efforts=tuple((a, rng.randint(0, 40) / 4) for a in rng.sample(activity_ids, 5)),
        )
        for n in range(1, count + 1)
    )


def check(result: Plan, scenario: Scenario) -> None:
    """Fail loudly if the plan breaks the group rule, eligibility or the cap."""
    needed = clinicians_needed(rules_for(scenario.year), len(scenario.roster))
    by_id = {c.id: c for c in scenario.roster}
    load = dict.fromkeys(by_id, 0)
    for assignment in result.assignments:
        team = set(assignment.clinicians)
        assert len(team) >= needed, assignment
        assert all(by_id[c].can_do(assignment.activity) for c in team), assignment
        for c in team:
            load[c] += 1
    cap = scenario.max_per_clinician
    assert cap is None or max(load.values()) <= cap, "cap broken"
    assert {a.activity for a in result.assignments} == set(result.activity_ids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinicians", type=int, default=120)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--cap", type=int, default=2)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--solver", nargs="+", default=["highs", "cbc"])
    args = parser.parse_args()

    inventory = bundled_inventory(args.year)
    roster_ids = list(inventory.ids)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.csv"
        path.write_bytes(write_roster_csv(random_roster(args.clinicians, roster_ids, args.seed)))
        roster = read_roster(path.read_bytes(), path.name)
    scenario = Scenario(
        year=args.year,
        reporting=Reporting.GROUP,
        roster=roster,
        max_per_clinician=args.cap,
    )
    print(
        f"PY{args.year}: {len(inventory)} activities, {len(roster)} clinicians, "
        f"cap {args.cap} per clinician, {args.runs} runs per solver"
    )
    for name in args.solver:
        times = []
        result = None
        for _ in range(args.runs):
            started = time.perf_counter()
            result = plan(scenario, inventory, solver=name)
            times.append(time.perf_counter() - started)
        assert result is not None
        if result.status is not PlanStatus.INFEASIBLE:
            check(result, scenario)
        print(
            f"  {name:5}: median {statistics.median(times):.3f} s "
            f"(min {min(times):.3f}, max {max(times):.3f}); {result.status}, "
            f"{', '.join(result.activity_ids)}, effort {result.total_effort:g} h"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
