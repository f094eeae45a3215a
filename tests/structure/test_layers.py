"""Imports go downwards only: corpus ← ingest ← graph, search ← liantu (settings, assembly)
← webapp ← liantu.cli. Read from the source with `ast`, so an import inside a function counts too."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("corpus", "ingest", "graph", "search", "liantu", "webapp")


def layer(module: str) -> int:
    """The layer a dotted module name sits in; higher layers may import lower ones only."""
    top = module.split(".")[0]
    if module == "liantu.cli" or module.startswith("liantu.cli.") or module == "liantu.__main__":
        return 5
    return {"corpus": 0, "ingest": 1, "graph": 2, "search": 2, "liantu": 3, "webapp": 4}[top]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] in PACKAGES]


def source_files() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_the_packages_are_found():
    names = {module_name(p) for p in source_files()}
    assert {"ingest.pipeline", "graph.store", "liantu.services", "liantu.cli.root", "webapp.app"} <= names


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_downwards(path):
    here = module_name(path)
    upward = [f"{path.relative_to(ROOT)}:{line} imports {name}"
              for line, name in imported(ast.parse(path.read_text(encoding="utf-8")))
              if layer(name) > layer(here)
              or (layer(name) == layer(here) == 2 and name.split(".")[0] != here.split(".")[0])]
    assert not upward, "\n".join(upward)


def test_the_layer_rule_catches_an_upward_import(tmp_path):
    tree = ast.parse("def f():\n    from webapp.app import create_app\n")
    assert [(2, "webapp.app")] == imported(tree)
    assert layer("webapp.app") > layer("graph.chains")
