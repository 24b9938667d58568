"""What a batch writes (issue 19): each practice's Summary and Activities rows or
JSON line, made where it is planned, are exactly what its own ``plan()`` gives, in
one process or two, down to the bytes of the workbook and of the JSON stream."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from optimizer import (
    Attestation,
    PlannerError,
    PracticeRow,
    Reporting,
    Scenario,
    SpecialStatus,
    batch_json_lines,
    batch_outputs,
    batch_workbook,
    bundled_inventory,
    plan,
    plan_practices,
    write_batch_workbook,
)
from optimizer.batch.plans import PracticePlan, output_of
from optimizer.cli.mips_ia import main

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2025, 3, 3)
YEARS = (2023, 2024, 2025, 2026)


def random_scenario(rng: random.Random) -> Scenario:
    """A practice with statuses, credits, history, efforts, measures and lists drawn."""
    year = rng.choice(YEARS)
    ids = list(bundled_inventory(year).ids)
    group = rng.random() < 0.3
    quality = frozenset(rng.sample(["001", "119", "236", "134"], k=rng.randint(0, 2)))
    include = frozenset(rng.sample(ids, k=rng.choice((0, 0, 1))))
    return Scenario(
        year=year,
        statuses=frozenset(s for s in SpecialStatus if rng.random() < 0.2),
        apm=rng.random() < 0.2,
        reporting=Reporting.GROUP if group else Reporting.INDIVIDUAL,
        clinicians=rng.randint(2, 50) if group else None,
        history=tuple(
            Attestation(rng.choice(ids), year - rng.randint(1, 4)) for _ in range(rng.randint(0, 3))
        ),
        efforts=tuple((i, rng.choice((0.0, 1.0, 2.5, 9.0))) for i in rng.sample(ids, k=8)),
        quality=quality,
        min_paired=rng.choice((0, 0, 1)) if quality else 0,
        include=include,
        exclude=frozenset(rng.sample([i for i in ids if i not in include], k=rng.randint(0, 20))),
        target=rng.choice((40, 40, 20)),
    )


def random_rows(count: int, seed: int) -> list[PracticeRow]:
    rng = random.Random(seed)
    rows = [PracticeRow(n + 2, f"practice {n + 1}", random_scenario(rng)) for n in range(count)]
    # One row the reader could not read, which keeps its reason.
    rows.append(PracticeRow(count + 2, "unread", None, "p.csv, line 9: bad year", "p.csv, line 9"))
    return rows


def alone(row: PracticeRow) -> PracticePlan:
    """The row planned on its own, with ``plan()``."""
    if row.scenario is None:
        return PracticePlan(row.row, row.name, None, row.error)
    try:
        return PracticePlan(row.row, row.name, plan(row.scenario, as_of=AS_OF))
    except PlannerError as exc:  # e.g. a measure not in the year's list
        return PracticePlan(row.row, row.name, None, f"row {row.row}: {exc}")


def sheets(book: bytes) -> dict[str, bytes]:
    """Every part of an .xlsx but its creation time."""
    with zipfile.ZipFile(io.BytesIO(book)) as parts:
        return {n: parts.read(n) for n in parts.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_outputs_are_those_of_each_plan_alone(seed):
    """Every practice's rows and JSON line equal those of its own plan()."""
    rows = random_rows(120, seed)

    expected = [(output_of(alone(r), "xlsx"), output_of(alone(r), "json")) for r in rows]
    actual = list(
        zip(
            batch_outputs(rows, "xlsx", jobs=1, as_of=AS_OF),
            batch_outputs(rows, "json", jobs=1, as_of=AS_OF),
            strict=True,
        )
    )

    assert expected == actual


def test_workbook_and_json_bytes_match_the_whole_plans():
    """The workbook and the JSON stream from the outputs are byte for byte those of
    the whole plans (``plan_practices``)."""
    rows = random_rows(60, 4)
    plans = plan_practices(rows, jobs=1, as_of=AS_OF)

    workbook = batch_workbook(batch_outputs(rows, "xlsx", jobs=1, as_of=AS_OF))
    lines = [o.json_line for o in batch_outputs(rows, "json", jobs=1, as_of=AS_OF)]

    assert sheets(write_batch_workbook(plans)) == sheets(workbook)
    assert list(batch_json_lines(plans)) == lines


def test_two_processes_write_what_one_does():
    """Workers send back the same outputs, in input order."""
    rows = random_rows(40, 5)

    expected = batch_outputs(rows, "json", jobs=1, as_of=AS_OF)
    actual = batch_outputs(rows, "json", jobs=2, as_of=AS_OF)

    assert expected == actual


