"""Read a pair's input side: a ``.in`` with its ``-r``/``-c`` includes, or a pyproject.

Files are read once each (an include cycle is reported, never followed twice) and every
problem - a missing include, a cycle, an unreadable or binary file - is collected as a
:class:`Problem` for the caller to report, never raised.

Limits, so that no file a repository holds can hang the hook or exhaust memory: only
regular files are read (a device, FIFO or folder named by ``-r``/``-c`` is reported
unread), each of at most :data:`MAX_FILE_SIZE` bytes; chains of ``-r`` are followed
without recursion to :data:`MAX_INCLUDE_DEPTH` files deep; a URL include is reported as
a URL, never fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from repro_hooks.core.toml import TomlError, parse_toml
from repro_hooks.sources.reading import NotReadable, read_regular_file
from repro_hooks.sources.requirements.lockfile import Entry, Option, RequirementsFile, parse

MAX_FILE_SIZE = 10_000_000  # bytes; pip-compile inputs are a few kilobytes
MAX_INCLUDE_DEPTH = 100  # files in one chain of -r includes
URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_URL = (
    "is a URL: repro-hooks reads no network, so the requirements it holds were not "
    "checked; include a file of the repository instead"
)


class UnreadableFile(Exception):
    """A requirements file that is missing, unreadable or not text."""

    def __init__(self, path: Path, reason: str, binary: bool = False) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason
        self.binary = binary


@dataclass(frozen=True)
class Declared:
    """A requirement as the user wrote it, with the file that declares it."""

    source: Path
    entry: Entry


@dataclass(frozen=True)
class Problem:
    """Why an input could not be read: ``kind`` is ``missing``, ``cycle``, ``binary``,
    ``unreadable`` or ``not-followed`` (a URL, or past the depth limit: ``reason`` says
    which); ``option`` is the ``-r``/``-c`` line that led to it, if any."""

    kind: str
    source: Path
    option: Option | None
    target: Path
    reason: str = ""


@dataclass
class Inputs:
    """The input side of one pair: declared requirements, constraint files, problems."""

    files: list[Path] = field(default_factory=list)
    declared: list[Declared] = field(default_factory=list)
    constraints: list[tuple[Path, Option, RequirementsFile]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    parsed: dict[Path, RequirementsFile] = field(default_factory=dict)
    dynamic: bool = False


def read_text(path: Path) -> str:
    """Read a requirements file as text: a regular file (never a device, FIFO or folder,
    which could block or never end) of at most :data:`MAX_FILE_SIZE` bytes, not binary."""
    try:
        data = read_regular_file(path, MAX_FILE_SIZE)
    except NotReadable as error:
        raise UnreadableFile(path, str(error)) from None
    if b"\0" in data:
        raise UnreadableFile(path, "binary data, not a requirements file", binary=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(path, f"not UTF-8 text: {error.reason}", binary=True) from None
    return text


def read_inputs(
    source: Path, extras: frozenset[str] = frozenset(), groups: frozenset[str] = frozenset()
) -> Inputs:
    """Follow ``-r`` includes from ``source`` depth first, as pip does; a pyproject.toml
    gives its dependencies and the ``extras`` and dependency ``groups`` asked for."""
    inputs = Inputs()
    if source.name in ("setup.py", "setup.cfg"):
        inputs.files.append(source)  # code or metadata to build, not read here
        inputs.dynamic = True
    elif source.name == "pyproject.toml":
        _read_pyproject(source, extras, inputs, groups)
    else:
        _read_requirements(source, inputs)
    return inputs


@dataclass
class _Reading:
    """A file being read: the include options still to follow, and the chain of files
    that led to it (for cycles and the depth limit)."""

    path: Path
    options: Iterator[Option]
    chain: tuple[Path, ...]


def _read_requirements(source: Path, inputs: Inputs) -> None:
    """Depth first, as pip reads them, without recursion: a chain of includes as long as
    :data:`MAX_INCLUDE_DEPTH` is followed, a longer one is reported where it goes past."""
    first = _read_one(source, None, None, inputs, ())
    pending = [] if first is None else [first]
    while pending:
        reading = pending[-1]
        include = next(reading.options, None)
        if include is None:
            pending.pop()
            continue
        target = reading.path.parent / include.value
        if include.name in ("--requirement", "--constraint") and not include.value:
            inputs.problems.append(Problem("missing", reading.path, include, target))
        elif include.name in ("--requirement", "--constraint") and URL.match(include.value):
            inputs.problems.append(Problem("not-followed", reading.path, include, target, _URL))
        elif include.name == "--constraint":
            _read_constraint(target, reading.path, include, inputs)
        elif include.name == "--requirement" and len(reading.chain) >= MAX_INCLUDE_DEPTH:
            reason = (
                f"would be file {len(reading.chain) + 1} of one chain of includes, past the "
                f"limit of {MAX_INCLUDE_DEPTH}: the files it leads to were not checked"
            )
            inputs.problems.append(Problem("not-followed", reading.path, include, target, reason))
        elif include.name == "--requirement":
            found = _read_one(target, reading.path, include, inputs, reading.chain)
            if found is not None:
                pending.append(found)


def _read_one(
    path: Path,
    including: Path | None,
    option: Option | None,
    inputs: Inputs,
    chain: tuple[Path, ...],
) -> _Reading | None:
    """Read ``path`` (once) into ``inputs``; what remains to follow of it, if anything."""
    key = path.resolve()
    if key in chain:
        inputs.problems.append(Problem("cycle", including or path, option, path))
        return None
    if path in inputs.parsed:
        return None
    try:
        parsed = parse(read_text(path))
    except UnreadableFile as error:
        inputs.problems.append(Problem(_kind(error), including or path, option, path, error.reason))
        return None
    inputs.files.append(path)
    inputs.parsed[path] = parsed
    inputs.declared += [Declared(path, entry) for entry in parsed.entries]
    return _Reading(path, iter(parsed.options), (*chain, key))


def _read_constraint(target: Path, including: Path, option: Option, inputs: Inputs) -> None:
    try:
        constraint = parse(read_text(target))
    except UnreadableFile as error:
        inputs.problems.append(Problem(_kind(error), including, option, target, error.reason))
        return
    inputs.constraints.append((target, option, constraint))


class _WrongType(Exception):
    """A pyproject value of a type the standard does not allow (the message says which)."""


def _toml_kind(value: object) -> str:
    """A TOML value's type as a message names it."""
    if isinstance(value, bool):
        return "a boolean"
    names = {str: "a string", int: "an integer", float: "a float", list: "an array"}
    return names.get(type(value), "a table" if isinstance(value, dict) else "a date-time")


