"""What a ``.txt``'s header says about how it was compiled, by pip-compile or by uv.

The header is the only record of the flags that shape the output (``--strip-extras``,
``--allow-unsafe``, ``--generate-hashes``, annotations, uv's ``--universal``) and of the
Python version the markers were evaluated for; without one, pip-compile's defaults are
assumed. pip-compile and uv differ in their defaults: uv strips extras and markers
unless told otherwise, and pins ``pip`` and ``setuptools`` like any other package.
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass

from packaging.utils import canonicalize_name

from repro_hooks.sources.requirements.lockfile import Header

# pip-tools never pins these unless --allow-unsafe (it lists them in a trailer comment).
DEFAULT_UNSAFE = frozenset({"setuptools", "distribute", "pip"})
# Options written with a short name, and those that take their value as the next word
# when not written with "=", of pip-compile and ``uv pip compile`` together.
SHORT_OPTIONS = {
    "-o": "--output-file",
    "-c": "--constraint",
    "-P": "--upgrade-package",
    "-x": "--extra",
    "-i": "--index-url",
    "-f": "--find-links",
    "-p": "--pre",
}
UV_SHORT_OPTIONS = {
    **SHORT_OPTIONS,
    "-p": "--python",
    "-b": "--build-constraint",
    "-C": "--config-setting",
}
SPACED_VALUE_OPTIONS = frozenset(
    {
        "--output-file",
        "--constraint",
        "--upgrade-package",
        "--unsafe-package",
        "--extra",
        "--index-url",
        "--extra-index-url",
        "--find-links",
        "--annotation-style",
        "--pip-args",
        "--cache-dir",
        "--resolver",
        "--build-deps-for",
        "--trusted-host",
        "--uploaded-prior-to",
        # uv pip compile
        "--python",
        "--python-version",
        "--python-platform",
        "--index",
        "--default-index",
        "--group",
        "--override",
        "--build-constraint",
        "--no-emit-package",
        "--custom-compile-command",
        "--resolution",
        "--prerelease",
        "--exclude-newer",
        "--index-strategy",
        "--keyring-provider",
        "--torch-backend",
        "--config-setting",
        "--link-mode",
        "--refresh-package",
        "--no-binary",
        "--only-binary",
        "--fork-strategy",
        "--color",
    }
)
VERSION = re.compile(r"\d+\.\d+")


@dataclass(frozen=True)
class Compilation:
    """The run a header records: its ``compiler`` (``pip-compile`` or ``uv``, whose
    defaults differ), whether the header is ``custom`` (a make target, a script or a
    sentence instead of the compiler's command: its options are unknown), the header's
    ``words``, its ``flags`` and ``sources``, and the Python the markers were evaluated
    for (None when the header does not say: uv without ``--python-version``)."""

    compiler: str
    custom: bool
    python: str | None
    command: str
    words: tuple[str, ...]
    flags: dict[str, list[str]]
    sources: tuple[str, ...]
    start: int = 0  # where the arguments begin in ``words``, after the program

    @property
    def program(self) -> tuple[str, ...]:
        """``pip-compile``, ``python -m piptools compile`` or ``uv pip compile``."""
        return self.words[: self.start]

    @property
    def arguments(self) -> tuple[str, ...]:
        return self.words[self.start :]

    @property
    def uv(self) -> bool:
        return self.compiler == "uv"

    def has(self, flag: str) -> bool:
        return flag in self.flags

    @property
    def strip_extras(self) -> bool | None:
        """Whether the run stripped extras: uv does unless ``--no-strip-extras``;
        pip-compile as its flags say, None when they say nothing: pip-tools 7 kept
        extras by default, pip-tools 8 strips them (see :func:`strips_extras`)."""
        if self.uv:
            return not self.has("--no-strip-extras")
        if self.has("--strip-extras") or self.has("--no-strip-extras"):
            return self.has("--strip-extras")
        return None

    @property
    def writes_markers(self) -> bool:
        """pip-compile copies an input line's marker onto its pin; uv writes markers only
        for ``--universal`` output (or ``--no-strip-markers``), and then its own."""
        return not self.uv

    @property
    def generate_hashes(self) -> bool:
        return self.has("--generate-hashes")

    @property
    def annotate(self) -> bool:
        return not self.has("--no-annotate")

    @property
    def unsafe(self) -> frozenset[str]:
        """Packages kept out of the pins (only named in a trailer) by this run."""
        if self.uv:
            return frozenset(canonicalize_name(n) for n in self.flags.get("--no-emit-package", []))
        if self.has("--allow-unsafe"):
            return frozenset()
        named = {canonicalize_name(name) for name in self.flags.get("--unsafe-package", [])}
        return DEFAULT_UNSAFE | named

    @property
    def extras(self) -> frozenset[str]:
        if self.has("--all-extras"):
            return frozenset({"*"})
        return frozenset(self.flags.get("--extra", []))

    @property
    def groups(self) -> frozenset[str]:
        """Dependency groups (PEP 735) a uv header asks for: ``--group name``."""
        return frozenset(value.rpartition(":")[2] for value in self.flags.get("--group", []))

    @property
    def output_file(self) -> str | None:
        values = self.flags.get("--output-file")
        return values[-1] if values else None


def strips_extras(compilation: Compilation, pins_carry_extras: bool) -> bool:
    """Read a header without ``--strip-extras``/``--no-strip-extras`` as the version that
    wrote it did: a file whose pins carry extras kept them (pip-tools 7); one whose pins
    carry none may come from pip-tools 8, which strips them by default, and is read so
    when pip-tools 8 or newer is what re-runs it here. Under a header naming a script,
    whose options are unknown, the file alone says."""
    flagged = compilation.strip_extras
    if flagged is not None:
        return flagged
    if compilation.custom:  # a script's options are unknown: the file says
        return not pins_carry_extras
    return not pins_carry_extras and pip_tools_major() >= 8


def pip_tools_major() -> int:
    try:
        from importlib.metadata import PackageNotFoundError, version

        return int(version("pip-tools").split(".")[0])
    except (PackageNotFoundError, ValueError):
        return 7


def interpret(header: Header | None, default_source: str) -> Compilation:
    """Read the header's command line; a custom command keeps its compiler's defaults."""
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if header is None:
        default = ("pip-compile", default_source)
        command = shlex.join(default)
        return Compilation("pip-compile", False, running, command, default, {}, default[1:], 1)
    words = tuple(header.words)
    start = _program_end(words, header.compiler)
    if start is None:
        python = None if header.compiler == "uv" else header.python or running
        return Compilation(header.compiler, True, python, header.command, words, {}, ())
    flags, sources = _options(
        words[start:], UV_SHORT_OPTIONS if header.compiler == "uv" else SHORT_OPTIONS
    )
    python = header.python
    if header.compiler == "uv":
        named = [*flags.get("--python-version", []), *flags.get("--python", [])]
        python = next((v for v in named if VERSION.fullmatch(v)), None)
    elif python is None:
        python = running
    return Compilation(
        header.compiler, False, python, header.command, words, flags, tuple(sources), start
    )


def _program_end(words: tuple[str, ...], compiler: str) -> int | None:
    """Where the arguments start after ``pip-compile``, ``python -m piptools compile`` or
    ``uv pip compile``; None for any other command (a make target, a script)."""
    if compiler == "uv":
        for index in range(len(words) - 2):
            if words[index].endswith("uv") and words[index + 1 : index + 3] == ("pip", "compile"):
                return index + 3
        return None
    for index, word in enumerate(words[:3]):
        if word.endswith("pip-compile"):
            return index + 1
        if word.endswith("piptools"):
            return index + 2 if words[index + 1 : index + 2] == ("compile",) else index + 1
    return None


def _options(
    words: tuple[str, ...], short: dict[str, str]
) -> tuple[dict[str, list[str]], list[str]]:
    flags: dict[str, list[str]] = {}
    sources: list[str] = []
    pending: str | None = None
    for word in words:
        if pending is not None:
            flags.setdefault(pending, []).append(word)
            pending = None
        elif word.startswith("-") and word != "-":
            name, has_value, value = word.partition("=")
            name = short.get(name, name)
            if has_value:
                flags.setdefault(name, []).append(value)
            elif name in SPACED_VALUE_OPTIONS:
                pending = name
            else:
                flags.setdefault(name, [])
        else:
            sources.append(word)
    return flags, sources
