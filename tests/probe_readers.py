"""Probe every file reader of the command line with malformed inputs, and count the
outcomes: clean refusals (exit 2, one line), tracebacks, silent wrong results, hangs.

    python tests/probe_readers.py                 # the code of this checkout
    git archive main | tar -x -C /tmp/main-copy   # another version, to compare
    python tests/probe_readers.py --code /tmp/main-copy

The command line is imported once; each input runs in a forked child with a 60 s
alarm (a hang) and a 3 GB address-space cap; the peak memory (ru_maxrss, from
os.wait4) of the worst input is shown.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import malformed_files as bad

AS_OF = "2026-01-15"
TIMEOUT = 60
MEMORY_CAP = 3 * 1024**3
MAIN: Callable[[list[str]], int]
"""The command line of the checkout probed (imported once; each input runs in a fork)."""


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
             _csv("activity_id,title,weight\n"
                  + "".join(f"IA_EPA_{i},t,Medium\n" for i in range(200_000)))),
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
    table = "Practice,Year,Clinicians\nGood,2026,3\nBad,²⁰²⁴,3\nAlso good,2026,2\n"
    return [Case("batch: one bad cell among good rows", "batch", "practices.csv", _csv(table))]


def run(case: Case, tmp: Path) -> tuple[str, int, str]:
    """Run one input in a forked child (the command line already imported) and judge it."""
    made = case.make(tmp)
    if isinstance(made, Path):
        path = made
    else:
        path = tmp / case.file_name
        path.write_bytes(made)
    if case.option == "batch":
        argv = ["batch", str(path), "--as-of", AS_OF, "--format", "json", "--out", str(tmp / "o")]
    elif case.option == "--from-workbook":
        argv = ["plan", "--as-of", AS_OF, case.option, str(path)]
    else:
        argv = ["plan", "--as-of", AS_OF, "--year", "2026", case.option, str(path)]
        if case.option == "--roster":
            argv += ["--reporting", "group"]
    out_path, err_path = tmp / "stdout", tmp / "stderr"
    pid = os.fork()
    if pid == 0:  # the child: run the command line, its output to files
        code = 4
        try:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
            signal.alarm(TIMEOUT)
            with open(out_path, "wb") as out, open(err_path, "wb") as err:
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            try:
                code = MAIN(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 4
            except BaseException:
                traceback.print_exc()
                code = 5
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    _, status, usage = os.wait4(pid, 0)
    peak = usage.ru_maxrss
    err = err_path.read_text(errors="replace")
    out = out_path.read_text(errors="replace")
    if os.WIFSIGNALED(status):
        signal_number = os.WTERMSIG(status)
        return ("hang" if signal_number == signal.SIGALRM else "killed"), peak, ""
    code = os.WEXITSTATUS(status)
    first = err.strip().splitlines()[-1] if err.strip() else ""
    if code == 5 or "Traceback" in err:
        return "traceback", peak, first
    if code == 3:
        return "crash logged (exit 3)", peak, err.strip().splitlines()[0]
    if code == 2:
        if case.option == "batch" and "2 of 3 practices planned" not in out + err:
            return "silent wrong", peak, first
        lines = [line for line in err.splitlines() if line.startswith("mips-ia: error")]
        verdict = "refused" if case.expect == "refuse" else "silent wrong"
        return verdict, peak, lines[0] if lines else first
    verdict = "read" if case.expect == "read" else "silent wrong"
    return verdict, peak, f"exit {code}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to probe")
    parser.add_argument("--verbose", action="store_true", help="one line per input")
    args = parser.parse_args()
    code = args.code.resolve()
    sys.path.insert(0, str(code))
    os.environ["IA_PLANNER_LOG_DIR"] = tempfile.mkdtemp(prefix="probe-logs-")
    global MAIN
    from optimizer.cli.mips_ia import main as cli_main

    MAIN = cli_main
    print(f"probing {sys.modules['optimizer'].__file__}")
    counts: Counter[str] = Counter()
    worst = (0, "")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for case in cases() + workbook_cases(code) + batch_case(tmp):
            verdict, peak, detail = run(case, tmp)
            counts[verdict] += 1
            if peak > worst[0]:
                worst = (peak, case.name)
            if args.verbose:
                print(f"{verdict:22} {peak / 1024:6.0f} MB  {case.name:45} {detail[:150]}")
    total = sum(counts.values())
    print(f"{total} inputs: " + ", ".join(f"{n} {v}" for v, n in counts.most_common()))
    print(f"worst memory peak: {worst[0] / 1024:.0f} MB ({worst[1]})")


if __name__ == "__main__":
    main()
