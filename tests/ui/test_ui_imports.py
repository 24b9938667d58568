"""The app's modules import one another in layers: no circle, not even through an
import inside a function (the session's practice, the sidebar and the workspace's
clock once imported each other)."""

from __future__ import annotations

import ast
from pathlib import Path

import optimizer.ui

UI = Path(optimizer.ui.__file__).parent


def _module(path: Path) -> str:
    parts = path.relative_to(UI.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of optimizer.ui -> the modules of optimizer.ui it imports."""
    modules = {_module(p): p for p in UI.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[name] = {m for m in found if m in modules and m != name and m != "optimizer.ui"}
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports, as the modules on it (empty: none)."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done:
            return []
        for nxt in sorted(graph[node]):
            if found := visit(nxt, [*path, node]):
                return found
        done.add(node)
        return []

    for start in sorted(graph):
        if found := visit(start, []):
            return found
    return []


def test_the_app_modules_import_each_other_without_a_circle() -> None:
    """No module of optimizer.ui reaches itself through its imports."""
    assert [] == _circle(_imports())
