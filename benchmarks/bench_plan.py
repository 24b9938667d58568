"""Speed and exactness of the planner, in one run on one machine.

    python benchmarks/bench_plan.py [--practices N] [--seed S] [--batch B] [--batch-only]

For N random practices (random years, statuses, credits, histories, efforts,
pairings, pairing requirements and must-include/exclude lists) it:

* finds the exact optimum with an exhaustive search kept here, independent of
  PuLP and of ``optimizer/knapsack.py``, and counts every route whose total
  effort (or number of activities) differs from it: the count must be 0;
* times one ``plan()`` per route (eligibility and model building included):
  the default exact fast path ('auto'), HiGHS through PuLP, CBC through PuLP,
  and the exhaustive reference itself;
* times a reference dynamic program kept here (over (points, paired) states, as
  short as such a program can be) on the same candidates, with the same
  year resolution and eligibility ``plan()`` does, and alone: ``plan()`` should
  take at most twice the first;
* times the app's what-if table for one practice, per route;
* first, times batch planning of B practices (default 1,000) the way ``mips-ia batch``
  does it (``batch_outputs``: each practice's workbook rows made where it is
  planned) in one process and on every core, with the CPU time per 1,000 plans
  (less sensitive to a busy machine than the wall clock), then the batch
  workbook written from those rows (``batch_workbook``), and, in one process,
  whole plans (``plan_practices``). ``--batch-only`` runs just this part.

Not part of the test suite: timings belong here, not in assertions.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from optimizer.batch.plans import (
    AUTO_PARALLEL_FROM,
    batch_outputs,
    batch_workbook,
    plan_practices,
)
from optimizer.batch.practices import PracticeRow
from optimizer.errors import PlannerError
from optimizer.model import (
    Attestation,
    Pairings,
    PlanStatus,
    Reporting,
    Scenario,
    SpecialStatus,
)
from optimizer.planning.pipeline import plan
from optimizer.planning.resolve import resolve_year
from optimizer.planning.solve.status import Solver
from optimizer.planning.whatif import plan_variants, what_if_table
from optimizer.rules.eligibility import Candidate, assess
from optimizer.rules.year_rules import rules_for
from optimizer.sources.bundled import (
    bundled_inventory,
    bundled_pairings,
    bundled_years,
    mvp_catalog,
    quality_measures,
)

ROUTES = ("auto", "highs", "cbc")


# --- random practices -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Practice:
    scenario: Scenario
    pairings: Pairings


def random_pairings(rng: random.Random, year: int) -> Pairings:
    """A made-up pairing table: each activity pairs with 0-3 of the year's measures."""
    measures = sorted(quality_measures(year)) or ["001", "119", "236"]
    table = {}
    for activity_id in bundled_inventory(year).ids:
        picks = rng.sample(measures, k=min(len(measures), rng.choice((0, 0, 1, 2, 3))))
        if picks:
            table[activity_id] = frozenset(picks)
    return table


def random_practice(rng: random.Random) -> Practice:
    """One practice with everything the planner reads drawn at random."""
    year = rng.choice(bundled_years())
    rules = rules_for(year)
    inventory = bundled_inventory(year)
    ids = list(inventory.ids)
    statuses = frozenset(s for s in SpecialStatus if rng.random() < 0.2)
    apm = rng.random() < 0.2
    app = rules.app_full_credit and rng.random() < 0.03
    pcmh = rng.random() < 0.03
    mvp = None
    if rules.mvp and not app and rng.random() < 0.25:
        mvp = rng.choice(sorted(mvp_catalog(year)))
    reporting = rng.choice((Reporting.INDIVIDUAL, Reporting.INDIVIDUAL, Reporting.GROUP))
    limited = [a for a in inventory.activities if a.frequency_years]
    # Mostly frequency-limited activities, so that histories do block some.
    pool = [a.id for a in limited] if limited else ids
    history = tuple(
        Attestation(rng.choice(ids if rng.random() < 0.3 else pool), year - rng.randint(1, 5))
        for _ in range(rng.randint(0, 6))
    )
    # Round efforts often collide, which tests the tie-break on the number of activities.
    efforts = {
        activity_id: rng.choice((0.0, 1.0, 2.5, 5.0, 10.0, round(rng.uniform(0, 80), 2)))
        for activity_id in rng.sample(ids, k=rng.randint(0, len(ids)))
    }
    pairings = bundled_pairings(year) if rng.random() < 0.5 else random_pairings(rng, year)
    measures = sorted({m for ms in pairings.values() for m in ms})
    quality = frozenset(rng.sample(measures, k=min(len(measures), rng.randint(0, 4))))
    require_pairing = bool(quality) and rng.random() < 0.3
    min_paired = rng.choice((0, 0, 0, 1, 2, 3)) if quality else 0
    include = frozenset(rng.sample(ids, k=rng.choice((0, 0, 0, 1, 2))))
    exclude = frozenset(rng.sample([i for i in ids if i not in include], k=rng.randint(0, 30)))
    scenario = Scenario(
        year=year,
        statuses=statuses,
        apm=apm,
        app=app,
        pcmh=pcmh,
        mvp=mvp,
        reporting=reporting,
        clinicians=rng.randint(1, 200) if reporting is Reporting.GROUP else None,
        history=history,
        efforts=tuple(efforts.items()),
        quality=quality,
        require_pairing=require_pairing,
        min_paired=min_paired,
        include=include,
        exclude=exclude,
        target=rng.choice((40, 40, 40, 40, 30, 20)),
    )
    return Practice(scenario, pairings)


