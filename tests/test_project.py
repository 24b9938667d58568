"""The project keeps its promises to newcomers: the README's two commands, CI
running the README's test command, and a package top that says what it offers."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import optimizer
from conftest import ROOT
from optimizer.data_files import DATA_DIR


def setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", section)


def test_readme_gives_exactly_two_setup_commands():
    """One command runs the app on the bundled data, one runs the tests."""
    commands = setup_commands()

    assert 2 == len(commands)
    assert "streamlit run app.py" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    """.ci/run calls the test command the README gives."""
    test_command = setup_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text()

    assert test_command.replace("pip install -e", "pip install -q -e") in ci


def test_public_names_are_exported_and_sorted():
    """Everything in optimizer.__all__ exists, and the list is sorted."""
    assert sorted(optimizer.__all__) == optimizer.__all__
    assert all(hasattr(optimizer, name) for name in optimizer.__all__)


PACKAGE = ROOT / "optimizer"
LAYERS = (
    ("errors", "clock", "data_files", "wording", "model"),
    ("rules",),
    ("sources",),
    ("planning",),
    ("exports",),
    ("batch",),
    ("workspace",),
    ("cli", "ui", "api", "__main__"),
)
"""The package's layers, lowest first: a module imports only from its own layer or
lower ones. The rules (the year rules table, checks, eligibility) need nothing but
the model; sources need the rules to check a year's data as they read it."""


def _module(path: Path) -> str:
    """'optimizer/rules/checks.py' -> 'rules.checks'; a package's __init__ is the package."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    matches = [
        (len(prefix), index)
        for index, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    assert matches, f"{module} is on no layer"
    return max(matches)[1]


def _product_files() -> list[Path]:
    return [*PACKAGE.rglob("*.py"), ROOT / "app.py"]


def test_each_layer_imports_only_the_layers_below_it():
    """sources never import planning, planning never imports exports, and so on."""
    upward = []
    for path in PACKAGE.rglob("*.py"):
        module = _module(path)
        if module == "":
            continue  # the package's top re-exports every layer
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("optimizer."):
                target = node.module.removeprefix("optimizer.")
                if _layer(target) > _layer(module):
                    upward.append(f"{module} -> {target}")

    assert [] == upward


def test_no_module_passes_400_lines_and_the_app_entry_is_short():
    """Modules stay small enough to hold in one's head; app.py only launches the app."""
    long = [
        f"{p.relative_to(ROOT)} ({n})"
        for p in _product_files()
        if (n := len(p.read_text().splitlines())) > 400
    ]

    assert [] == long
    assert len((ROOT / "app.py").read_text().splitlines()) <= 150


def test_no_cms_number_is_written_in_the_code():
    """40 points and 15% live in the rules table, found by name; none is a literal."""
    found = [
        f"{p.relative_to(ROOT)}:{node.lineno}"
        for p in _product_files()
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.Constant)
        and type(node.value) in (int, float)
        and node.value in (40, 15)
    ]

    assert [] == found


def test_the_wheel_ships_the_bundled_tables(tmp_path):
    """`pip install .` (not editable) finds the rules and every bundled inventory."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("ia_planner-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {
        f"optimizer/data/{p.relative_to(DATA_DIR).as_posix()}" for p in DATA_DIR.rglob("*.csv")
    }

    assert "optimizer/data/rules.csv" in names
    assert set() == bundled - names
