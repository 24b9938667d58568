"""The project keeps its promises to newcomers: the README's two commands, CI
running the README's test command, and a package top that says what it offers."""

from __future__ import annotations

import re

import optimizer
from conftest import ROOT


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