# --- the exact reference ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Optimum:
    feasible: bool
    effort: int = 0
    """Hundredths of an hour."""
    count: int = 0


def _units(candidate: Candidate) -> int:
    return round(candidate.effort * 100)


def exhaustive_optimum(candidates: Sequence[Candidate], scenario: Scenario, needed: int) -> Optimum:
    """The least (effort, count) by trying every number of activities per class.

    Two candidates with the same points and the same paired flag are
    interchangeable for every constraint, so an optimum uses, in each such class,
    the cheapest m of it for some m. And m is bounded: an optimum holds no
    removable activity (removing one never costs effort and saves one activity), so
    a class of p > 0 points needs at most ceil(need / p) + K of them and a class of
    0 points at most K (K paired activities still owed). Enumerating every vector
    of m's within those bounds is therefore exhaustive.
    """
    ids = {c.id for c in candidates}
    if not scenario.include <= ids:  # a required activity the rules rule out: no plan
        return Optimum(False)
    forced = [c for c in candidates if c.id in scenario.include]
    need = max(0, needed - sum(c.points for c in forced))
    owed = max(0, scenario.min_paired - sum(1 for c in forced if c.paired_measures))
    classes: dict[tuple[int, bool], list[int]] = defaultdict(list)
    for c in candidates:
        if c.id not in scenario.include:
            classes[c.points, bool(c.paired_measures)].append(_units(c))
    keys = sorted(classes)
    prefix, ranges = [], []
    for points, paired in keys:
        costs = sorted(classes[points, paired])
        bound = (math.ceil(need / points) if points else 0) + (owed if paired else 0)
        top = min(bound, len(costs))
        prefix.append([0, *itertools.accumulate(costs[:top])])
        ranges.append(range(top + 1))
    best: tuple[int, int] | None = None
    for counts in itertools.product(*ranges):
        points = sum(m * key[0] for m, key in zip(counts, keys, strict=True))
        paired = sum(m for m, key in zip(counts, keys, strict=True) if key[1])
        if points < need or paired < owed:
            continue
        value = (sum(p[m] for p, m in zip(prefix, counts, strict=True)), sum(counts))
        if best is None or value < best:
            best = value
    if best is None:
        return Optimum(False)
    return Optimum(True, best[0] + sum(_units(c) for c in forced), best[1] + len(forced))


def dp_optimum(candidates: Sequence[Candidate], scenario: Scenario, needed: int) -> Optimum:
    """The least (effort, count) by a plain dynamic program over (points capped at the
    need, paired activities capped at the number owed): the shortest exact program,
    the yardstick ``plan()`` is timed against."""
    ids = {c.id for c in candidates}
    if not scenario.include <= ids:
        return Optimum(False)
    forced = [c for c in candidates if c.id in scenario.include]
    need = max(0, needed - sum(c.points for c in forced))
    owed = max(0, scenario.min_paired - sum(1 for c in forced if c.paired_measures))
    best: dict[tuple[int, int], tuple[int, int]] = {(0, 0): (0, 0)}
    for c in candidates:
        if c.id in scenario.include:
            continue
        cost, gain, pair = _units(c), c.points, 1 if c.paired_measures else 0
        for (points, paired), (effort, count) in list(best.items()):
            after = (min(need, points + gain), min(owed, paired + pair))
            offer = (effort + cost, count + 1)
            if after not in best or offer < best[after]:
                best[after] = offer
    found = best.get((need, owed))
    if found is None:
        return Optimum(False)
    return Optimum(True, found[0] + sum(_units(c) for c in forced), found[1] + len(forced))


