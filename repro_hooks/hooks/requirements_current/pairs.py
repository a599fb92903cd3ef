"""Find the pairs a set of staged files touches, and each compiled file's real sources.

``X.in`` compiles to ``X.txt``; a ``.txt`` names its sources in its header (``pip-compile
pyproject.toml``, ``uv pip compile requirements/dev.in -o requirements/dev.txt``). When
the header does not name them (``make upgrade``, a CI workflow, a sentence), the file's
own ``# via -r FILE`` and ``# via name (pyproject.toml)`` annotations do, relative to the
folder the compiler ran in; failing those, its ``X.in`` sibling; failing that, the hook
says once that it cannot know (:class:`Unknown`) rather than guess stale pins. An input
may be included (``-r``/``-c``) by a sibling's pair, or cited by a compiled file nearby.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from repro_hooks.hooks.requirements_current.header import interpret
from repro_hooks.sources.requirements.inputs import UnreadableFile, read_inputs, read_text
from repro_hooks.sources.requirements.lockfile import RequirementsFile, parse


@dataclass(frozen=True)
class Pair:
    """A compiled ``output`` and the input files that made it; ``workdir`` is the folder
    the compiler ran in (the header's and the annotations' paths are relative to it),
    None when nothing says (then the output's folder is assumed)."""

    output: Path
    sources: tuple[Path, ...]
    workdir: Path | None = None


@dataclass(frozen=True)
class Orphan:
    """A staged file that should have a partner and has none."""

    path: Path
    expected: str


@dataclass(frozen=True)
class Unknown:
    """A compiled file whose sources nothing names: ``command`` is its header's."""

    path: Path
    command: str


@dataclass
class Found:
    pairs: list[Pair] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    unknown: list[Unknown] = field(default_factory=list)


def find_pairs(paths: list[str], configured: Sequence[Pair] = ()) -> Found:
    """The pairs the staged ``paths`` touch; a ``configured`` pair (the project names it)
    stands for its own files instead of what their names suggest."""
    pairs: dict[Path, Pair] = {}
    found = Found()
    given_files = {Path(given).resolve() for given in paths}
    for pair in configured:
        files = {path.resolve() for path in (pair.output, *pair.sources)}
        if files & given_files or not paths:
            given_files -= files
            pairs[pair.output.resolve()] = pair
            found.orphans += _missing_files(pair)
    for given in paths:
        if Path(given).resolve() not in given_files:
            continue
        path = Path(given)
        candidates: list[Pair] = []
        if path.suffix == ".in":
            candidates = _pairs_for_input(path, found)
        elif path.suffix == ".txt":
            candidates = [*_pair_for_output(path, found), *_sibling_pairs_using(path)]
            candidates += _pairs_citing(path)
        elif path.name == "pyproject.toml":
            candidates = _pairs_citing(path)
        for pair in candidates:
            pairs.setdefault(pair.output.resolve(), pair)
    found.pairs = list(pairs.values())
    return found


def _missing_files(pair: Pair) -> list[Orphan]:
    """A configured pair with a side missing: report it beside a file that exists."""
    present = [path for path in (*pair.sources, pair.output) if path.is_file()]
    missing = [path for path in (*pair.sources, pair.output) if not path.is_file()]
    if not missing:
        return []
    return [Orphan(present[0] if present else path, str(path)) for path in missing]


def _read(output: Path) -> RequirementsFile | None:
    try:
        return parse(read_text(output))
    except UnreadableFile:
        return None


def sources_of(output: Path) -> tuple[Pair | None, Orphan | Unknown | None]:
    """The pair a compiled file belongs to; else why not: an :class:`Orphan` when the
    header names sources that are gone, an :class:`Unknown` when nothing names them.
    (None, None) for a file without a header (hand-written, not compiled)."""
    parsed = _read(output)
    if parsed is None:
        return Pair(output, (), output.parent), None  # the check reports it unreadable
    if parsed.header is None:
        return None, None
    compilation = interpret(parsed.header, "")
    sibling = output.with_suffix(".in")
    if compilation.sources:
        named = _header_pair(output, compilation.sources, compilation.output_file)
        if named is not None:
            return named, None
        if sibling.is_file():
            return Pair(output, (sibling,), output.parent), None
        return None, Orphan(output, " ".join(compilation.sources))
    discovered = _annotated_pair(output, parsed)
    if discovered is not None:
        return discovered, None
    if sibling.is_file():
        return Pair(output, (sibling,), output.parent), None
    return None, Unknown(output, parsed.header.command)


def _bases(output: Path) -> list[Path]:
    """Folders a compiler may have run in: the output's and each above it."""
    folder = output.parent.resolve()
    return [folder, *folder.parents]


def _header_pair(output: Path, words: tuple[str, ...], written: str | None) -> Pair | None:
    """The header's source words, placed in the first folder where they all exist (and
    where its ``-o`` names this output)."""
    for base in _bases(output):
        found = [located(base, word, output) for word in words]
        places = [place for place in found if place is not None]
        if len(places) != len(words):
            continue
        absolute = written is not None and Path(written).is_absolute()
        if written is not None and not absolute and not _same(_join(base, written), output):
            continue
        return Pair(output, tuple(places), _here(base))
    return None


def _annotated_pair(output: Path, parsed: RequirementsFile) -> Pair | None:
    """The sources the ``# via`` annotations name, relative to the folder they all exist
    in: the files no other named file includes."""
    references = sorted(
        {
            reference
            for entry in parsed.entries
            for item in entry.via
            if (reference := annotation_source(item)) is not None
        }
    )
    if not references:
        return None
    for base in _bases(output):
        places = [located(base, reference, output) for reference in references]
        if all(place is not None for place in places):
            files = [place for place in places if place is not None]
            included = {
                used.resolve()
                for place in files
                for used in _used_by(place)
                if not _same(used, place)
            }
            roots = [place for place in files if place.resolve() not in included]
            return Pair(output, tuple(dict.fromkeys(roots)), _here(base))
    return None


def annotation_source(item: str) -> str | None:
    """The input file a ``via`` item names as a source: ``-r a.in``, ``project
    (pyproject.toml)`` or uv's ``project (pyproject.toml:dev)`` for a dependency group;
    a ``-c`` constraint file is not a source."""
    if item.startswith("-r "):
        return item[3:].strip()
    if item.endswith(")") and " (" in item:
        named = item[item.rindex(" (") + 2 : -1]
        path, colon, _ = named.rpartition(":")
        return path if colon and path.endswith(".toml") else named
    return None


def located(base: Path, reference: str, output: Path) -> Path | None:
    """A path as an annotation wrote it, found from ``base``. An absolute path from the
    author's machine (``/Users/ana/project/requirements/docs.txt``) is matched by its
    longest tail that exists here."""
    path = Path(reference)
    tails = [path]
    if path.is_absolute():
        tails += [Path(*path.parts[i:]) for i in range(1, len(path.parts))]
    for tail in tails:
        place = _join(base, str(tail))
        if place.is_file() and not _same(place, output):
            return place
    return None


def _used_by(path: Path) -> list[Path]:
    inputs = read_inputs(path)
    return [*inputs.files, *(constraint for constraint, _, _ in inputs.constraints)]


def _join(base: Path, word: str) -> Path:
    """``word`` from ``base``, as a path relative to here (as the user wrote paths)."""
    return _here(Path(word) if Path(word).is_absolute() else base / word)


def _here(path: Path) -> Path:
    return Path(os.path.relpath(path))


def _same(one: Path, other: Path) -> bool:
    return one.resolve() == other.resolve()


def _pair_for_output(output: Path, found: Found) -> list[Pair]:
    if not output.is_file():
        return []
    pair, problem = sources_of(output)
    if isinstance(problem, Orphan):
        found.orphans.append(problem)
    elif isinstance(problem, Unknown):
        found.unknown.append(problem)
    return [pair] if pair is not None else []


def _pairs_for_input(source: Path, found: Found) -> list[Pair]:
    """``X.txt``'s pair, and the pairs of the siblings that include or constrain ``X.in``
    (a change to ``base.in`` can make ``dev.txt`` stale)."""
    output = source.with_suffix(".txt")
    pairs = [*_sibling_pairs_using(source), *_pairs_citing(source)]
    if output.is_file():
        pair, _ = sources_of(output)
        pairs.insert(0, pair or Pair(output, (source,), output.parent))
    elif not pairs:
        found.orphans.append(Orphan(source, str(output)))
    return pairs


def _sibling_pairs_using(path: Path) -> list[Pair]:
    """Pairs of the other ``.in`` files beside ``path`` that include or constrain it."""
    target = path.resolve()
    pairs = []
    for sibling in sorted(path.parent.glob("*.in")):
        output = sibling.with_suffix(".txt")
        if sibling.resolve() == target or not output.is_file():
            continue
        if target in {used.resolve() for used in _used_by(sibling)}:
            pair, _ = sources_of(output)
            pairs.append(pair or Pair(output, (sibling,), output.parent))
    return pairs


def _pairs_citing(path: Path) -> list[Pair]:
    """Compiled files in this folder or the one above whose sources include ``path``
    (``unfrozen/requirements.txt`` for ``requirements.txt``, ``pyproject.toml`` for
    ``requirements/pyproject.txt``)."""
    target = path.resolve()
    pairs = []
    folders = dict.fromkeys([path.parent, path.parent.parent, path.parent / "requirements"])
    for folder in folders:
        for output in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            if output.resolve() == target:
                continue
            pair, _ = sources_of(output)
            if pair is not None and target in {source.resolve() for source in pair.sources}:
                pairs.append(pair)
    return pairs
