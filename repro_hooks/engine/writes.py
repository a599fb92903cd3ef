"""The one way ``--fix`` writes a file: inside the work tree, never through a link, whole.

A file a fix rewrites may be a symbolic link (to a shared file elsewhere, or to nothing),
or sit below a linked folder; writing through it would change a file outside the
repository. So a write is refused unless the file and every folder between it and the
work tree's top are real, and it goes to a temporary file beside the target that is
renamed over it: a reader sees the old bytes or the new ones, never half a file, and an
interrupted fix leaves the old file as it was. The file keeps its permissions.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class WriteRefused(Exception):
    """Why a file was not written (a message for the user)."""


def write_in_work_tree(root: Path, relative: str, data: bytes) -> None:
    """Replace ``root/relative`` with ``data`` atomically; raises :class:`WriteRefused`
    for a link, a file outside ``root``, or a write that failed."""
    target = root / relative
    if os.path.islink(target):
        raise WriteRefused("it is a symbolic link")
    folder = target.parent
    below = folder.relative_to(root)
    for parent in [below, *below.parents]:
        if parent != Path(".") and os.path.islink(root / parent):
            raise WriteRefused(f"its folder {parent} is a symbolic link")
    if not folder.resolve().is_relative_to(root.resolve()):
        raise WriteRefused("it is outside the work tree")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode) if target.exists() else None
        if target.exists() and not target.is_file():
            raise WriteRefused("it is not a regular file")
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteRefused(error.strerror or str(error)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise WriteRefused(error.strerror or str(error)) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
