"""Probe every file reader of the command line with malformed inputs, and count the
outcomes: clean refusals (exit 2, one line), tracebacks, silent wrong results, hangs.

    python tests/probe_readers.py                 # the code of this checkout
    git archive main | tar -x -C /tmp/main-copy   # another version, to compare
    python tests/probe_readers.py --code /tmp/main-copy

Each input runs ``python -m optimizer`` in its own process, with a 20 s timeout and
a 3 GB address-space cap; the peak memory (ru_maxrss) of the worst input is shown.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import malformed_files as bad

AS_OF = "2026-01-15"
TIMEOUT = 20
MEMORY_CAP = 3 * 1024**3
MARK = "@@peak-kb "
WRAPPER = f"""
import resource, runpy, sys
sys.argv = ["mips-ia", *sys.argv[1:]]
try:
    runpy.run_module("optimizer", run_name="__main__")
finally:
    sys.stderr.flush()
    print("{MARK}" + str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss), file=sys.stderr)
"""
"""Runs the command line and, last on stderr, its own peak memory in KB."""


@dataclass(frozen=True)
class Case:
    name: str
    option: str
    file_name: str
    make: Callable[[Path], bytes | Path]
    expect: str = "refuse"
    """'refuse': only exit 2 is right; 'read': exit 0 or 1 is right."""
    check: str = ""
    """Text that must be in stdout for a read to be right (else it is silent wrong)."""


def _csv(text: str) -> Callable[[Path], bytes]:
    return lambda _: text.encode()


EFFORTS = "Activity ID,Effort\nIA_EPA_1,{}\n"
HISTORY = "Activity ID,Performance year\n{},{}\n"
PAIRS = "Activity ID,Quality measure ID\n{},001\n"
ROSTER = "NPI,Name,Role\n,Ann Lee,{}\n"


def _inventory_with(column: str, value: str) -> Callable[[Path], bytes]:
    def make(_: Path) -> bytes:
        lines = (ROOT / "optimizer/data/inventories/2026.csv").read_text().splitlines()
        header = lines[0].split(",")
        index = header.index(column)
        out = [lines[0]]
        for line in lines[1:]:
            cells = line.split(",")
            if len(cells) == len(header):
                cells[index] = value
            out.append(",".join(cells))
        return ("\n".join(out) + "\n").encode()

    return make


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe.csv"
    if not path.exists():
        os.mkfifo(path)
    return path


def _workbook(tmp: Path, code: Path, edit: Callable[[bytes], bytes]) -> bytes:
    out = tmp / "made.xlsx"
    if not out.exists():
        subprocess.run(
            [sys.executable, "-m", "optimizer", "plan", "--as-of", AS_OF, "--excel", str(out)],
            cwd=code,
            capture_output=True,
            check=False,
        )
    return edit(out.read_bytes())


def _data_value(data: bytes, key: str, value: str) -> bytes:
    """The workbook with the data sheet's ``key`` row holding ``value``."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Data"] if "Data" in book.sheetnames else book[book.sheetnames[-1]]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == key:
            row[2].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROOT = Path(__file__).resolve().parents[1]
XLSX_KINDS = [("--inventory", "inventory.xlsx"), ("--efforts", "efforts.xlsx")]


def cases() -> list[Case]:
    found = [
        Case(f"{label} ({option})", option, name, lambda _, m=maker: m())
        for label, maker in bad.xlsx_corpus().items()
        for option, name in XLSX_KINDS
    ]
    for option in ("--inventory", "--efforts", "--history", "--pairings", "--roster"):
        found += [
            Case(f"deep JSON ({option})", option, "f.json", lambda _: bad.deep_json()),
            Case(f"FIFO ({option})", option, "pipe.csv", _fifo),
            Case(f"/dev/zero ({option})", option, "zero", lambda _: Path("/dev/zero")),
        ]
    found += [
        Case("zip bomb 150 MB (--inventory)", "--inventory", "b.xlsx", lambda _: bad.zip_bomb(150)),
        Case("effort ²⁰²⁴", "--efforts", "e.csv", _csv(EFFORTS.format("²⁰²⁴"))),
        Case("effort 1_0", "--efforts", "e.csv", _csv(EFFORTS.format("1_0"))),
        Case("effort 1e308", "--efforts", "e.csv", _csv(EFFORTS.format("1e308"))),
        Case("effort ١٢ (Arabic digits)", "--efforts", "e.csv", _csv(EFFORTS.format("١٢"))),
        Case("effort JSON NaN", "--efforts", "e.json",
             _csv('[{"Activity ID": "IA_EPA_1", "Effort": NaN}]')),
        Case("effort 2.5 (fine)", "--efforts", "e.csv", _csv(EFFORTS.format("2.5")), "read"),
        Case("efforts UTF-8 BOM (fine)", "--efforts", "e.csv",
             lambda _: b"\xef\xbb\xbf" + EFFORTS.format("2").encode(), "read"),
        Case("efforts UTF-16", "--efforts", "e.csv",
             lambda _: EFFORTS.format("2").encode("utf-16")),
        Case("efforts duplicate header", "--efforts", "e.csv",
             _csv("Activity ID,Effort,Effort\nIA_EPA_1,2,30\n")),
        Case("history year ²⁰²⁴", "--history", "h.csv", _csv(HISTORY.format("IA_EPA_1", "²⁰²⁴"))),
        Case("history unknown ID", "--history", "h.csv", _csv(HISTORY.format("IA_ZZZ_99", "2024"))),
        Case("pairings unknown ID", "--pairings", "p.csv", _csv(PAIRS.format("IA_ZZZ_99"))),
        Case("roster cp1252 name", "--roster", "r.csv",
             lambda _: "NPI,Name,Role\n,Jos\u00e9 Lee,MD\n".encode("cp1252")),
        Case("roster long cell", "--roster", "r.csv", _csv(ROSTER.format("x" * 40_000))),
        Case("inventory Suspended on 'no'", "--inventory", "i.csv",
             _inventory_with("suspended_on", "no")),
        Case("inventory Suspended on 'N/A'", "--inventory", "i.csv",
             _inventory_with("suspended_on", "N/A")),
        Case("inventory 200,000 rows", "--inventory", "i.csv",
             _csv("activity_id,title,weight\n" + "IA_EPA_1,t,Medium\n" * 200_000)),
    ]  # fmt: skip
    return found


