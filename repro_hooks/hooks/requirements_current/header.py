"""What a ``.txt``'s pip-compile header says about how it was compiled.

The header is the only record of the flags that shape the output (``--strip-extras``,
``--allow-unsafe``, ``--generate-hashes``, annotations) and of the Python version the
markers were evaluated for; without one, pip-compile's defaults are assumed.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass

from packaging.utils import canonicalize_name

from repro_hooks.sources.requirements.lockfile import Header

# pip-tools never pins these unless --allow-unsafe (it lists them in a trailer comment).
DEFAULT_UNSAFE = frozenset({"setuptools", "distribute", "pip"})
# pip-compile options that take their value as the next word when not written with "=".
SHORT_OPTIONS = {
    "-o": "--output-file",
    "-c": "--constraint",
    "-P": "--upgrade-package",
    "-x": "--extra",
    "-i": "--index-url",
    "-f": "--find-links",
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
    }
)


@dataclass(frozen=True)
class Compilation:
    """The pip-compile run a header records (pip-compile's defaults when there is none)."""

    python: str
    command: str
    flags: dict[str, list[str]]
    sources: tuple[str, ...]
    custom: bool

    def has(self, flag: str) -> bool:
        return flag in self.flags

    @property
    def strip_extras(self) -> bool:
        return self.has("--strip-extras")

    @property
    def generate_hashes(self) -> bool:
        return self.has("--generate-hashes")

    @property
    def annotate(self) -> bool:
        return not self.has("--no-annotate")

    @property
    def unsafe(self) -> frozenset[str]:
        """Packages kept out of the pins (only named in a trailer) by this run."""
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
    def output_file(self) -> str | None:
        values = self.flags.get("--output-file")
        return values[-1] if values else None

    @property
    def advice(self) -> str:
        """The command a message suggests: the header's, plus ``--no-emit-find-links`` when
        pip here adds a local ``--find-links`` folder (``PIP_FIND_LINKS``) that would end
        up in the file and be reported as machine-specific."""
        local = [link for link in os.environ.get("PIP_FIND_LINKS", "").split() if "://" not in link]
        return self.with_flag("--no-emit-find-links") if local else self.command

    def with_flag(self, flag: str) -> str:
        """The command with one more flag, for a message's "run this" advice."""
        if self.custom or self.has(flag):
            return self.command
        program, _, rest = self.command.partition(" ")
        return f"{program} {flag} {rest}".strip()


def interpret(header: Header | None, default_source: str) -> Compilation:
    """Read the header's command line; a custom command keeps pip-compile's defaults."""
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if header is None:
        command = f"pip-compile {shlex.quote(default_source)}"
        return Compilation(running, command, {}, (default_source,), custom=False)
    python = header.python or running
    words = header.words
    program = next(
        (i for i, word in enumerate(words[:3]) if word.endswith(("pip-compile", "piptools"))),
        None,
    )
    if program is None:
        return Compilation(python, header.command, {}, (), custom=True)
    flags: dict[str, list[str]] = {}
    sources: list[str] = []
    pending: str | None = None
    for word in words[program + 1 :]:
        if pending is not None:
            flags.setdefault(pending, []).append(word)
            pending = None
        elif word.startswith("-"):
            name, has_value, value = word.partition("=")
            name = SHORT_OPTIONS.get(name, name)
            if has_value:
                flags.setdefault(name, []).append(value)
            elif name in SPACED_VALUE_OPTIONS:
                pending = name
            else:
                flags.setdefault(name, [])
        elif word != "compile":
            sources.append(word)
    return Compilation(python, header.command, flags, tuple(sources), custom=False)
