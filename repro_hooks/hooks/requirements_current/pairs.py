"""Find the pairs a set of staged files touches, the way pip-compile names its outputs.

``X.in`` compiles to ``X.txt``; a ``.txt`` names its sources in its header (``pip-compile
pyproject.toml``); an ``.in`` without a ``.txt`` may be included (``-r``/``-c``) by a
sibling that has one; a ``.txt`` may be the ``-c`` constraint of a sibling's pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from repro_hooks.hooks.requirements_current.header import interpret
from repro_hooks.sources.requirements.inputs import UnreadableFile, read_inputs, read_text
from repro_hooks.sources.requirements.lockfile import parse_header


@dataclass(frozen=True)
class Pair:
    """A compiled ``output`` and the input files its header (or its name) says made it."""

    output: Path
    sources: tuple[Path, ...]


@dataclass(frozen=True)
class Orphan:
    """A staged file that should have a partner and has none."""

    path: Path
    expected: str


def find_pairs(
    paths: list[str], configured: Sequence[Pair] = ()
) -> tuple[list[Pair], list[Orphan]]:
    """The pairs the staged ``paths`` touch; a ``configured`` pair (the project names it)
    stands for its own files instead of what their names suggest."""
    pairs: dict[Path, Pair] = {}
    orphans: list[Orphan] = []
    given_files = {Path(given).resolve() for given in paths}
    for pair in configured:
        files = {path.resolve() for path in (pair.output, *pair.sources)}
        if files & given_files or not paths:
            given_files -= files
            pairs[pair.output.resolve()] = pair
            orphans += _missing_files(pair)
    for given in paths:
        if Path(given).resolve() not in given_files:
            continue
        path = Path(given)
        if path.suffix == ".in":
            found = _pairs_for_input(path)
            if not found:
                orphans.append(Orphan(path, str(path.with_suffix(".txt"))))
        elif path.suffix == ".txt":
            found = [*_pair_for_output(path, orphans), *_sibling_pairs_using(path)]
        elif path.name == "pyproject.toml":
            found = _pair_for_pyproject(path)
        else:
            found = []
        for pair in found:
            pairs.setdefault(pair.output.resolve(), pair)
    return list(pairs.values()), orphans


def _missing_files(pair: Pair) -> list[Orphan]:
    """A configured pair with a side missing: report it beside a file that exists."""
    present = [path for path in (*pair.sources, pair.output) if path.is_file()]
    missing = [path for path in (*pair.sources, pair.output) if not path.is_file()]
    if not missing:
        return []
    return [Orphan(present[0] if present else path, str(path)) for path in missing]


def header_sources(output: Path) -> tuple[Path, ...] | None:
    """The sources a pip-compile header names, found next to the output or here;
    None when the file has no pip-compile header (not a pip-tools lock)."""
    try:
        header = parse_header(read_text(output).splitlines())
    except UnreadableFile:
        return ()
    if header is None:
        return None
    sources = []
    for word in interpret(header, "").sources:
        for place in (output.parent / word, Path(word)):
            if place.is_file() and place.resolve() != output.resolve():
                sources.append(place)
                break
    return tuple(sources)


def _pair_for_output(output: Path, orphans: list[Orphan]) -> list[Pair]:
    if not output.is_file():
        return []
    named = header_sources(output)
    sibling = output.with_suffix(".in")
    if named:
        return [Pair(output, named)]
    if sibling.is_file():
        return [Pair(output, (sibling,))]
    if named is not None:
        orphans.append(Orphan(output, str(sibling)))
    return []


def _pairs_for_input(source: Path) -> list[Pair]:
    output = source.with_suffix(".txt")
    if output.is_file():
        return [Pair(output, header_sources(output) or (source,))]
    return _sibling_pairs_using(source)


def _sibling_pairs_using(path: Path) -> list[Pair]:
    """Pairs of the other ``.in`` files beside ``path`` that include or constrain it."""
    target = path.resolve()
    pairs = []
    for sibling in sorted(path.parent.glob("*.in")):
        output = sibling.with_suffix(".txt")
        if sibling.resolve() == target or not output.is_file():
            continue
        inputs = read_inputs(sibling)
        used = [*inputs.files, *(constraint for constraint, _, _ in inputs.constraints)]
        if target in {used_path.resolve() for used_path in used}:
            pairs.append(Pair(output, header_sources(output) or (sibling,)))
    return pairs


def _pair_for_pyproject(pyproject: Path) -> list[Pair]:
    output = pyproject.parent / "requirements.txt"
    if not output.is_file():
        return []
    sources = header_sources(output) or ()
    if pyproject.resolve() in {source.resolve() for source in sources}:
        return [Pair(output, sources)]
    return []
