"""The package map in ARCHITECTURE.md holds: no import cycles, small modules, typed code.

The import graph is built from the source (``ast``), so it sees function-level
imports too: a cycle dodged by importing inside a function is still a cycle.
Imports under ``if TYPE_CHECKING:`` are not run and do not count, and neither do
the lazy re-exports of a package's module-level ``__getattr__`` (kept for old names).
A package that re-exports its modules' names lazily (``__getattr__`` plus the same
names under ``if TYPE_CHECKING:``, as ``workflow.catalogs`` does) is seen through:
``from workflow.catalogs import load_catalog`` depends on the module that defines it.
"""
from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "workflow"
PACKAGES = ("core", "sources", "catalogs", "translation", "review", "publish", "webapp")
MAX_LINES = 600
# Thin modules at the old flat paths, kept one release for scripts that import them.
COMPAT = {"catalog", "extract", "releases", "importer", "segment", "translate", "masking", "memory", "tmx",
          "checks", "glossary", "status", "build", "render", "engines"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@functools.cache
def _modules() -> dict[str, Path]:
    found = {_module_name(p): p for p in ROOT.rglob("*.py")}
    return {name: path for name, path in found.items()
            if not (name.count(".") >= 1 and name.split(".")[1] in COMPAT)}


def _package_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (ROOT / parts[1]).is_dir()):
        return parts[1]
    return "core"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _lazy_exports(tree: ast.Module) -> dict[str, str]:
    """Name -> defining module of what a package ``__init__`` re-exports lazily: the names its
    ``if TYPE_CHECKING:`` block imports, when it has a module ``__getattr__`` that resolves them."""
    if not any(isinstance(node, ast.FunctionDef) and node.name == "__getattr__" for node in tree.body):
        return {}
    return {alias.asname or alias.name: child.module
            for node in tree.body if isinstance(node, ast.If) and _is_type_checking(node.test)
            for child in node.body if isinstance(child, ast.ImportFrom) and child.module and not child.level
            for alias in child.names}


class _Imports(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool) -> None:
        self.module, self.is_package, self.found = module, is_package, set()

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name != "__getattr__":
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.module.split(".")
            if not self.is_package:
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        for alias in node.names:
            self.found.add(f"{target}.{alias.name}")
        self.found.add(target)


@functools.cache
def _graph() -> dict[str, set[str]]:
    modules = _modules()
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in modules.items()}
    lazy = {name: _lazy_exports(tree) for name, tree in trees.items() if modules[name].name == "__init__.py"}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        visitor = _Imports(name, path.name == "__init__.py")
        visitor.visit(trees[name])
        edges = set()
        for target in visitor.found:
            if not target.startswith("workflow."):
                continue
            package, _, attribute = target.rpartition(".")
            if target not in modules and attribute in lazy.get(package, {}):
                target = lazy[package][attribute]  # a lazy re-export: the module that defines it
            # ``from pkg import sub`` names a module when sub is one; else the package itself.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            parts = target.split(".")
            # importing a.b.c runs the __init__ of a.b too, unless a.b is an ancestor of the
            # importing module: an ancestor package is always initialised (or initialising) first
            ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
            edges.update(pkg for i in range(2, len(parts)) if (pkg := ".".join(parts[:i])) not in ancestors)
            edges.add(target)
        edges.discard(name)
        graph[name] = {e for e in edges if e in modules and e != "workflow"}
    return graph


@functools.cache
def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph, index, low, stack, on_stack, out = _graph(), {}, {}, [], set(), []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_graph_sees_the_packages() -> None:
    graph = _graph()
    assert {_package_of(m) for m in graph} >= set(PACKAGES)
    assert "workflow.catalogs" in {e for edges in graph.values() for e in edges}
    # ``from workflow.catalogs import load_catalog`` (a lazy re-export) depends on the parser's module
    assert {"workflow.catalogs", "workflow.catalogs.parse"} <= graph["workflow.review.summary"]


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle(package: str) -> None:
    mine = [c for c in _cycles() if any(_package_of(m) == package for m in c)]
    assert not mine, f"import cycles through {package}: {mine}"


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_are_small(package: str) -> None:
    big = {name: n for name, path in _modules().items()
           if _package_of(name) == package and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


@functools.cache
def _mypy_errors() -> list[str]:
    api = pytest.importorskip("mypy.api")
    stdout, _stderr, _status = api.run(["--config-file", str(ROOT.parent / "pyproject.toml"), str(ROOT)])
    return [line for line in stdout.splitlines() if ": error:" in line]


@pytest.mark.parametrize("package", PACKAGES)
def test_type_check_is_clean(package: str) -> None:
    def package_of_line(line: str) -> str:
        return _package_of(_module_name((ROOT.parent / line.split(":", 1)[0]).resolve()))
    errors = [line for line in _mypy_errors() if package_of_line(line) == package]
    assert not errors, "\n".join(errors)


def test_po_entries_are_typed_not_any(tmp_path: Path) -> None:
    """``stubs/polib.pyi`` gives polib's entries real types: a wrong use of an attribute is a mypy error."""
    api = pytest.importorskip("mypy.api")
    probe = tmp_path / "probe.py"
    probe.write_text("from workflow.catalogs import Entry\n\n\ndef first_flag(entry: Entry) -> int:\n"
                     "    return entry.flags[0]\n", encoding="utf-8")
    stdout, _stderr, _status = api.run(["--config-file", str(ROOT.parent / "pyproject.toml"), str(probe)])
    assert 'Incompatible return value type (got "str", expected "int")' in stdout, stdout
