"""Read a pair's input side: a ``.in`` with its ``-r``/``-c`` includes, or a pyproject.

Files are read once each (an include cycle is reported, never followed twice) and every
problem - a missing include, a cycle, an unreadable or binary file - is collected as a
:class:`Problem` for the caller to report, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from repro_hooks.core.toml import TomlError, parse_toml
from repro_hooks.sources.requirements.lockfile import Entry, Option, RequirementsFile, parse


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
    """Why an input could not be read: ``kind`` is ``missing``, ``cycle``, ``binary``
    or ``unreadable``; ``option`` is the ``-r``/``-c`` line that led to it, if any."""

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
    """Read a requirements file as text, refusing binary data with a reason."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(path, error.strerror or str(error)) from None
    if b"\0" in data:
        raise UnreadableFile(path, "binary data, not a requirements file", binary=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(path, f"not UTF-8 text: {error.reason}", binary=True) from None
    return text


def read_inputs(source: Path, extras: frozenset[str] = frozenset()) -> Inputs:
    """Follow ``-r`` includes from ``source`` depth first, as pip does."""
    inputs = Inputs()
    if source.name == "pyproject.toml":
        _read_pyproject(source, extras, inputs)
    else:
        _read_requirements(source, None, None, inputs, stack=())
    return inputs


def _read_requirements(
    path: Path,
    including: Path | None,
    option: Option | None,
    inputs: Inputs,
    stack: tuple[Path, ...],
) -> None:
    key = path.resolve()
    if key in stack:
        inputs.problems.append(Problem("cycle", including or path, option, path))
        return
    if path in inputs.files:
        return
    try:
        parsed = parse(read_text(path))
    except UnreadableFile as error:
        inputs.problems.append(Problem(_kind(error), including or path, option, path, error.reason))
        return
    inputs.files.append(path)
    inputs.parsed[path] = parsed
    inputs.declared += [Declared(path, entry) for entry in parsed.entries]
    for include in parsed.options:
        target = path.parent / include.value
        if include.name in ("--requirement", "--constraint") and not include.value:
            inputs.problems.append(Problem("missing", path, include, target))
        elif include.name == "--requirement":
            _read_requirements(target, path, include, inputs, (*stack, key))
        elif include.name == "--constraint":
            _read_constraint(target, path, include, inputs)


def _read_constraint(target: Path, including: Path, option: Option, inputs: Inputs) -> None:
    try:
        constraint = parse(read_text(target))
    except UnreadableFile as error:
        inputs.problems.append(Problem(_kind(error), including, option, target, error.reason))
        return
    inputs.constraints.append((target, option, constraint))


def _read_pyproject(path: Path, extras: frozenset[str], inputs: Inputs) -> None:
    """``[project] dependencies`` (and the extras the header asks for) become entries."""
    try:
        project = parse_toml(read_text(path)).get("project", {})
    except UnreadableFile as error:
        inputs.problems.append(Problem(_kind(error), path, None, path, error.reason))
        return
    except TomlError as error:
        inputs.problems.append(Problem("unreadable", path, None, path, f"invalid TOML: {error}"))
        return
    inputs.files.append(path)
    dynamic = project.get("dynamic", [])
    inputs.dynamic = "dependencies" in dynamic or (
        bool(extras) and "optional-dependencies" in dynamic
    )
    optional = project.get("optional-dependencies", {})
    texts = list(project.get("dependencies", []))
    for extra in sorted(extras):
        wanted = optional.values() if extra == "*" else [optional.get(extra, [])]
        texts += [text for group in wanted for text in group]
    for text in texts:
        try:
            requirement: Requirement | None = Requirement(text)
        except (InvalidRequirement, TypeError):
            requirement = None
        inputs.declared.append(Declared(path, Entry(1, 1, str(text), requirement=requirement)))


def _kind(error: UnreadableFile) -> str:
    if error.binary:
        return "binary"
    return "unreadable" if error.path.exists() else "missing"