def test_outputs_say_failed_and_infeasible():
    """A row not planned is failed with its reason; one with no plan is infeasible."""
    rows = [
        PracticeRow(2, "ok", Scenario(2024)),
        PracticeRow(3, "no plan", Scenario(2024, include=frozenset({"IA_PCMH"}))),
        PracticeRow(4, "unread", None, "p.csv, line 4: bad year"),
    ]

    outputs = batch_outputs(rows, "json", as_of=date(2024, 1, 8))

    expected = [(False, False, ""), (False, True, ""), (True, False, "p.csv, line 4: bad year")]
    assert expected == [(o.failed, o.infeasible, o.error) for o in outputs]


def test_cli_json_is_each_plan_alone(tmp_path, capsys):
    """`mips-ia batch --format json` prints, per row, the JSON of that row's plan() (the
    2024 practice is too late in March 2025: exit 1)."""
    table = tmp_path / "practices.csv"
    table.write_text("Practice,Year,Statuses\nA,2024,rural\nB,2025,\nC,2026,small-practice\n")
    years = {
        "A": (2024, {SpecialStatus.RURAL}),
        "B": (2025, set()),
        "C": (2026, {SpecialStatus.SMALL_PRACTICE}),
    }

    code = main(["batch", str(table), "--format", "json", "--as-of", AS_OF.isoformat()])

    expected = [
        json.dumps(alone(PracticeRow(n + 2, name, Scenario(y, statuses=s))).to_dict())
        for n, (name, (y, s)) in enumerate(years.items())
    ]
    assert (1, expected) == (code, capsys.readouterr().out.splitlines())


def test_a_worker_loads_neither_pandas_nor_openpyxl():
    """A batch worker plans CSV-read bundled data and sends rows back: it starts
    without pandas or openpyxl (about a second of start-up each time on main)."""
    code = (
        "import sys\n"
        "from optimizer.batch.plans import _output_one\n"
        "from optimizer.batch.practices import PracticeRow\n"
        "from optimizer.model import Scenario\n"
        "_output_one((PracticeRow(2, 'A', Scenario(2024)), 'auto', None, 'xlsx'))\n"
        "print(sorted(m for m in ('pandas', 'openpyxl') if m in sys.modules))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )

    assert "[]" == done.stdout.strip()


def test_a_worker_loads_no_solver_for_the_default_route():
    """The default route plans by dynamic programming: a worker (and any plan without
    a roster) starts without PuLP, HiGHS or numpy, about half a second a start."""
    code = (
        "import sys\n"
        "from optimizer.batch.plans import _output_one\n"
        "from optimizer.batch.practices import PracticeRow\n"
        "from optimizer.model import Scenario\n"
        "_output_one((PracticeRow(2, 'A', Scenario(2024)), 'auto', None, 'xlsx'))\n"
        "print(sorted(m for m in ('pulp', 'highspy', 'numpy') if m in sys.modules))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )

    assert "[]" == done.stdout.strip()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_forked_and_fresh_workers_write_what_one_process_does(monkeypatch, method):
    """Workers forked (inheriting the rows) or started afresh (sent each row) send
    back the same outputs, in input order, and report progress up to the total."""
    monkeypatch.setattr("optimizer.batch.plans._start_method", lambda: method)
    rows = random_rows(30, 6)
    seen: list[tuple[int, int]] = []

    expected = batch_outputs(rows, "xlsx", jobs=1, as_of=AS_OF)
    actual = batch_outputs(rows, "xlsx", jobs=2, as_of=AS_OF, progress=lambda *d: seen.append(d))

    assert expected == actual
    assert [(n, 31) for n in range(1, 32)] == seen  # and the unread row


def test_workers_are_forked_only_before_highs_has_run():
    """A process that has run HiGHS starts its workers afresh (a forked copy can hang
    on HiGHS's threads); before that, on Linux with one thread, they are forked."""
    code = (
        "from optimizer import Scenario, plan\n"
        "from optimizer.batch.plans import _start_method\n"
        "from optimizer.cli.mips_ia import main\n"
        "print(_start_method())\n"
        "plan(Scenario(2024), solver='highs')\n"
        "print(_start_method())\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )

    expected = ["fork", "spawn"] if sys.platform == "linux" else ["spawn", "spawn"]
    assert expected == done.stdout.split()
