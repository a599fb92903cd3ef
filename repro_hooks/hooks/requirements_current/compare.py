"""Compare a pair's inputs with its compiled ``.txt``: pure functions, no I/O.

Each ``check_*`` function answers one question pip-compile would answer by recompiling,
using only what the two files say; when they cannot say (a marker that depends on the
platform, an unnamed requirement), the question is left alone rather than guessed.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from packaging.markers import Marker, UndefinedComparison, UndefinedEnvironmentName
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from repro_hooks.core.finding import Finding
from repro_hooks.core.masking import mask_url_passwords
from repro_hooks.core.paths import is_machine_local
from repro_hooks.hooks.requirements_current import rules
from repro_hooks.hooks.requirements_current.header import Compilation, strips_extras
from repro_hooks.hooks.requirements_current.pairs import annotation_source
from repro_hooks.sources.requirements.inputs import Declared, Inputs
from repro_hooks.sources.requirements.lockfile import Entry, Option, RequirementsFile

# One environment per platform family: a marker that is true on some and false on
# others depends on the machine, which the header does not record.
PLATFORMS = (
    ("posix", "x86_64", "Linux", "linux"),
    ("nt", "AMD64", "Windows", "win32"),
    ("posix", "arm64", "Darwin", "darwin"),
)
INDEX_OPTIONS = ("--index-url", "--extra-index-url", "--find-links")
URL_LINE = re.compile(r"^([a-z][a-z0-9+.-]*://|[a-z]+\+[a-z]+:|file:)", re.IGNORECASE)
EGG = re.compile(r"#(?:.*&)?egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
COMMIT = re.compile(r"[0-9a-f]{7,40}")


@dataclass(frozen=True)
class Lock:
    """The compiled ``.txt`` of a pair, the run that made it, the folder it ran in (the
    annotations' paths are relative to it) and the command every finding advises."""

    path: Path
    parsed: RequirementsFile
    compilation: Compilation
    advice: str
    workdir: Path

    def finding(self, entry: Entry | Option, code: str, message: str) -> Finding:
        return at(self.path, entry, code, f"{message}; run `{self.advice}`")

    @property
    def extras_pinned(self) -> bool:
        return any(entry.requirement and entry.requirement.extras for entry in self.parsed.entries)


def at(path: Path, place: Entry | Option, code: str, message: str) -> Finding:
    return Finding(str(path), None, place.line, place.column, code, message)


def check_pair(inputs: Inputs, lock: Lock) -> list[Finding]:
    """Every offline finding for one ``.in``/``.txt`` pair."""
    pinned = index_entries(lock)
    copied = frozenset(o.value for parsed in inputs.parsed.values() for o in parsed.options)
    return [
        *check_lines(lock),
        *check_declared(inputs, lock, pinned),
        *check_stale(inputs, lock, pinned),
        *check_layers(inputs, lock),
        *check_machine_specific(lock.path, lock.parsed, lock, copied),
        *(
            finding
            for source, parsed in inputs.parsed.items()
            for finding in check_machine_specific(source, parsed, lock)
        ),
    ]


def entry_key(entry: Entry, base: Path) -> str | None:
    """Names for named entries, resolved locations for editables (which have no name);
    a URL line without ``name @`` is known by its ``#egg=`` name, else by its URL."""
    if entry.editable:
        return "-e " + location(entry.text, base)
    if entry.name is not None:
        return entry.name
    if not URL_LINE.match(entry.text):
        return None
    egg = EGG.search(entry.text)
    return canonicalize_name(egg.group(1)) if egg else "url " + repository(entry.text)


def repository(url: str) -> str:
    """A requirement URL without its fragment and revision: which project it fetches
    (``git+https://host/o/p.git@main#egg=p`` -> ``git+https://host/o/p``)."""
    url = url.partition("#")[0]
    head, slash, last = url.rpartition("/")
    if "@" in last:
        last = last.partition("@")[0]
    return f"{head}{slash}{last}".rstrip("/").removesuffix(".git")


def revision(url: str) -> str | None:
    last = url.partition("#")[0].rpartition("/")[2]
    return last.partition("@")[2] or None


def same_url(wanted: str, got: str) -> bool:
    """The pin fetches what the input asks for: the same project, and the same revision
    or the commit a branch or tag resolved to (uv writes the full commit)."""
    if repository(wanted) != repository(got):
        return False
    asked, pinned = revision(wanted), revision(got)
    if asked is None or asked == pinned:
        return True
    if pinned is None or not COMMIT.fullmatch(pinned):
        return False
    return not COMMIT.fullmatch(asked) or pinned.startswith(asked)


def location(target: str, base: Path) -> str:
    """A local ``file:`` URL or path resolved against ``base``; other URLs as written."""
    if "://" in target and not target.startswith("file:"):
        return target
    path = unquote(target.removeprefix("file://").removeprefix("file:"))
    return os.path.abspath(base / path)


def index_entries(lock: Lock) -> dict[str, list[Entry]]:
    """The pins by key; a ``name @ url`` pin is also found by its URL, for an input that
    names the URL alone (``git+https://host/o/p``)."""
    pinned: dict[str, list[Entry]] = {}
    for entry in lock.parsed.entries:
        key = entry_key(entry, lock.path.parent)
        if key is not None:
            pinned.setdefault(key, []).append(entry)
        if entry.requirement is not None and entry.requirement.url:
            pinned.setdefault("url " + repository(entry.requirement.url), []).append(entry)
    return pinned


def applies(marker: Marker | None, python: str | None) -> bool | None:
    """Whether a marker holds for the header's Python (every supported one when the
    header names none) on every platform; None when it depends."""
    if marker is None:
        return True
    results = set()
    pythons = [python] if python is not None else [f"3.{minor}" for minor in range(8, 15)]
    for (os_name, machine, system, sys_platform), python in itertools.product(PLATFORMS, pythons):
        for full_version in (f"{python}.0", f"{python}.99"):
            environment = {
                "implementation_name": "cpython",
                "implementation_version": full_version,
                "os_name": os_name,
                "platform_machine": machine,
                "platform_python_implementation": "CPython",
                "platform_release": "",
                "platform_system": system,
                "platform_version": "",
                "python_full_version": full_version,
                "python_version": python,
                "sys_platform": sys_platform,
                "extra": "",
            }
            try:
                results.add(marker.evaluate(environment))
            except (UndefinedComparison, UndefinedEnvironmentName):
                return None
    return results.pop() if len(results) == 1 else None


def pinned_version(entry: Entry) -> Version | None:
    """The version of an ``==X`` pin; None for anything pip-compile would not write."""
    if entry.requirement is None or entry.requirement.url:
        return None
    specifiers = list(entry.requirement.specifier)
    if len(specifiers) != 1 or specifiers[0].operator != "==" or "*" in specifiers[0].version:
        return None
    try:
        return Version(specifiers[0].version)
    except InvalidVersion:
        return None


def check_lines(lock: Lock) -> Iterator[Finding]:
    """Lines pip-compile never writes, duplicates and partial hashing (RH306-RH308)."""
    seen: set[tuple[str, str]] = set()
    hashed = lock.compilation.generate_hashes or any(e.hashes for e in lock.parsed.entries)
    for option in lock.parsed.options:
        if option.name in ("--requirement", "--constraint"):
            message = f"pip-compile never writes '{option.name} {option.value}' into its output"
            yield lock.finding(option, rules.NOT_PINNED, message)
    for entry in lock.parsed.entries:
        key = entry_key(entry, lock.path.parent)
        if key is None:
            message = f"'{entry.text}' is not a requirement pip-compile writes"
            yield lock.finding(entry, rules.NOT_PINNED, message)
            continue
        marker = entry.requirement.marker if entry.requirement else None
        # One pin per environment is fine (uv --universal writes such forks, and so do
        # projects that hold a version back for one interpreter): not twice for one.
        fork = str(marker) if marker else ""
        if (key, fork) in seen:
            message = f"'{key}' is pinned more than once"
            yield lock.finding(entry, rules.DUPLICATE, message)
        seen.add((key, fork))
        # A URL pins itself (pip-compile 6 wrote VCS lines as the input had them).
        is_url = bool(entry.requirement and entry.requirement.url) or bool(
            URL_LINE.match(entry.text)
        )
        if not (entry.editable or is_url or pinned_version(entry) is not None):
            message = f"'{entry.text}' is not pinned with '=='"
            yield lock.finding(entry, rules.NOT_PINNED, message)
        if hashed and not entry.hashes and not entry.editable and not URL_LINE.match(entry.text):
            message = f"'{key}' has no --hash while the file pins with hashes"
            yield lock.finding(entry, rules.PARTIAL_HASHES, message)


def check_declared(inputs: Inputs, lock: Lock, pinned: dict[str, list[Entry]]) -> Iterator[Finding]:
    """Each input requirement is pinned, within its specifier, with extras and marker,
    and annotated as coming from its file (RH301, RH302, RH303, RH305)."""
    compilation = lock.compilation
    # A project's script may delete a pin after compiling (`sed '/^django==/d'` so that
    # tox picks the version): pins still annotated `via django` show it was compiled.
    required_by_pins = {canonicalize_name(item) for e in lock.parsed.entries for item in e.via}
    lines: dict[str | None, list[Declared]] = {}
    for declared in inputs.declared:
        lines.setdefault(entry_key(declared.entry, declared.source.parent), []).append(declared)
    for declared in inputs.declared:
        key = entry_key(declared.entry, declared.source.parent)
        requirement = declared.entry.requirement
        marker = requirement.marker if requirement else None
        if key is None or applies(marker, compilation.python) is not True:
            continue
        entries = pinned.get(key)
        if not entries:
            if (
                key not in lock.parsed.unsafe_names
                and key not in compilation.unsafe
                and not (compilation.custom and key in required_by_pins)
            ):
                message = f"'{declared.entry.text}' is not pinned in {lock.path}"
                yield at_declared(declared, lock, rules.NOT_COMPILED, message)
            continue
        entry = entries[0]
        yield from _check_pin(declared, entry, lock, lines[key])
        # Early uv releases left direct requirements without `# via -r FILE`.
        unannotated_direct = compilation.uv and not any(e.via for e in entries)
        if (
            compilation.annotate
            and lock.parsed.annotated
            and not unannotated_direct
            and not any(_cites(e, declared.source, lock) for e in entries)
        ):
            name = entry_key(entry, lock.path.parent)
            message = f"'{name}' is required by {declared.source} but not annotated 'via' it"
            yield lock.finding(entry, rules.MISSING_VIA, message)


def at_declared(declared: Declared, lock: Lock, code: str, message: str) -> Finding:
    return at(declared.source, declared.entry, code, f"{message}; run `{lock.advice}`")


def _check_pin(
    declared: Declared, entry: Entry, lock: Lock, same_name: list[Declared]
) -> Iterator[Finding]:
    wanted, got = declared.entry.requirement, entry.requirement
    if wanted is None or got is None:
        return
    version = pinned_version(entry)
    if wanted.url and not (got.url and same_url(wanted.url, got.url)):
        message = f"'{entry.text}' is not the URL {declared.source} asks for ('{wanted.url}')"
        yield lock.finding(entry, rules.OUTSIDE_SPECIFIER, message)
    elif version is not None and not wanted.specifier.contains(version, prereleases=True):
        wanted_text = declared.entry.text
        message = f"{entry.name}=={version} does not satisfy '{wanted_text}' from {declared.source}"
        yield lock.finding(entry, rules.OUTSIDE_SPECIFIER, message)
    missing_extras = {canonicalize_name(e) for e in wanted.extras} - {
        canonicalize_name(e) for e in got.extras
    }
    if missing_extras and not strips_extras(lock.compilation, lock.extras_pinned):
        extras = ",".join(sorted(missing_extras))
        message = f"'{entry.text}' lacks the extras [{extras}] of {declared.source}"
        yield lock.finding(entry, rules.EXTRAS_OR_MARKER, message)
    if lock.compilation.writes_markers:
        yield from _check_marker(declared, entry, lock, same_name)


def _check_marker(
    declared: Declared, entry: Entry, lock: Lock, same_name: list[Declared]
) -> Iterator[Finding]:
    """pip-compile copies the marker of the one input line that asks for a package onto
    its pin; it cannot say which marker to write when several lines or other pins ask."""
    wanted, got = declared.entry.requirement, entry.requirement
    assert wanted is not None and got is not None  # checked by the caller
    unmarked = any(d.entry.requirement and not d.entry.requirement.marker for d in same_name)
    if wanted.marker and not got.marker and not unmarked:
        message = f"'{entry.text}' lacks the marker '{wanted.marker}' of {declared.source}"
        yield lock.finding(entry, rules.EXTRAS_OR_MARKER, message)
        return
    direct_only = all(item.startswith(("-r ", "-c ")) for item in entry.via)
    if len(same_name) != 1 or not direct_only or not entry.via:
        return
    if got.marker and not wanted.marker:
        message = (
            f"'{entry.text}' keeps the marker '{got.marker}' that {declared.source} no longer has"
        )
        yield lock.finding(entry, rules.EXTRAS_OR_MARKER, message)
    elif got.marker and wanted.marker and str(got.marker) != str(wanted.marker):
        message = (
            f"'{entry.text}' has the marker '{got.marker}', not '{wanted.marker}' of "
            f"{declared.source}"
        )
        yield lock.finding(entry, rules.EXTRAS_OR_MARKER, message)


def same_file(reference: str, path: Path, lock: Lock) -> bool:
    """A via path is relative to where the compiler ran; an absolute one from another
    machine (``/Users/ana/project/requirements/docs.txt``) is matched by its tail."""
    written = Path(reference)
    if (lock.workdir / written).resolve() == path.resolve():
        return True
    resolved = path.resolve().parts
    parts = [part for part in written.parts if part not in (".", "..", written.anchor)]
    if written.is_absolute():
        mine = Path(os.path.relpath(path.resolve(), lock.workdir.resolve())).parts
        return ".." not in mine and list(written.parts[-len(mine) :]) == list(mine)
    return bool(parts) and list(resolved[-len(parts) :]) == parts


def _cites(entry: Entry, source: Path, lock: Lock) -> bool:
    return any(
        (reference := annotation_source(item)) is not None and same_file(reference, source, lock)
        for item in entry.via
    )


def check_stale(inputs: Inputs, lock: Lock, pinned: dict[str, list[Entry]]) -> Iterator[Finding]:
    """Pins kept for a requirement no input declares any more (or declares only under
    a marker false for the header's Python, which pip-compile leaves out), and what only
    they pulled in (RH304). A pin is live if a live input or a live pin needs it."""
    if not lock.parsed.annotated or not inputs.files:
        return
    python = lock.compilation.python
    declared_in: set[tuple[str | None, Path]] = set()
    excluded: dict[str | None, Declared] = {}
    for declared in inputs.declared:
        requirement = declared.entry.requirement
        key = _pin_key(declared, pinned)
        if requirement and applies(requirement.marker, python) is False:
            excluded.setdefault(key, declared)
        else:
            declared_in.add((key, declared.source.resolve()))
    entries = [e for e in lock.parsed.entries if entry_key(e, lock.path.parent) is not None]
    live: set[str] = set()
    for entry in entries:
        key = entry_key(entry, lock.path.parent)
        if not entry.via or any(
            _item_is_root(item, key, declared_in, inputs, lock, pinned) for item in entry.via
        ):
            live.add(key)  # type: ignore[arg-type]
    changed = True
    while changed:
        changed = False
        for entry in entries:
            key = entry_key(entry, lock.path.parent)
            if key not in live and any(canonicalize_name(item) in live for item in entry.via):
                live.add(key)  # type: ignore[arg-type]
                changed = True
    for entry in entries:
        key = entry_key(entry, lock.path.parent)
        if key in live:
            continue
        references = [r for item in entry.via if (r := annotation_source(item)) is not None]
        marked = excluded.get(key)
        if marked is not None and marked.entry.requirement is not None:
            message = (
                f"'{key}' is pinned for {marked.source}, which asks for it only when "
                f"'{marked.entry.requirement.marker}', false for Python {python} of the header"
            )
        elif references:
            message = f"'{key}' is pinned for {', '.join(references)} which no longer requires it"
        else:
            message = f"'{key}' is only needed by pins that are no longer required"
        yield lock.finding(entry, rules.STALE, message)


def _pin_key(declared: Declared, pinned: dict[str, list[Entry]]) -> str | None:
    """The key of the pin a declared line makes: a bare URL's pin is named."""
    key = entry_key(declared.entry, declared.source.parent)
    if key is not None and key.startswith("url ") and key in pinned:
        return pinned[key][0].name
    return key


def _item_is_root(
    item: str,
    key: str | None,
    declared_in: set[tuple[str | None, Path]],
    inputs: Inputs,
    lock: Lock,
    pinned: dict[str, list[Entry]],
) -> bool:
    """A via item that keeps a pin alive by itself: a current input declaring it, or
    something this file does not pin (an editable's name, an unsafe package)."""
    if item.startswith("-c "):
        return False
    reference = annotation_source(item)
    if reference is None:
        return canonicalize_name(item) not in pinned
    if any(same_file(reference, problem.target, lock) for problem in inputs.problems):
        return True  # an input that could not be read: nothing to say about its pins
    return any(
        same_file(reference, source, lock) and (key, source.resolve()) in declared_in
        for source in inputs.files
    )


def check_layers(inputs: Inputs, lock: Lock) -> Iterator[Finding]:
    """A pin that disagrees with a ``-c`` constraint file of its inputs (RH309)."""
    python = lock.compilation.python
    for path, option, constraint in inputs.constraints:
        limits: dict[str, list[Entry]] = {}
        for entry in constraint.entries:
            marker = entry.requirement.marker if entry.requirement else None
            if entry.name and applies(marker, python) is not False:
                limits.setdefault(entry.name, []).append(entry)
        for entry in lock.parsed.entries:
            version = pinned_version(entry)
            for limit in limits.get(entry.name or "", []):
                assert limit.requirement is not None  # named entries are parsed
                if version is not None and not limit.requirement.specifier.contains(
                    version, prereleases=True
                ):
                    message = (
                        f"'{entry.text}' disagrees with '{limit.text}' in {path}"
                        f" (-c at line {option.line})"
                    )
                    yield lock.finding(entry, rules.LAYER_CONFLICT, message)


def check_machine_specific(
    path: Path, parsed: RequirementsFile, lock: Lock, copied: frozenset[str] = frozenset()
) -> Iterator[Finding]:
    """Absolute local paths and index passwords, which break the file elsewhere (RH313).
    ``copied`` are the option values of the inputs, which the output only copies: those
    are reported once, in the input."""
    in_output = path == lock.path
    run = f"run `{lock.advice}`"
    header_values = {value for values in lock.compilation.flags.values() for value in values}
    for option in parsed.options:
        if option.name not in INDEX_OPTIONS or option.value in copied:
            continue
        if in_output and option.value in header_values:
            fix = "the header's command passes it: change the command, then run it"
        elif in_output:
            fix = run
        else:
            fix = None
        masked = mask_url_passwords(option.value)
        if masked != option.value:
            fix = fix or f"keep credentials in pip.conf, keyring or .netrc, then {run}"
            message = f"{option.name} carries a password ({masked}); {fix}"
            yield at(path, option, rules.MACHINE_SPECIFIC, message)
        elif is_machine_local(option.value):
            fix = fix or f"use a folder relative to the project, then {run}"
            message = f"{option.name} {option.value} is a folder on this machine; {fix}"
            yield at(path, option, rules.MACHINE_SPECIFIC, message)
    for entry in parsed.entries:
        target = (
            entry.text
            if entry.editable
            else (entry.requirement.url if entry.requirement and entry.requirement.url else None)
        )
        if target is None or not is_machine_local(target):
            continue
        place = location(target, path.parent)
        relative = os.path.relpath(place, path.parent)
        if os.path.relpath(place).startswith(".."):
            fix = "move it into the project and name it by a path relative to the input"
        elif place.endswith((".whl", ".tar.gz", ".zip")):
            folder = os.path.dirname(relative) or "."
            fix = (
                f"a file cannot be editable, nor locked by a relative path: write "
                f"'--find-links {folder}' and the package's name in the input"
            )
        else:
            fix = f"write '-e file:{relative}' in the input instead of an absolute or './' path"
        message = f"'{target}' is a path on this machine; {fix}, then {run}"
        yield at(path, entry, rules.MACHINE_SPECIFIC, message)
