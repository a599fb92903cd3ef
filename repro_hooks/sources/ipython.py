"""IPython cell syntax -> Python text plus shell/magic commands, with exact positions.

IPython's own transformer rewrites ``!ls /x`` into ``get_ipython().system('ls /x')``, which
moves every column. Here each escape is replaced in place (``pass``, ``x = None`` or a
blank line) and its arguments become :class:`Command` words that keep the line and column
the user sees, so a check can report ``cell 3:2:10`` for a path inside ``%cd``.
"""

from __future__ import annotations

import re

from repro_hooks.core.lazy import LazyRegex
from repro_hooks.sources.lexing import LexState
from repro_hooks.sources.shell import shell_words
from repro_hooks.sources.units import Command

# Cell magics whose body is Python, and those whose body is shell.
PYTHON_BODY_MAGICS = frozenset(
    {
        "time",
        "timeit",
        "capture",
        "prun",
        "memit",
        "mprun",
        "debug",
        "python",
        "python3",
        "px",
        "cython",
        "tensorflow_version",
        "heat",
    }
)
SHELL_BODY_MAGICS = frozenset({"bash", "sh", "zsh", "system", "!"})
SHELL_LINE_MAGICS = frozenset({"sx", "system", "sh"})

# Any line that might hold IPython syntax; cells without one are plain Python.
_MAYBE_IPYTHON = LazyRegex(r"^[ \t]*[!%?]|=[ \t]*[!%]|\?[ \t]*$", re.MULTILINE)
_ESCAPE = LazyRegex(r"(?P<indent>[ \t]*)(?P<sigil>!!?|%%?)(?P<rest>.*)")
_ASSIGN_ESCAPE = LazyRegex(
    r"(?P<indent>[ \t]*)(?P<target>[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*)"
    r"[ \t]*=[ \t]*(?P<sigil>!!?|%)(?P<rest>.*)"
)
_HELP = LazyRegex(r"[ \t]*(?:\?{1,2}[\w.]+|[\w.\[\]()]+\?{1,2})[ \t]*")
_MAGIC_NAME = LazyRegex(r"[\w.!]*")


def split_cell(text: str) -> tuple[str, tuple[Command, ...]]:
    """Return the cell's Python text (same positions) and its shell/magic commands."""
    sigils = "!" in text or "%" in text or "?" in text  # three look-ups before a regex scan
    if not sigils or not _MAYBE_IPYTHON.search(text):
        return text, ()
    lines = text.split("\n")
    header = next((k for k, line in enumerate(lines) if line.strip()), None)
    if header is not None and lines[header].startswith("%%"):
        return _split_cell_magic(lines, header)
    python, commands = _split_python(lines, 0)
    return "\n".join(python), tuple(commands)


def _split_cell_magic(lines: list[str], header: int) -> tuple[str, tuple[Command, ...]]:
    magic = _command("magic", lines[header : header + 1], 2, header, None, skip_name=True)
    body = lines[header + 1 :]
    commands = [magic]
    python = [""] * (header + 1)
    kind = _body_kind(magic)
    if kind == "python":
        body_python, body_commands = _split_python(body, header + 1)
        python += body_python
        commands += body_commands
    else:
        python += [""] * len(body)
        k = 0
        while k < len(body):
            if kind == "shell":
                command, used = _command_with_continuation(
                    "shell", body, k, 0, header + 1, magic.name, skip_name=False
                )
            else:
                used = 1
                command = _command("text", body[k : k + 1], 0, header + 1 + k, magic.name, False)
            commands.append(command)
            k += used
    return "\n".join(python), tuple(commands)


def _body_kind(magic: Command) -> str:
    first_arg = magic.words[0].text if magic.words else ""
    if magic.name in PYTHON_BODY_MAGICS:
        return "python"
    if magic.name in SHELL_BODY_MAGICS:
        return "shell"
    if magic.name == "script":
        return (
            "shell"
            if first_arg.rsplit("/", 1)[-1] in {"bash", "sh", "zsh"}
            else ("python" if first_arg.rsplit("/", 1)[-1].startswith("python") else "text")
        )
    if magic.name in {"writefile", "file"}:
        target = next((w.text for w in magic.words if not w.text.startswith("-")), "")
        return "python" if target.endswith(".py") else "text"
    return "text"