def reference_candidates(practice: Practice) -> tuple[Sequence[Candidate], int, bool]:
    """The candidates and the points needed, found as ``plan()`` finds them."""
    scenario = practice.scenario
    rules = rules_for(scenario.year)
    automatic = rules.automatic_points(scenario)
    needed = max(0, rules.target_for(scenario) - automatic)
    eligibility = assess(scenario, resolve_year(scenario, None, practice.pairings))
    return eligibility.candidates, needed, automatic >= rules.category_max


def reference_dp(practice: Practice) -> Optimum:
    """The reference dynamic program with the year resolution and eligibility."""
    candidates, needed, full = reference_candidates(practice)
    if full:
        kept = [c for c in candidates if c.id in practice.scenario.include]
        return Optimum(True, sum(_units(c) for c in kept), len(kept))
    return dp_optimum(candidates, practice.scenario, needed)


def reference_plan(practice: Practice) -> Optimum:
    """What ``plan()`` must find, computed without any solver."""
    scenario = practice.scenario
    rules = rules_for(scenario.year)
    automatic = rules.automatic_points(scenario)
    needed = max(0, rules.target_for(scenario) - automatic)
    inventory = bundled_inventory(scenario.year)
    eligibility = assess(scenario, resolve_year(scenario, inventory, practice.pairings))
    if automatic >= rules.category_max:
        # Full credit: nothing is needed, and the activities required stay in the plan.
        kept = [c for c in eligibility.candidates if c.id in scenario.include]
        return Optimum(True, sum(_units(c) for c in kept), len(kept))
    return exhaustive_optimum(eligibility.candidates, scenario, needed)


def as_optimum(result_status: PlanStatus, effort: float, count: int) -> Optimum:
    if result_status is PlanStatus.INFEASIBLE:
        return Optimum(False)
    return Optimum(True, round(effort * 100), count)


def toggle_matrix(scenario: Scenario) -> list[Scenario]:
    """The scenario with every combination of the what-if toggles (4 statuses, APM,
    medical home, APP): 128 scenarios."""
    out = []
    for bits in itertools.product((False, True), repeat=7):
        statuses = frozenset(s for s, on in zip(SpecialStatus, bits[:4], strict=True) if on)
        out.append(
            replace(scenario, statuses=statuses, apm=bits[4], pcmh=bits[5], app=bits[6], mvp=None)
        )
    return out


# --- timing -----------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f}"


