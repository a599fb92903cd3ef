"""Compare a pair's inputs with its compiled ``.txt``: pure functions, no I/O.

Each ``check_*`` function answers one question pip-compile would answer by recompiling,
using only what the two files say; when they cannot say (a marker that depends on the
platform, an unnamed requirement), the question is left alone rather than guessed.
"""

from __future__ import annotations

import os
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
from repro_hooks.hooks.requirements_current.header import Compilation
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


@dataclass(frozen=True)
class Lock:
    """The compiled ``.txt`` of a pair, with its path and the run that made it."""

    path: Path
    parsed: RequirementsFile
    compilation: Compilation

    def finding(self, entry: Entry | Option, code: str, message: str) -> Finding:
        return at(self.path, entry, code, f"{message}; run `{self.compilation.advice}`")


def at(path: Path, place: Entry | Option, code: str, message: str) -> Finding:
    return Finding(str(path), None, place.line, place.column, code, message)


def check_pair(inputs: Inputs, lock: Lock) -> list[Finding]:
    """Every offline finding for one ``.in``/``.txt`` pair."""
    pinned = index_entries(lock)
    return [
        *check_lines(lock),
        *check_declared(inputs, lock, pinned),
        *check_stale(inputs, lock, pinned),
        *check_layers(inputs, lock),
        *check_machine_specific(lock.path, lock.parsed, lock.compilation, in_output=True),
        *(
            finding
            for source, parsed in inputs.parsed.items()
            for finding in check_machine_specific(source, parsed, lock.compilation, False)
        ),
    ]


def entry_key(entry: Entry, base: Path) -> str | None:
    """Names for named entries, resolved locations for editables (which have no name)."""
    if entry.editable:
        return "-e " + location(entry.text, base)
    return entry.name


def location(target: str, base: Path) -> str:
    """A local ``file:`` URL or path resolved against ``base``; other URLs as written."""
    if "://" in target and not target.startswith("file:"):
        return target
    path = unquote(target.removeprefix("file://").removeprefix("file:"))
    return os.path.abspath(base / path)


def index_entries(lock: Lock) -> dict[str, list[Entry]]:
    pinned: dict[str, list[Entry]] = {}
    for entry in lock.parsed.entries:
        key = entry_key(entry, lock.path.parent)
        if key is not None:
            pinned.setdefault(key, []).append(entry)
    return pinned


def applies(marker: Marker | None, python: str) -> bool | None:
    """Whether a marker holds for the header's Python on every platform (None: it depends)."""
    if marker is None:
        return True
    results = set()
    for os_name, machine, system, sys_platform in PLATFORMS:
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
    seen: set[str] = set()
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
        if key in seen:
            message = f"'{key}' is pinned more than once"
            yield lock.finding(entry, rules.DUPLICATE, message)
        seen.add(key)
        exact = entry.editable or pinned_version(entry) is not None
        if not exact and not (entry.requirement and entry.requirement.url):
            message = f"'{entry.text}' is not pinned with '=='"
            yield lock.finding(entry, rules.NOT_PINNED, message)
        if hashed and not entry.hashes and not entry.editable:
            message = f"'{key}' has no --hash while the file pins with hashes"
            yield lock.finding(entry, rules.PARTIAL_HASHES, message)


def check_declared(inputs: Inputs, lock: Lock, pinned: dict[str, list[Entry]]) -> Iterator[Finding]:
    """Each input requirement is pinned, within its specifier, with extras and marker,
    and annotated as coming from its file (RH301, RH302, RH303, RH305)."""
    compilation = lock.compilation
    unmarked = {
        d.entry.name
        for d in inputs.declared
        if d.entry.requirement and not d.entry.requirement.marker
    }
    for declared in inputs.declared:
        key = entry_key(declared.entry, declared.source.parent)
        requirement = declared.entry.requirement
        marker = requirement.marker if requirement else None
        if key is None or applies(marker, compilation.python) is not True:
            continue
        entries = pinned.get(key)
        if not entries:
            if key not in lock.parsed.unsafe_names:
                message = f"'{declared.entry.text}' is not pinned in {lock.path}"
                yield at_declared(declared, lock, rules.NOT_COMPILED, message)
            continue
        entry = entries[0]
        yield from _check_pin(declared, entry, lock, key in unmarked)
        if (
            compilation.annotate
            and lock.parsed.annotated
            and not _cites(entry, declared.source, lock)
        ):
            message = f"'{key}' is required by {declared.source} but not annotated 'via' it"
            yield lock.finding(entry, rules.MISSING_VIA, message)


def at_declared(declared: Declared, lock: Lock, code: str, message: str) -> Finding:
    return at(declared.source, declared.entry, code, f"{message}; run `{lock.compilation.advice}`")


