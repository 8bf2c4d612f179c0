"""The import contracts of the layout, checked on the source (also run by `make lint`).

- the core imports nothing outside the core (the package's own ``__version__`` aside) and no Qt;
- the command line and the core's reports never import the Qt front end, except the output
  modules that draw what a command writes (PNG, GIF, PDF) and the window's benchmark;
- the window's features, panels, map, set-up, replay and output modules never import the window
  package, except its controller (the object they are given through the window context);
- no module imports itself back through others (no import cycles), counting imports inside
  functions too (an import moved into a function hides a cycle, it does not break it).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "wargame"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
CLI_MAY_DRAW_WITH = {
    "wargame.ui.output.export",
    "wargame.ui.output.handout",
    "wargame.ui.output.print_map",
    "wargame.ui.window.bench",
}
WINDOW = "wargame.ui.window"
WINDOW_GIVES = {"wargame.ui.window.controller"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(node: ast.AST, package: str) -> Iterator[str]:
    for child in ast.iter_child_nodes(node):
        if _type_checking_only(child):
            continue  # names for the type checker only: never imported when the program runs
        if isinstance(child, ast.Import):
            yield from (alias.name for alias in child.names)
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:  # relative: from the module's own package
                base = ".".join([*package.split(".")[: len(package.split(".")) - child.level + 1], base])
                base = base.rstrip(".")
            yield base
            yield from (f"{base}.{alias.name}" for alias in child.names)
        else:
            yield from _imports(child, package)


def import_graph() -> dict[str, set[str]]:
    """Every wargame module and the wargame modules it imports when it runs."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set(_imports(ast.parse(path.read_text(encoding="utf-8")), package))
        graph[name] = {m for m in found if m in paths and m != name} | {
            m for m in found if not m.startswith("wargame")
        }
    return graph


GRAPH = import_graph()


def offenders(source: str, forbidden: tuple[str, ...], allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    def inside(module: str, prefix: str) -> bool:
        return module == prefix or module.startswith(prefix + ".")

    return sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if inside(module, source)
        for target in targets
        if any(inside(target, f) for f in forbidden) and not any(inside(a, target) for a in allowed)
    )


def test_the_core_imports_nothing_outside_the_core_and_no_qt():
    outside = ("wargame.ui", "wargame.cli", *QT, "PIL")
    assert offenders("wargame.core", outside) == []


def test_the_command_line_draws_only_through_the_output_modules():
    assert offenders("wargame.cli", ("wargame.ui", *QT), CLI_MAY_DRAW_WITH) == []


@pytest.mark.parametrize("part", ["features", "panels", "map", "setup", "replay", "output", "remote"])
def test_no_part_of_the_front_end_imports_the_window(part):
    assert offenders(f"wargame.ui.{part}", (WINDOW,), WINDOW_GIVES) == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles: strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _without_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    # A package's __init__ importing its own modules (re-exports) is not a cycle of the design.
    return {
        m: {t for t in ts if not (m.startswith(t + ".") or t.startswith(m + "."))} for m, ts in graph.items()
    }


def test_no_import_cycles():
    assert cycles(_without_packages(GRAPH)) == []
