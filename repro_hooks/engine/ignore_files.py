"""Appending entries to an ignore file (``.gitignore``, ``.dockerignore``), byte-careful:
the one way every ``--fix`` that makes git ignore something writes the file.

Only appends: a BOM, the existing lines and their endings are kept as they are, new lines
use the file's own line ending (CRLF stays CRLF; a file of CR-only line ends, which git
reads as one line, gets LF), and the file ends with a newline. What is appended is what
git (or Docker) does not honour, whatever the file seems to say: ``.env`` after a
leading space, before a later ``!.env``, or with a form feed, NEL or U+2028 on its line
is appended again. A line is not appended twice in a row: one already in the block the
last fix wrote is left, so a second ``--fix`` changes nothing even where git still does
not ignore the path (the command says so). The write itself is the engine's
(:func:`repro_hooks.engine.writes.write_in_work_tree`): atomic, never through a link.
"""

from __future__ import annotations

from collections.abc import Sequence

GITIGNORE_HEADER = "# Added by repro-hooks gitignore: keep secrets and virtualenvs out of git"
DOCKERIGNORE_HEADER = "# Added by repro-hooks gitignore: keep secrets out of Docker images"
_BOM = b"\xef\xbb\xbf"
_SPECIAL = frozenset("\\[]*?")
# What a line of an ignore file cannot hold: it would end the line (or be stripped).
_LINE_BREAKS = frozenset("\n\r")


def gitignore_line(path: str) -> str:
    """A ``.gitignore`` line that matches exactly ``path`` (``dir/`` for a folder).

    A line break in a name cannot be written in a pattern: ``?`` stands for it, and the
    pattern is anchored to its folder (``/my?venv/``) so that it matches as little else
    as it can."""
    line = "".join(
        "?" if char in _LINE_BREAKS else "\\" + char if char in _SPECIAL else char for char in path
    )
    if any(char in _LINE_BREAKS for char in path) and "/" not in path.rstrip("/"):
        return "/" + line
    if line.startswith(("!", "#")):
        line = "\\" + line
    if line.endswith(" "):
        line = line[:-1] + "\\ "
    return line


def dockerignore_line(path: str) -> str:
    """A ``.dockerignore`` line that matches exactly ``path`` (Docker's escapes)."""
    line = "".join(
        "?" if char in _LINE_BREAKS else "\\" + char if char in _SPECIAL else char for char in path
    )
    return "\\" + line if line.startswith(("!", "#")) else line


def holds_line_break(path: str) -> bool:
    return any(char in _LINE_BREAKS for char in path)


def _lines(content: bytes) -> list[str]:
    text = content.removeprefix(_BOM).decode("utf-8", "replace")
    return [line.removesuffix("\r") for line in text.split("\n")]


def missing_lines(content: bytes, lines: Sequence[str], header: str) -> list[str]:
    """The ``lines`` not already in the block the last fix wrote (after its ``header``)."""
    present = _lines(content)
    last_fix = max((i for i, line in enumerate(present) if line == header), default=None)
    written = set(present[last_fix + 1 :]) if last_fix is not None else set()
    return [line for line in dict.fromkeys(lines) if line not in written]


def _line_ending(content: bytes) -> bytes:
    """The file's first line ending; ``\\n`` for a new or one-line file."""
    first = content.find(b"\n")
    return b"\r\n" if first > 0 and content[first - 1 : first] == b"\r" else b"\n"


def with_lines(content: bytes, lines: Sequence[str], header: str) -> bytes:
    """``content`` with a block of ``lines`` under ``header`` appended (none: unchanged)."""
    if not lines:
        return content
    newline = _line_ending(content)
    block = b"".join(text.encode("utf-8", "surrogateescape") + newline for text in [header, *lines])
    if not content.removeprefix(_BOM):
        return content + block
    if not content.endswith(b"\n"):
        content += newline
    return content + newline + block
