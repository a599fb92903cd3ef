"""``--fix``: append the missing entries to the root ``.gitignore``, byte-careful.

Only appends: a BOM, the existing lines and their endings are kept as they are, new
lines use the file's own line ending (CRLF stays CRLF), and the file ends with a
newline. A line already in the file is not added again, so a second run changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

FIX_HEADER = "# Added by repro-hooks gitignore: keep secrets and virtualenvs out of git"
_BOM = b"\xef\xbb\xbf"
_SPECIAL = frozenset("\\[]*?")


def gitignore_line(path: str) -> str:
    """A ``.gitignore`` line that matches exactly ``path`` (``dir/`` for a folder)."""
    line = "".join("\\" + char if char in _SPECIAL else char for char in path)
    if line.startswith(("!", "#")):
        line = "\\" + line
    if line.endswith(" "):
        line = line[:-1] + "\\ "
    return line


def _line_ending(content: bytes) -> bytes:
    """The file's first line ending; ``\\n`` for a new or one-line file."""
    first = content.find(b"\n")
    return b"\r\n" if first > 0 and content[first - 1 : first] == b"\r" else b"\n"


def missing_lines(content: bytes, lines: Sequence[str]) -> list[str]:
    """The ``lines`` that ``content`` (a ``.gitignore``) does not already hold."""
    text = content.removeprefix(_BOM).decode("utf-8", "replace")
    present = {line.strip() for line in text.splitlines()}
    return [line for line in dict.fromkeys(lines) if line.strip() not in present]


def with_lines(content: bytes, lines: Sequence[str]) -> bytes:
    """``content`` with a commented block of ``lines`` appended (none: unchanged)."""
    if not lines:
        return content
    newline = _line_ending(content)
    block = b"".join(text.encode("utf-8") + newline for text in [FIX_HEADER, *lines])
    if not content.removeprefix(_BOM):
        return content + block
    if not content.endswith(b"\n"):
        content += newline
    return content + newline + block


def append_to_gitignore(root: Path, paths: Sequence[str]) -> list[str]:
    """Make the root ``.gitignore`` list ``paths``; return the lines actually added."""
    gitignore = root / ".gitignore"
    try:
        before = gitignore.read_bytes()
    except FileNotFoundError:
        before = b""
    added = missing_lines(before, [gitignore_line(path) for path in paths])
    if added:
        gitignore.write_bytes(with_lines(before, added))
    return added
