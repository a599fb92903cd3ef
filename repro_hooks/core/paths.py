"""What makes a path absolute, for every hook: a POSIX root, a Windows drive or a UNC
share; ``file:`` URLs and ``~`` are read as the local paths they name."""

from __future__ import annotations

import re

from repro_hooks.core.lazy import LazyRegex

_ABSOLUTE = LazyRegex(r"/|\\\\|[A-Za-z]:[\\/]")
_DRIVE = LazyRegex(r"[A-Za-z]:")


def is_absolute(path: str) -> bool:
    """``/srv/x``, ``C:\\x``, ``C:/x``, ``\\\\server\\share``."""
    return _ABSOLUTE.match(path) is not None


def has_drive(path: str) -> bool:
    return _DRIVE.match(path) is not None


def local_path(target: str) -> str:
    """The local path a ``file:`` URL names (``file:///C:/x`` -> ``C:/x``); other text as
    it is."""
    if not target.lower().startswith("file:"):
        return target
    from urllib.parse import unquote  # with ipaddress, 3 ms at start-up: file: URLs only

    path = unquote(target[len("file:") :])
    path = path[len("//localhost") :] if path.startswith("//localhost") else path
    path = "/" + path.lstrip("/") if path.startswith("//") else path
    return path[1:] if re.match(r"/[A-Za-z]:", path) else path


def is_machine_local(target: str) -> bool:
    """A path (or ``file:`` URL) that only resolves on this machine: absolute or ``~``."""
    path = local_path(target)
    return is_absolute(path) or path.startswith("~")


def comparable(path: str) -> str:
    """``path`` with ``\\`` read as ``/`` and a drive letter lower-cased, for prefix tests."""
    path = path.strip().replace("\\", "/")
    return path[0].lower() + path[1:] if has_drive(path) else path


def under_any(path: str, roots: tuple[str, ...]) -> bool:
    """``path`` is one of ``roots`` or inside one."""
    path = comparable(path)
    for root in roots:
        root = comparable(root).rstrip("/")
        if path == root or path.startswith(root + "/"):
            return True
    return False
