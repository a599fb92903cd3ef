"""Writes for ``--fix``: atomic, never through a symbolic link, never outside the work tree.

A fix writes the whole new content to a temporary file beside the target and renames it
over the target, so a reader sees the old file or the new one, never half of one; the
target's permission bits are kept (a new file gets ``mode``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class UnsafeWrite(Exception):
    """The target is a symbolic link, or lies outside the work tree."""


def write_atomically(path: Path, data: bytes, root: Path | None = None, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data``. Refuses a symbolic link at ``path`` and, when
    ``root`` is given, a ``path`` that resolves outside it."""
    if path.is_symlink():
        raise UnsafeWrite(f"{path} is a symbolic link: not writing through it")
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        raise UnsafeWrite(f"{path} is outside the work tree {root}")
    with contextlib.suppress(FileNotFoundError):
        mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