def _split_python(lines: list[str], offset: int) -> tuple[list[str], list[Command]]:
    python: list[str] = []
    commands: list[Command] = []
    state = LexState()
    k = 0
    while k < len(lines):
        line = lines[k]
        if state.at_statement_start():
            replaced = _escape_at(lines, k, offset)
            if replaced is not None:
                replacement, command, used = replaced
                python.append(replacement)
                python += [""] * (used - 1)
                if command is not None:
                    commands.append(command)
                k += used
                continue
        state.feed(line)
        python.append(line)
        k += 1
    return python, commands


def _escape_at(lines: list[str], k: int, offset: int) -> tuple[str, Command | None, int] | None:
    """If line ``k`` starts with IPython syntax: (Python replacement, command, lines used)."""
    line = lines[k]
    match = _ESCAPE.fullmatch(line)
    if match:
        indent = match["indent"]
        kind, name = _kind_and_name(match["sigil"], match["rest"])
        start = len(indent) + len(match["sigil"])
        command, used = _command_with_continuation(
            kind, lines, k, start, offset, name, skip_name=name != "!"
        )
        return indent + "pass", command, used
    match = _ASSIGN_ESCAPE.fullmatch(line)
    if match:
        kind, name = _kind_and_name(match["sigil"], match["rest"])
        start = match.start("sigil") + len(match["sigil"])
        command, used = _command_with_continuation(
            kind, lines, k, start, offset, name, skip_name=name != "!"
        )
        return f"{match['indent']}{match['target']} = None", command, used
    if _HELP.fullmatch(line) and line.strip():
        return line[: len(line) - len(line.lstrip())] + "pass", None, 1
    return None


def _kind_and_name(sigil: str, rest: str) -> tuple[str, str]:
    if sigil.startswith("!"):
        return "shell", "!"
    name = _MAGIC_NAME.match(rest)[0]  # type: ignore[index]
    return ("shell" if name in SHELL_LINE_MAGICS else "magic"), name


def _command_with_continuation(
    kind: str, lines: list[str], k: int, start: int, offset: int, name: str, skip_name: bool
) -> tuple[Command, int]:
    """A command starting at ``lines[k][start:]``, joined with backslash continuations."""
    used = 1
    while lines[k + used - 1].endswith("\\") and k + used < len(lines):
        used += 1
    command = _command(kind, lines[k : k + used], start, offset + k, name, skip_name)
    return command, used


def _command(
    kind: str, lines: list[str], start: int, first: int, name: str | None, skip_name: bool
) -> Command:
    """A command made of exactly ``lines`` (the cell's lines from 0-based index ``first``),
    starting at column ``start`` of the first. ``name`` is read from the text if ``None``;
    with ``skip_name`` the arguments start after it (``%cd /x`` -> ``/x``)."""
    text_parts: list[str] = []
    positions: list[tuple[int, int]] = []
    for j, line in enumerate(lines):
        begin = start if j == 0 else 0
        if j:
            text_parts.append("\n")
            positions.append((first + j, len(lines[j - 1]) + 1))
        text_parts.append(line[begin:])
        positions += [(first + j + 1, col + 1) for col in range(begin, len(line))]
    text = "".join(text_parts)
    if name is None:
        name = _MAGIC_NAME.match(text)[0]  # type: ignore[index]
    skip = 0
    if skip_name:
        skip = len(name)
        while skip < len(text) and text[skip] in " \t":
            skip += 1
    args = text[skip:]
    row, column = positions[skip] if skip < len(positions) else (first + 1, start + 1)
    return Command(kind, name, args, row, column, shell_words(args, positions[skip:]))
