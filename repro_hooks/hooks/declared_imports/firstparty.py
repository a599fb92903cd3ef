"""First-party modules: the project's own code, which needs no declaration.

A module is first-party when a module or package of that name sits at the project
root, in its ``src/`` folder, or in the folder of the importing file or any folder
between it and the root (helpers next to a notebook, or reached by ``sys.path``
tricks such as ``sys.path.append("..")``); or when it is the project's own distribution
(``[project] name``).
"""

from __future__ import annotations

import os
import re
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


def _project_name(root: Path) -> frozenset[str]:
    """The import name of the project's own distribution (``[project] name`` in its
    pyproject.toml): ``pip install -e .`` makes it importable wherever its code lives."""
    from repro_hooks.core.toml import TomlError, parse_toml

    try:
        project = parse_toml((root / "pyproject.toml").read_text(encoding="utf-8")).get("project")
    except (OSError, UnicodeDecodeError, TomlError):
        return frozenset()
    name = project.get("name") if isinstance(project, dict) else None
    if not isinstance(name, str):
        return frozenset()
    return frozenset({re.sub(r"[-_.]+", "_", name).lower()})


def _holds_python(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:  # closed even when any() stops early
            return any(entry.name.endswith((".py", ".so", ".pyd")) for entry in entries)
    except OSError:
        return False


def first_party(
    root: Path, file: Path, extra: frozenset[str], paths: tuple[str, ...] = ()
) -> frozenset[str]:
    """First-party top-level names for ``file`` in the project at ``root``; ``paths``
    are folders the project installs (``-e ./lib``) or the file puts on ``sys.path``
    (relative to the file's folder)."""
    names = extra | _around(root, os.path.dirname(file))
    for path in paths:  # a script may run from the root, a notebook from its folder
        names |= _installed(Path(os.path.dirname(file)) / path) | _installed(root / path)
    return names


@cache
def _installed(folder: Path) -> frozenset[str]:
    """What a folder on ``sys.path``, or a local project installed from it, provides."""
    return modules_in(folder) | modules_in(folder / "src") | _project_name(folder)


@cache
def _around(root: Path, given: str) -> frozenset[str]:
    """The names importable from ``root``, ``root/src`` and the folders from ``given``
    (as the file's path gave it) up to ``root``."""
    names = set(modules_in(root) | modules_in(root / "src")) | _project_name(root)
    folder = Path(given).resolve()
    top = root.resolve()
    while folder != top and top in folder.parents:
        names |= modules_in(folder)
        folder = folder.parent
    return frozenset(names)