def workbook_cases(code: Path) -> list[Case]:
    def edit(key: str, value: str) -> Callable[[Path], bytes]:
        return lambda tmp: _workbook(tmp, code, lambda d: _data_value(d, key, value))

    return [
        Case("workbook year as a list", "--from-workbook", "w.xlsx", edit("year", "[2026]")),
        Case("workbook deep JSON value", "--from-workbook", "w.xlsx",
             edit("year", "[" * 5000 + "]" * 5000)),
        Case("workbook clinicians 1e308", "--from-workbook", "w.xlsx",
             edit("clinicians", "1e308")),
        Case("workbook as written (fine)", "--from-workbook", "w.xlsx",
             lambda tmp: _workbook(tmp, code, lambda d: d), "read"),
    ]  # fmt: skip


def batch_case(tmp: Path) -> list[Case]:
    table = "Practice,Year,Clinicians\nGood,2026,3\nBad,²⁰²⁴,3\nAlso good,2026,²\n"
    return [Case("batch: one bad cell among good rows", "batch", "practices.csv", _csv(table))]


def run(case: Case, tmp: Path, code: Path) -> tuple[str, int, str]:
    made = case.make(tmp)
    if isinstance(made, Path):
        path = made
    else:
        path = tmp / case.file_name
        path.write_bytes(made)
    if case.option == "batch":
        argv = ["batch", str(path), "--as-of", AS_OF, "--format", "json", "--out", str(tmp / "o")]
    else:
        argv = ["plan", "--as-of", AS_OF, case.option, str(path)]

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *argv],
        cwd=code,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=cap,
        env=os.environ | {"IA_PLANNER_LOG_DIR": str(tmp / "logs"), "PYTHONPATH": str(code)},
    )
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return "hang", 0, ""
    text = err.decode(errors="replace")
    peak = 0
    if MARK in text:
        text, _, tail = text.partition(MARK)
        peak = int(tail.split()[0])
    if "Traceback" in text or "MemoryError" in text or process.returncode < 0:
        return "traceback", peak, text.strip().splitlines()[-1] if text.strip() else "killed"
    if process.returncode == 3:
        return "crash logged (exit 3)", peak, text.strip().splitlines()[0]
    if process.returncode == 2:
        if case.option == "batch" and b"Good" not in out + err:
            return "silent wrong", peak, text.strip().splitlines()[0]
        lines = [line for line in text.splitlines() if line.startswith("mips-ia: error")]
        return (
            ("refused" if case.expect == "refuse" else "silent wrong"),
            peak,
            lines[0] if lines else text[:200],
        )
    verdict = "read" if case.expect == "read" else "silent wrong"
    return verdict, peak, f"exit {process.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to probe")
    parser.add_argument("--verbose", action="store_true", help="one line per input")
    args = parser.parse_args()
    code = args.code.resolve()
    counts: Counter[str] = Counter()
    worst = (0, "")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for case in cases() + workbook_cases(code) + batch_case(tmp):
            verdict, peak, detail = run(case, tmp, code)
            counts[verdict] += 1
            if peak > worst[0]:
                worst = (peak, case.name)
            if args.verbose:
                print(f"{verdict:22} {case.name:45} {detail[:150]}")
    total = sum(counts.values())
    print(f"{total} inputs: " + ", ".join(f"{n} {v}" for v, n in counts.most_common()))
    print(f"worst memory peak: {worst[0] / 1024:.0f} MB ({worst[1]})")


if __name__ == "__main__":
    main()