def _check_pin(declared: Declared, entry: Entry, lock: Lock, unmarked: bool) -> Iterator[Finding]:
    wanted, got = declared.entry.requirement, entry.requirement
    if wanted is None or got is None:
        return
    version = pinned_version(entry)
    if wanted.url and wanted.url != got.url:
        message = f"'{entry.text}' is not the URL {declared.source} asks for ('{wanted.url}')"
        yield lock.finding(entry, rules.OUTSIDE_SPECIFIER, message)
    elif version is not None and not wanted.specifier.contains(version, prereleases=True):
        wanted_text = declared.entry.text
        message = f"{entry.name}=={version} does not satisfy '{wanted_text}' from {declared.source}"
        yield lock.finding(entry, rules.OUTSIDE_SPECIFIER, message)
    missing_extras = {canonicalize_name(e) for e in wanted.extras} - {
        canonicalize_name(e) for e in got.extras
    }
    if missing_extras and not lock.compilation.strip_extras:
        extras = ",".join(sorted(missing_extras))
        message = f"'{entry.text}' lacks the extras [{extras}] of {declared.source}"
        yield lock.finding(entry, rules.EXTRAS_OR_MARKER, message)
    if wanted.marker and not got.marker and not unmarked:
        message = f"'{entry.text}' lacks the marker '{wanted.marker}' of {declared.source}"
        yield lock.finding(entry, rules.EXTRAS_OR_MARKER, message)


def via_reference(item: str) -> str | None:
    """The input file a ``via`` item names: ``-r a.in`` or ``project (pyproject.toml)``."""
    if item.startswith("-r "):
        return item[3:].strip()
    if item.endswith(")") and " (" in item:
        return item[item.rindex(" (") + 2 : -1]
    return None


def same_file(reference: str, path: Path, lock: Lock) -> bool:
    """A via path is relative to where pip-compile ran: match it by its trailing parts."""
    if (lock.path.parent / reference).resolve() == path.resolve():
        return True
    parts = [part for part in Path(reference).parts if part not in (".", "..")]
    return bool(parts) and list(path.resolve().parts[-len(parts) :]) == parts


def _cites(entry: Entry, source: Path, lock: Lock) -> bool:
    return any(
        (reference := via_reference(item)) is not None and same_file(reference, source, lock)
        for item in entry.via
    )


def check_stale(inputs: Inputs, lock: Lock, pinned: dict[str, list[Entry]]) -> Iterator[Finding]:
    """Pins kept for a requirement no input declares any more, and what only they
    pulled in (RH304). A pin is live if a live input or a live pin needs it."""
    if not lock.parsed.annotated or not inputs.files:
        return
    declared_in = {
        (entry_key(d.entry, d.source.parent), d.source.resolve()) for d in inputs.declared
    }
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
        references = [r for item in entry.via if (r := via_reference(item)) is not None]
        if references:
            message = f"'{key}' is pinned for {', '.join(references)} which no longer requires it"
        else:
            message = f"'{key}' is only needed by pins that are no longer required"
        yield lock.finding(entry, rules.STALE, message)


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
    reference = via_reference(item)
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
    path: Path, parsed: RequirementsFile, compilation: Compilation, in_output: bool
) -> Iterator[Finding]:
    """Absolute local paths and index passwords, which break the file elsewhere (RH313)."""
    for option in parsed.options:
        if option.name not in INDEX_OPTIONS:
            continue
        masked = mask_url_passwords(option.value)
        if masked != option.value:
            advice = (
                f"run `{compilation.with_flag('--no-emit-index-url')}`"
                if in_output
                else f"keep credentials in pip.conf or keyring, then run `{compilation.advice}`"
            )
            message = f"{option.name} carries a password ({masked}); {advice}"
            yield at(path, option, rules.MACHINE_SPECIFIC, message)
        elif option.name == "--find-links" and is_machine_local(option.value):
            advice = (
                f"run `{compilation.with_flag('--no-emit-find-links')}`"
                if in_output
                else f"use a relative directory, then run `{compilation.advice}`"
            )
            message = f"--find-links {option.value} is a directory on this machine; {advice}"
            yield at(path, option, rules.MACHINE_SPECIFIC, message)
    for entry in parsed.entries:
        target = (
            entry.text
            if entry.editable
            else (entry.requirement.url if entry.requirement and entry.requirement.url else None)
        )
        if target is None or not is_machine_local(target):
            continue
        relative = os.path.relpath(location(target, path.parent), path.parent)
        message = (
            f"'{target}' is an absolute path on this machine; write '-e file:{relative}'"
            f" in the input instead of an absolute or './' path, then run `{compilation.advice}`"
        )
        yield at(path, entry, rules.MACHINE_SPECIFIC, message)