def _strings(value: object, field: str) -> list[str]:
    """``value`` as an array of strings, or :class:`_WrongType` naming ``field``."""
    if not isinstance(value, list):
        raise _WrongType(f"`{field}` is {_toml_kind(value)}, not an array of strings")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise _WrongType(f"`{field}[{index}]` is {_toml_kind(item)}, not a string")
    return value


def _table(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _WrongType(f"`{field}` is {_toml_kind(value)}, not a table")
    return value


def _read_pyproject(
    path: Path, extras: frozenset[str], inputs: Inputs, wanted_groups: frozenset[str]
) -> None:
    """``[project] dependencies``, and the extras and dependency groups the header asks
    for, become entries; a value of the wrong type makes the file one that could not be
    checked."""
    try:
        document = parse_toml(read_text(path))
        project = _table(document.get("project", {}), "project")
        dependency_groups = _table(document.get("dependency-groups", {}), "dependency-groups")
        dynamic = _strings(project.get("dynamic", []), "[project] dynamic")
        texts = list(_strings(project.get("dependencies", []), "[project] dependencies"))
        optional = _table(
            project.get("optional-dependencies", {}), "[project] optional-dependencies"
        )
        groups = {
            name: _strings(group, f"[project] optional-dependencies.{name}")
            for name, group in optional.items()
        }
    except UnreadableFile as error:
        inputs.problems.append(Problem(_kind(error), path, None, path, error.reason))
        return
    except TomlError as error:
        inputs.problems.append(Problem("unreadable", path, None, path, f"invalid TOML: {error}"))
        return
    except _WrongType as error:
        inputs.problems.append(Problem("unreadable", path, None, path, str(error)))
        return
    inputs.files.append(path)
    inputs.dynamic = "dependencies" in dynamic or (
        bool(extras) and "optional-dependencies" in dynamic
    )
    for extra in sorted(extras):
        wanted = groups.values() if extra == "*" else [groups.get(extra, [])]
        texts += [text for group in wanted for text in group]
    for name in sorted(wanted_groups):
        texts += _group(dependency_groups, name, ())
    for text in texts:
        try:
            requirement: Requirement | None = Requirement(text)
        except InvalidRequirement:
            requirement = None
        inputs.declared.append(Declared(path, Entry(1, 1, text, requirement=requirement)))


def _group(table: dict[str, Any], name: str, seen: tuple[str, ...]) -> list[str]:
    """A PEP 735 dependency group's requirements, its ``{include-group = ...}`` expanded
    (a cycle is cut)."""
    texts: list[str] = []
    items = table.get(name, []) if name not in seen else []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("include-group"), str):
            texts += _group(table, item["include-group"], (*seen, name))
        elif isinstance(item, str):
            texts.append(item)
    return texts


def _kind(error: UnreadableFile) -> str:
    if error.binary:
        return "binary"
    return "unreadable" if error.path.exists() else "missing"
