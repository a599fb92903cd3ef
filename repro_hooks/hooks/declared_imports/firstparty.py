"""First-party modules: the project's own code, which needs no declaration.

A module is first-party when a module or package of that name sits at the project
root, in its ``src/`` folder, or in the folder of the importing file or any folder
between it and the root (helpers next to a notebook, or reached by ``sys.path``
tricks such as ``sys.path.append("..")``); or when it is the project's own name.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

# Folders that hold environments or build output, never the project's modules.
_NOT_CODE = frozenset(
    {"venv", "env", "site-packages", "node_modules", "build", "dist", "__pycache__"}
)


@cache
def modules_in(folder: Path) -> frozenset[str]:
    """Names importable from ``folder``: ``x.py`` files and folders holding Python code."""
    names: set[str] = set()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return frozenset()
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name in _NOT_CODE:
            continue
        if entry.is_file() and name.endswith((".py", ".pyi")):
            stem = name.rsplit(".", 1)[0]
            if stem.isidentifier():
                names.add(stem)
        elif entry.is_dir() and name.isidentifier() and _holds_python(Path(entry.path)):
            names.add(name)
    return frozenset(names)


def _holds_python(folder: Path) -> bool:
    try:
        return any(e.name.endswith((".py", ".so", ".pyd")) for e in os.scandir(folder))
    except OSError:
        return False


def first_party(root: Path, file: Path, extra: frozenset[str]) -> frozenset[str]:
    """First-party top-level names for ``file`` in the project at ``root``."""
    return extra | _around(root, os.path.dirname(file))


@cache
def _around(root: Path, given: str) -> frozenset[str]:
    """The names importable from ``root``, ``root/src`` and the folders from ``given``
    (as the file's path gave it) up to ``root``."""
    names = set(modules_in(root) | modules_in(root / "src"))
    folder = Path(given).resolve()
    top = root.resolve()
    while folder != top and top in folder.parents:
        names |= modules_in(folder)
        folder = folder.parent
    return frozenset(names)
