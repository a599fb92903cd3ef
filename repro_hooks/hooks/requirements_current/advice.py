"""The one command every finding of a pair tells the user to run.

It is the file's own command, as its header records it (pip-compile or uv, with its
options and paths), run from the folder the compiler ran in (``cd requirements && ...``
when that is not here), plus the flags that keep this machine's pip configuration out
of the output: pip-compile copies ``find-links``, index URLs and trusted hosts from
``PIP_*`` variables and pip's configuration files into the file it writes, where they
would be reported as machine-specific or make it differ from the committed one. uv reads
no pip configuration and emits none of these unless asked, so its command is kept as is.
A header that names a make target or a script is the project's own process: kept as is.
"""

from __future__ import annotations

import configparser
import os
import shlex
from collections.abc import Mapping
from pathlib import Path

from repro_hooks.core.paths import is_machine_local
from repro_hooks.hooks.requirements_current.header import Compilation
from repro_hooks.sources.requirements.lockfile import RequirementsFile

# pip settings pip-compile writes into its output -> the flag that keeps each out.
EMITTED = {
    "find-links": "--no-emit-find-links",
    "index-url": "--no-emit-index-url",
    "extra-index-url": "--no-emit-index-url",
    "trusted-host": "--no-emit-trusted-host",
}
# The option lines of a compiled file each setting becomes.
EMITTED_LINES = {
    "--no-emit-find-links": ("--find-links",),
    "--no-emit-index-url": ("--index-url", "--extra-index-url"),
    "--no-emit-trusted-host": ("--trusted-host",),
}
CONFIG_SECTIONS = ("global", "install")


def machine_pip_settings(environ: Mapping[str, str] | None = None) -> frozenset[str]:
    """Which of :data:`EMITTED` this machine's pip configuration sets: ``PIP_*``
    variables and the configuration files pip reads (none when ``PIP_CONFIG_FILE`` is
    ``os.devnull``)."""
    environ = os.environ if environ is None else environ
    found = {name for name in EMITTED if environ.get("PIP_" + name.upper().replace("-", "_"))}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(_config_files(environ), encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return frozenset(found)
    for section in CONFIG_SECTIONS:
        if parser.has_section(section):
            found |= {name for name in EMITTED if parser.get(section, name, fallback="")}
    return frozenset(found)


def _config_files(environ: Mapping[str, str]) -> list[str]:
    """pip's configuration files, in pip's order (site, user, ``PIP_CONFIG_FILE``)."""
    named = environ.get("PIP_CONFIG_FILE")
    if named == os.devnull:
        return []
    home = Path(environ.get("HOME", str(Path.home())))
    xdg = Path(environ.get("XDG_CONFIG_HOME", str(home / ".config")))
    files = ["/etc/pip.conf", "/etc/xdg/pip/pip.conf", str(home / ".pip" / "pip.conf")]
    files.append(str(xdg / "pip" / "pip.conf"))
    if environ.get("VIRTUAL_ENV"):
        files.append(str(Path(environ["VIRTUAL_ENV"]) / "pip.conf"))
    if named:
        files.append(named)
    return files


def keep_out_flags(compilation: Compilation, lock: RequirementsFile | None) -> list[str]:
    """The ``--no-emit-*`` flags a pip-compile run here needs so that the output does not
    take this machine's settings: those set here whose lines the committed file does not
    carry on purpose (a project's own relative ``--find-links`` or index stays)."""
    if compilation.compiler != "pip-compile" or compilation.custom:
        return []
    flags = []
    for flag in dict.fromkeys(EMITTED[name] for name in sorted(machine_pip_settings())):
        names = EMITTED_LINES[flag]
        wanted = lock is not None and any(
            option.name in names and not is_machine_local(option.value) for option in lock.options
        )
        if not wanted and not compilation.has(flag):
            flags.append(flag)
    return flags


def command(
    compilation: Compilation,
    output: Path,
    sources: tuple[Path, ...],
    workdir: Path | None,
    lock: RequirementsFile | None,
) -> str:
    """The command to run from here to rewrite ``output`` as its inputs say."""
    if compilation.custom:
        return compilation.command
    if lock is None or lock.header is None:
        arguments = [*map(str, sources)]
        if not sources or output != sources[0].with_suffix(".txt"):
            arguments.append(f"--output-file={output}")
        words = ["pip-compile", *keep_out_flags(compilation, lock), *arguments]
        return shlex.join(words)
    flags = keep_out_flags(compilation, lock)
    text = shlex.join([*compilation.program, *flags, *compilation.arguments])
    folder = os.path.relpath(workdir) if workdir is not None else "."
    return text if folder == "." else f"cd {shlex.quote(folder)} && {text}"
