"""What a project declares: the requirements an import may rely on, with their lines.

The first of these in the project's folder is the declaration: ``requirements.in`` (with
its ``-r`` includes; ``-c`` constraints declare nothing), ``pyproject.toml`` (``[project]``
dependencies, every optional-dependency group, ``[dependency-groups]``), or
``requirements.txt``. A ``requirements.txt`` compiled from the ``.in`` adds the
transitive pins: modules that import today only because another package pulls them in.
The Python version whose standard library counts comes from pip-compile's header, else
``requires-python``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from repro_hooks.core.toml import TomlError, parse_toml
from repro_hooks.hooks.declared_imports.mapping import canonical

if TYPE_CHECKING:
    from repro_hooks.sources.requirements.lockfile import Header

DEFAULT_FILES = ("requirements.in", "pyproject.toml", "requirements.txt")
_LOWER_BOUND = re.compile(r"(?:>=|~=|==)\s*(\d+)\.(\d+)")


@dataclass(frozen=True)
class Requirement:
    """A declared requirement: canonical ``name`` as written in ``path`` at line:column."""

    name: str
    written: str
    path: Path
    line: int
    column: int


@dataclass
class Declarations:
    """Everything the hook needs from a project's declaration files."""

    files: list[Path] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    pinned: frozenset[str] = frozenset()
    lock_name: str = "requirements.txt"
    python: tuple[int, int] | None = None

    @property
    def names(self) -> frozenset[str]:
        return frozenset(r.name for r in self.requirements)


def find_declarations(folder: Path) -> Path | None:
    """The declaration file of a project whose root is ``folder``, if it has one."""
    for name in DEFAULT_FILES:
        path = folder / name
        if path.is_file() and (name != "pyproject.toml" or _declares(path)):
            return path
    return None


def _declares(pyproject: Path) -> bool:
    """Whether a pyproject.toml declares dependencies (a bare tool config does not)."""
    try:
        data = parse_toml(pyproject.read_bytes().decode("utf-8", "replace"))
    except (OSError, TomlError):
        return True  # unreadable: read_declarations finds nothing in it
    return "project" in data or "dependency-groups" in data


def read_declarations(paths: list[Path]) -> Declarations:
    """Read ``paths`` (each a requirements file or pyproject.toml) and the compiled
    ``.txt`` beside each ``.in``. The requirement-file parser (and ``packaging``) is
    imported only now: a file whose imports are all standard or first-party never pays."""
    from repro_hooks.sources.requirements.inputs import read_inputs, read_text
    from repro_hooks.sources.requirements.lockfile import parse_header

    result = Declarations()
    pinned: set[str] = set()
    for path in paths:
        if path.name.endswith(".toml"):
            _read_pyproject(path, result)
            if (path.parent / "requirements.txt").is_file():
                pinned |= _read_compiled(path.parent / "requirements.txt", result)
            continue
        inputs = read_inputs(path)
        result.files += inputs.files
        for declared in inputs.declared:
            entry = declared.entry
            if entry.requirement is not None:
                result.requirements.append(
                    Requirement(
                        canonical(entry.requirement.name),
                        entry.requirement.name,
                        declared.source,
                        entry.line,
                        entry.column,
                    )
                )
        compiled = path.with_suffix(".txt")
        if path.suffix == ".in" and compiled.is_file():
            pinned |= _read_compiled(compiled, result)
            result.lock_name = compiled.name
        elif path.suffix == ".txt":
            _take_python(parse_header(read_text(path).splitlines()[:12]), result)
    result.pinned = frozenset(pinned - result.names)
    return result


def _read_compiled(path: Path, result: Declarations) -> set[str]:
    """The names pinned in ``path`` if pip-compile (or uv) wrote it: its header or its
    ``# via`` lines say so. A hand-written requirements.txt beside a pyproject is
    neither the declaration nor a lock: it says nothing of what is installed."""
    from repro_hooks.sources.requirements.inputs import UnreadableFile, read_text
    from repro_hooks.sources.requirements.lockfile import parse

    try:
        parsed = parse(read_text(path))
    except UnreadableFile:
        return set()
    if parsed.header is None and not parsed.annotated:
        return set()
    _take_python(parsed.header, result)
    return {entry.name for entry in parsed.entries if entry.name}


def _take_python(header: Header | None, result: Declarations) -> None:
    """The Python version pip-compile's header names, unless one is known already."""
    if header and header.python and result.python is None:
        major, minor = header.python.split(".")
        result.python = (int(major), int(minor))


def _read_pyproject(path: Path, result: Declarations) -> None:
    """Dependencies, all optional dependencies and dependency groups, each at the line
    where its string is written."""
    from repro_hooks.sources.requirements.inputs import read_inputs, read_text

    inputs = read_inputs(path, frozenset({"*"}))
    if inputs.problems:  # unreadable or invalid: requirements-current reports it
        return
    result.files.append(path)
    text = read_text(path)
    data = parse_toml(text)
    texts = [d.entry.text for d in inputs.declared]
    for group in data.get("dependency-groups", {}).values():
        texts += [item for item in group if isinstance(item, str)]
    lines = text.split("\n")
    for requirement in texts:
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        if match:
            line, column = _locate(lines, requirement)
            result.requirements.append(
                Requirement(canonical(match[1]), match[1], path, line, column)
            )
    bound = _LOWER_BOUND.search(str(data.get("project", {}).get("requires-python", "")))
    if bound and result.python is None:
        result.python = (int(bound[1]), int(bound[2]))


def _locate(lines: list[str], requirement: str) -> tuple[int, int]:
    """Line and column of the quoted ``requirement`` in a TOML file (1:1 if not found)."""
    for number, line in enumerate(lines, start=1):
        for quote in ('"', "'"):
            at = line.find(f"{quote}{requirement}{quote}")
            if at >= 0:
                return number, at + 2
    return 1, 1
