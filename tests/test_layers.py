"""The package's plan holds: layers as folders, each importing only the ones before it, and no import circle.

Every `import` counts, the ones inside functions too (they load later, but they are still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "handshake_plugin"

LAYERS = ["core", "render", "pipeline", "files", "engine", "cli"]
"""Lowest first: a module may import its own layer and the ones before it."""

FORBIDDEN = {
    "core": {"mkdocs", "properdocs", "material", "jinja2", "markdown", "nh3", "markupsafe"},
    "render": {"mkdocs", "properdocs", "material"},
    "pipeline": {"mkdocs", "properdocs", "material"},
    "files": {"properdocs", "material"},
}
"""Outside libraries a layer may not use: the core serves any engine, and only the adapters know MkDocs."""


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    return module.split(".")[0]


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The package's modules and the outside top-level packages `path` imports."""
    module = _module(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    inside: set[str] = set()
    outside: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("handshake_plugin."):
                    inside.add(alias.name.removeprefix("handshake_plugin."))
                else:
                    outside.add(alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and node.module.startswith("handshake_plugin"):
                target = node.module.removeprefix("handshake_plugin").lstrip(".")
            else:
                outside.add((node.module or "").split(".")[0])
                continue
            for alias in node.names:  # `from . import atomic` imports a module
                candidate = f"{target}.{alias.name}" if target else alias.name
                inside.add(candidate if (PACKAGE / (candidate.replace(".", "/") + ".py")).exists() else target)
    return {m for m in inside if m}, outside


def _graph() -> dict[str, set[str]]:
    return {_module(p): _imports(p)[0] for p in PACKAGE.rglob("*.py")}


def test_the_tree_shows_the_layers() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert top | folders == set(LAYERS)
    for layer in LAYERS:
        path = PACKAGE / layer / "__init__.py" if layer in folders else PACKAGE / f"{layer}.py"
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and "may import" in doc.lower(), f"{path.name} of {layer} must say what the layer may import"


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = []
    for module, targets in _graph().items():
        for target in targets:
            if module and LAYERS.index(_layer(target)) > LAYERS.index(_layer(module)):
                upward.append(f"{module} -> {target}")
    assert not upward


def test_the_core_and_the_renderers_need_no_engine() -> None:
    found = []
    for path in PACKAGE.rglob("*.py"):
        module = _module(path)
        if not module:
            continue
        used = _imports(path)[1] & FORBIDDEN.get(_layer(module), set())
        found += [f"{module} imports {name}" for name in sorted(used)]
    assert not found


def test_there_is_no_import_circle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    for start in graph:  # iterative depth-first search: grey nodes on the stack close a circle
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop()
            if nxt not in graph:
                nxt = nxt.rsplit(".", 1)[0] if nxt.rsplit(".", 1)[0] in graph else nxt
            if state.get(nxt) == 1:
                circles.append(path[path.index(nxt):] + [nxt])
            elif not state.get(nxt) and nxt in graph:
                state[nxt] = 1
                stack.append((nxt, sorted(graph[nxt])))
                path.append(nxt)
    assert not circles