def cpu_seconds() -> float:
    """CPU time of this process and of its ended (waited-for) worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def time_batch(practices: Sequence[Practice], size: int) -> None:
    """The batch part: ``size`` practices, cycling through ``practices``."""
    batch = [
        PracticeRow(i + 2, f"practice {i + 1}", practices[i % len(practices)].scenario)
        for i in range(size)
    ]
    cores = os.cpu_count() or 1
    default = cores if size >= AUTO_PARALLEL_FROM else 1
    print(f"\nBatch of {size} practices (bundled pairings; mips-ia batch uses "
          f"{default} process{'es' if default > 1 else ''} for as many):")  # fmt: skip
    outputs: object = ()
    for jobs in (1, cores):
        cpu = cpu_seconds()
        seconds, outputs = timed(lambda j=jobs: batch_outputs(batch, "xlsx", jobs=j))
        cpu = cpu_seconds() - cpu
        assert len(outputs) == size  # type: ignore[arg-type]
        rate, per_1000 = size / seconds, cpu * 1000 / size
        print(f"  auto, {jobs} process{'es' if jobs > 1 else '':<2}{seconds:9.2f} s"
              f"{rate:10.0f} plans/s{per_1000:8.2f} s CPU per 1,000")  # fmt: skip
    cpu = cpu_seconds()
    written, book = timed(lambda: batch_workbook(outputs))  # type: ignore[arg-type]
    cpu = cpu_seconds() - cpu
    print(f"  the workbook of them    {written:9.2f} s{len(book) / 1e6:10.1f} MB"  # type: ignore[arg-type]
          f"   {cpu * 1000 / size:8.2f} s CPU per 1,000")  # fmt: skip
    print(f"  {cores} processes and the workbook (mips-ia batch --out plans.xlsx) "
          f"{seconds + written:6.2f} s")  # fmt: skip
    seconds, _ = timed(lambda: plan_practices(batch, jobs=1))
    print(f"  whole plans, 1 process {seconds:9.2f} s{size / seconds:10.0f} plans/s")
    seconds, _ = timed(lambda: plan_practices(batch[:100], jobs=1, solver="highs"))
    print(f"  highs, 1 process (100 plans) {seconds:6.2f} s{100 / seconds:10.0f} plans/s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=300, help="random practices (300)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--batch", type=int, default=1000, help="practices in the batch run")
    parser.add_argument("--whatif-repeats", type=int, default=10)
    parser.add_argument("--batch-only", action="store_true", help="time only the batch")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    practices = []
    while len(practices) < args.practices:
        practice = random_practice(rng)
        try:  # the generator may combine choices the rules refuse; the planner says so
            plan(practice.scenario, pairings=practice.pairings)
        except PlannerError:
            continue
        practices.append(practice)
    # The batch first, as in a fresh ``mips-ia batch``: once HiGHS has run here (the
    # routes below), batch workers start as fresh interpreters instead of forked.
    time_batch(practices, args.batch)
    if args.batch_only:
        return 0

    # Warm the caches (inventories, estimates, HiGHS's first model) outside the timings.
    solvers = {name: Solver(name) for name in ROUTES}
    for name in ROUTES:
        plan(practices[0].scenario, pairings=practices[0].pairings, solver=solvers[name])

    names = (*ROUTES, "reference dp", "dp alone", "reference")
    times: dict[str, list[float]] = {name: [] for name in names}
    effort_mismatch = dict.fromkeys(ROUTES, 0)
    count_mismatch = dict.fromkeys(ROUTES, 0)
    errors = dict.fromkeys(ROUTES, 0)
    infeasible = 0
    for practice in practices:
        seconds, ref = timed(lambda p=practice: reference_plan(p))
        times["reference"].append(seconds)
        assert isinstance(ref, Optimum)
        infeasible += not ref.feasible
        seconds, dp = timed(lambda p=practice: reference_dp(p))
        times["reference dp"].append(seconds)
        assert dp == ref, (practice, dp, ref)
        candidates, needed, full = reference_candidates(practice)
        if not full:
            seconds, _ = timed(
                lambda c=candidates, n=needed, p=practice: dp_optimum(c, p.scenario, n)
            )
            times["dp alone"].append(seconds)
        for name in ROUTES:
            try:
                seconds, result = timed(
                    lambda p=practice, s=solvers[name]: plan(
                        p.scenario, pairings=p.pairings, solver=s
                    )
                )
            except RuntimeError:  # a solver that stops without an answer
                errors[name] += 1
                continue
            times[name].append(seconds)
            got = as_optimum(result.status, result.total_effort, len(result.activities))  # type: ignore[attr-defined]
            effort_mismatch[name] += (got.feasible, got.effort) != (ref.feasible, ref.effort)
            count_mismatch[name] += got != ref

    print(f"IA Planner benchmark: {len(practices)} random practices, seed {args.seed}, "
          f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")  # fmt: skip
    print(f"  ({infeasible} of them have no plan; the reference agrees on which)\n")
    reference = statistics.median(times["reference dp"])
    print(f"{'route':<28}{'median ms':>10}{'p95 ms':>10}{'x ref. DP':>13}"
          f"{'effort mismatches':>19}{'count mismatches':>18}{'solver errors':>15}")  # fmt: skip
    labels = {
        "auto": "auto (exact DP, default)",
        "highs": "HiGHS via PuLP (in-process)",
        "cbc": "CBC via PuLP (subprocess)",
        "reference dp": "reference DP (+eligibility)",
        "dp alone": "reference DP alone",
        "reference": "exhaustive reference",
    }
    for name in names:
        median = statistics.median(times[name])
        line = f"{labels[name]:<28}{ms(median):>10}{ms(pct(times[name], 0.95)):>10}"
        line += f"{median / reference:>13.2f}"
        if name in ROUTES:
            line += f"{effort_mismatch[name]:>19}{count_mismatch[name]:>18}{errors[name]:>15}"
        print(line)

    whatif_practice = practices[0]
    print(f"\nWhat-if table for one practice ({len(what_if_table(whatif_practice.scenario))} "
          f"plans), median of {args.whatif_repeats}:")  # fmt: skip
    for name in ROUTES:
        runs = [
            timed(
                lambda s=solvers[name]: what_if_table(
                    whatif_practice.scenario, pairings=whatif_practice.pairings, solver=s
                )
            )[0]
            for _ in range(args.whatif_repeats)
        ]
        print(f"  {labels[name]:<28}{ms(statistics.median(runs))} ms")

    matrix = toggle_matrix(whatif_practice.scenario)
    context = resolve_year(whatif_practice.scenario, None, whatif_practice.pairings)
    runs = [timed(lambda: plan_variants(context, matrix))[0] for _ in range(args.whatif_repeats)]
    print(
        f"  every combination of the toggles ({len(matrix)} plans, one year resolved), "
        f"auto: {ms(statistics.median(runs))} ms"
    )

    failed = sum(effort_mismatch.values())
    print(f"\nTotal effort mismatches against the exact reference: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
