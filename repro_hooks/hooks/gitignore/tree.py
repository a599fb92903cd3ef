"""One walk of the work tree: the virtualenvs in it and the env files lying around.

A virtualenv is any folder holding ``pyvenv.cfg`` (``python -m venv``, virtualenv, uv,
tox and nox all write one), whatever its name. The walk uses ``os.scandir``, never
follows symlinks, and does not enter ``.git``, nested repositories, ``node_modules`` or a
virtualenv once found, so it stays cheap on large trees.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from repro_hooks.engine.files import VENV_MARKER

_NOT_ENTERED = frozenset({".git", "node_modules"})
# Files meant to be committed as documentation of the variables a project needs.
_TEMPLATE_WORDS = frozenset({"example", "template", "sample"})


def is_env_file_name(name: str) -> bool:
    """``.env``, ``.env.local``, ``secrets.env``; not ``.env.example`` and its kin."""
    lowered = name.lower()
    if not (lowered.startswith(".env.") or lowered.endswith(".env")):
        return False
    return _TEMPLATE_WORDS.isdisjoint(lowered.split("."))


@dataclass(frozen=True)
class WorkTree:
    """What the walk found, as root-relative POSIX paths; folders end with ``/``."""

    virtualenvs: tuple[str, ...]
    env_files: tuple[str, ...]


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """A folder's entries, or none if it cannot be listed (permissions, a race)."""
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:
        return []


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def scan_work_tree(root: Path) -> WorkTree:
    """Walk the work tree below ``root`` for virtualenvs and env files."""
    virtualenvs: list[str] = []
    env_files: list[str] = []
    pending: list[tuple[Path, str]] = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        entries = _entries(folder)
        names = {entry.name for entry in entries}
        if prefix and VENV_MARKER in names:
            virtualenvs.append(prefix)
            continue
        if prefix and ".git" in names:  # a submodule or nested repository: not ours
            continue
        for entry in entries:
            if _is_dir(entry):
                if entry.name not in _NOT_ENTERED:
                    pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
            elif is_env_file_name(entry.name):
                env_files.append(prefix + entry.name)
    return WorkTree(tuple(sorted(virtualenvs)), tuple(sorted(env_files)))
