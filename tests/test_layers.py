"""The package's architecture, checked: which sub-package may import which, no import cycles, and the
editors' tools (import, proofread) work without loading MkDocs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "macros"

# Sub-package -> the sub-packages it may import (besides itself). `errors` is the base of everything.
ALLOWED = {
    "errors": set(),
    "archive": {"errors"},
    "site": {"errors", "archive"},
    "importer": {"errors", "archive"},
    "proofread": {"errors", "archive"},
    "export": {"errors", "archive", "site"},
    "commands": {"errors", "archive", "site", "importer", "proofread", "export"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every macros.* module this file imports, at any depth of the file (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _module_name(path).split(".")
    package = own if path.name == "__init__.py" else own[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("macros"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names
                             if (PACKAGE.joinpath(*target.split(".")[1:], alias.name + ".py")).exists())
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("macros"))
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def test_every_module_belongs_to_a_sub_package():
    loose = sorted(m for m in MODULES if _layer(m) is None and m != "macros")
    assert loose == [], "modules directly in macros/ besides __init__, __main__ and errors"  # keep the root small
    assert {_layer(m) for m in MODULES if _layer(m)} <= set(ALLOWED) | {"__main__"}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m) in ALLOWED))
def test_imports_go_in_the_allowed_direction(module):
    layer = _layer(module)
    wrong = sorted(t for t in _imports(MODULES[module]) if _layer(t) not in ALLOWED[layer] | {layer, None})
    assert wrong == [], f"{module} ({layer}) may import only {sorted(ALLOWED[layer])}"


def test_no_import_cycles():
    graph = {m: {t for t in _imports(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    seen, on_stack, cycles = set(), [], []

    def visit(node):
        if node in on_stack:
            cycles.append(on_stack[on_stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        on_stack.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        on_stack.pop()

    for module in sorted(graph):
        visit(module)
    # Package __init__ files that only document are not edges; a cycle through a sub-package's own
    # __init__ (importing a submodule's name) would be.
    assert cycles == []


def test_importer_and_proofreader_do_not_load_mkdocs():
    code = ("import sys, macros.importer.command, macros.proofread.check; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
