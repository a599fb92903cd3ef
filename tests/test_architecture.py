"""The import graph runs one way, from the command line down to the core (see
docs/architecture.md); lazy imports and type-only imports count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "repro_hooks"
# Top to bottom: a module may import from its own layer or one below it.
LAYERS = (
    ("repro_hooks.__main__",),
    ("repro_hooks.cli",),
    ("repro_hooks.commands",),
    ("repro_hooks.registry",),
    ("repro_hooks.hooks",),
    ("repro_hooks.output",),
    ("repro_hooks.engine",),
    ("repro_hooks.sources",),
    ("repro_hooks.core",),
    ("repro_hooks",),  # the package itself: its version
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return index
    raise AssertionError(f"{module} is in no layer")


def hook_package(module: str) -> str | None:
    parts = module.split(".")
    return ".".join(parts[:3]) if parts[:2] == ["repro_hooks", "hooks"] and len(parts) > 2 else None


def imports(path: Path) -> set[str]:
    """Every repro_hooks module ``path`` imports, anywhere in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {name for name in found if name in modules}


GRAPH = {module_name(path): imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_down_the_layers(module: str) -> None:
    upward = sorted(target for target in GRAPH[module] if layer(target) < layer(module))
    assert not upward, f"{module} imports from a layer above it: {upward}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if hook_package(m)))
def test_hooks_never_import_each_other(module: str) -> None:
    own = hook_package(module)
    others = sorted(t for t in GRAPH[module] if hook_package(t) not in (None, own))
    assert not others, f"{module} imports another hook: {others}"


def test_no_import_cycles() -> None:
    """No module reaches itself through imports (a package and its own ``__init__``
    excepted: importing ``pkg.mod`` runs ``pkg`` first by design)."""

    def edges(module: str) -> set[str]:
        return {t for t in GRAPH[module] if not module.startswith(t + ".")}

    for start in GRAPH:
        seen: set[str] = set()
        stack = list(edges(start))
        while stack:
            current = stack.pop()
            assert current != start, f"{start} imports itself through {sorted(seen)}"
            if current not in seen:
                seen.add(current)
                stack.extend(edges(current))
