"""Relative paths that leave the work tree (RH108), and where a relative path starts.

A notebook's relative path resolves against the notebook's own folder (Jupyter starts the
kernel there); a module's against the root of the work tree, where scripts are run from.
``../../data/x.csv`` from a notebook one folder deep resolves next to the clone, not in it.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from dataclasses import dataclass

_RELATIVE_UP = re.compile(r"(?:\./)*\.\.(?:/|$)")


@functools.cache
def work_tree(folder: str) -> str | None:
    """The root of the git work tree holding ``folder``, or ``None`` (none, or no git).
    git is asked once per folder holding a ``.git`` entry, not once per folder."""
    candidate = os.path.abspath(folder)
    while True:
        if os.path.exists(os.path.join(candidate, ".git")):
            return _work_tree_at(candidate)
        parent = os.path.dirname(candidate)
        if parent == candidate:
            return None
        candidate = parent


@functools.cache
def _work_tree_at(folder: str) -> str | None:
    from pathlib import Path

    from repro_hooks.engine.git import GitError, work_tree_root

    try:
        return str(work_tree_root(Path(folder)))
    except GitError:
        return None


@dataclass(frozen=True)
class Base:
    """Where a file's relative paths start, as a path relative to the work tree root
    (``notebooks`` for ``notebooks/eda.ipynb``; ``.`` for a module), and the root."""

    root: str
    folder: str

    def leaves(self, path: str) -> bool:
        """Whether the relative ``path`` resolves outside the work tree."""
        joined = posixpath.normpath(posixpath.join(self.folder, path.replace("\\", "/")))
        return joined == ".." or joined.startswith("../")

    def moved(self, path: str) -> Base:
        """The base after changing into the relative folder ``path``."""
        folder = posixpath.normpath(posixpath.join(self.folder, path.replace("\\", "/")))
        return Base(self.root, folder)


def base_of(path: str, is_notebook: bool) -> Base | None:
    """Where relative paths in the file at ``path`` start; ``None`` outside a work tree."""
    absolute = os.path.abspath(path)
    root = work_tree(os.path.dirname(absolute))
    if root is None:
        return None
    folder = os.path.relpath(os.path.dirname(absolute), root) if is_notebook else "."
    return Base(root, folder.replace(os.sep, "/"))


def goes_up(value: str) -> bool:
    """``../x``, ``./../x``, ``..\\x``: a relative path that starts by going up."""
    return _RELATIVE_UP.match(value.replace("\\", "/")) is not None
