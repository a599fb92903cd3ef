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
_LOWER_BOUND = re.compile(r"(?:>=|~=|==|\^|~)\s*(\d+)\.(\d+)")
_LOCAL = re.compile(r"^(file:)?\.{0,2}/|^\.{1,2}$|^file:")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


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
    local: tuple[Path, ...] = ()
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
    return "project" in data or "dependency-groups" in data or bool(_poetry(data))


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
            if _LOCAL.match(entry.text):  # -e ./lib, ./lib, file:../lib: the project's own
                folder = entry.text.removeprefix("file:").split("[")[0].split("#")[0]
                result.local += ((declared.source.parent / folder).resolve(),)
                continue
            name = entry.written_name or _egg(entry.text)
            if name:
                result.requirements.append(
                    Requirement(canonical(name), name, declared.source, entry.line, entry.column)
                )
        compiled = path.with_suffix(".txt")
        if path.suffix == ".in" and compiled.is_file():
            pinned |= _read_compiled(compiled, result)
            result.lock_name = compiled.name
        elif path.suffix == ".txt":
            _take_python(parse_header(read_text(path).splitlines()[:12]), result)
    result.pinned = frozenset(pinned - result.names)
    return result


def _egg(text: str) -> str | None:
    """The project a URL requirement names in its ``#egg=`` fragment
    (``git+https://github.com/org/tool.git#egg=tool``), if any."""
    match = _EGG.search(text)
    return match[1] if match else None


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
    return {canonical(name) for entry in parsed.entries if (name := entry.written_name)}


def _take_python(header: Header | None, result: Declarations) -> None:
    """The Python version pip-compile's header names, unless one is known already."""
    if header and header.python and result.python is None:
        major, minor = header.python.split(".")
        result.python = (int(major), int(minor))


def _read_pyproject(path: Path, result: Declarations) -> None:
    """Dependencies, all optional dependencies, dependency groups and Poetry's
    dependency tables, each at the line where it is written."""
    from repro_hooks.sources.requirements.inputs import read_inputs, read_text
    from repro_hooks.sources.requirements.lockfile import LEADING_NAME

    inputs = read_inputs(path, frozenset({"*"}))
    if inputs.problems:  # unreadable or invalid: requirements-current reports it
        return
    result.files.append(path)
    text = read_text(path)
    data = parse_toml(text)
    lines = text.split("\n")
    texts = [d.entry.text for d in inputs.declared]
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        texts += [
            item
            for group in groups.values()
            if isinstance(group, list)
            for item in group
            if isinstance(item, str)
        ]
    for requirement in texts:
        match = LEADING_NAME.match(requirement)
        if match:
            line, column = _locate(lines, f'"{requirement}"', f"'{requirement}'") or (1, 0)
            result.requirements.append(
                Requirement(canonical(match[1]), match[1], path, line, column + 1)
            )
    poetry = _poetry(data)
    for name in poetry:
        if name.lower() != "python":
            line, column = _locate(lines, f"{name} =", f"{name}=", f'"{name}" =') or (1, 1)
            result.requirements.append(Requirement(canonical(name), name, path, line, column))
    project = data.get("project")
    python = project.get("requires-python", "") if isinstance(project, dict) else ""
    bound = _LOWER_BOUND.search(str(python or poetry.get("python", "")))
    if bound and result.python is None:
        result.python = (int(bound[1]), int(bound[2]))


def _poetry(data: dict[str, object]) -> dict[str, object]:
    """Poetry's dependency tables merged: main, dev and every group."""
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if not isinstance(poetry, dict):
        return {}
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    groups = poetry.get("group")
    if isinstance(groups, dict):
        tables += [g.get("dependencies") for g in groups.values() if isinstance(g, dict)]
    return {k: v for table in tables if isinstance(table, dict) for k, v in table.items()}


def _locate(lines: list[str], *needles: str) -> tuple[int, int] | None:
    """Line and column of the first of ``needles`` found in a TOML file."""
    for number, line in enumerate(lines, start=1):
        for needle in needles:
            at = line.find(needle)
            if at >= 0:
                return number, at + 1
    return None
