"""The package's layers (docs/layout.md): no module imports a layer above its own, no circle, no long file.

Imports inside functions and under ``TYPE_CHECKING`` count: they tie modules together as much
as the ones at the top of a file do.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "pytest_autoglm_compat"
NAME = "pytest_autoglm_compat"
MAX_LINES = 600

#: bottom to top; a module may import its own layer and those before it
LAYERS = ("model", "facts", "checks", "knowledge", "engine", "render", "tools", "plugin|cli")
#: the package's own thin files: __init__ imports nothing of ours, __main__ runs the CLI
TOP_LEVEL = {NAME: -1, f"{NAME}.__main__": len(LAYERS)}


def layer_of(module: str) -> int:
    if module in TOP_LEVEL:
        return TOP_LEVEL[module]
    first = module.split(".")[1]
    for rank, names in enumerate(LAYERS):
        if first in names.split("|"):
            return rank
    raise AssertionError(f"{module} belongs to no layer of {LAYERS}: put it in one (docs/layout.md)")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, module: str, known: set[str]) -> set[str]:
    """Every module of ours that ``path`` imports, anywhere in the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, *([base] if base else [])])
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    # a package's __init__ runs before any of its modules: a parent is not an edge of its child
    return {module: {other for other in imports_of(path, module, known) if not module.startswith(other + ".")}
            for module, path in found.items()}


def test_every_module_sits_in_a_layer() -> None:
    for module in modules():
        layer_of(module)


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = []
    for module, imported in graph().items():
        for other in sorted(imported):
            if other == NAME and module != NAME:
                continue  # the package's __init__ (its version) is readable from anywhere
            if layer_of(other) > layer_of(module):
                upward.append(f"{module} ({LAYERS[layer_of(module)]}) imports {other} "
                              f"({LAYERS[layer_of(other)]})")
    assert upward == []


def test_the_front_doors_do_not_import_each_other() -> None:
    def door(module: str) -> str:
        return ([*module.split("."), ""])[1]

    crossed = [f"{m} imports {o}" for m, imported in graph().items() for o in imported
               if {door(m), door(o)} == {"plugin", "cli"}]
    assert crossed == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for node in sorted(edges):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return out


def test_no_import_circle() -> None:
    assert cycles(graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_source_file_is_over_600_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} has {lines} lines: it holds two ideas, split it"


def test_the_engine_below_the_plugin_does_not_import_pytest() -> None:
    importers = []
    for module, path in modules().items():
        if layer_of(module) >= LAYERS.index("plugin|cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(n == "pytest" or n.startswith(("pytest.", "_pytest")) for n in names):
                importers.append(module)
    assert importers == []


def test_the_value_objects_import_nothing_of_ours_above_them() -> None:
    for module, imported in graph().items():
        if layer_of(module) == 0:
            assert {o for o in imported if o != NAME and layer_of(o) != 0} == set(), module
