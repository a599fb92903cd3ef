"""``--resolve`` and ``--fix``: let the file's own compiler say what it should be.

pip-compile (or ``uv pip compile``, for a file uv made) runs with the header's own
options, from the folder the header's paths are relative to, with the existing ``.txt``
copied to a temporary file as its starting point (so that it keeps the current pins
where it can) and the header's command as the one it records (so that the header comes
out the same). It runs isolated from this machine's pip and uv configuration: no
``PIP_*``/``UV_*`` variables but those that only reach the network, no configuration
file; the index is the one the header or the committed file names, else PyPI's, and a
note on stderr says which. This needs the package index.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from repro_hooks.core.finding import Finding
from repro_hooks.core.masking import redact
from repro_hooks.engine.writes import WriteRefused, write_in_work_tree
from repro_hooks.hooks.requirements_current import rules
from repro_hooks.hooks.requirements_current.compare import Lock
from repro_hooks.output.encoding import printable, say, write

TIMEOUT_SECONDS = 600
DEFAULT_INDEX = "https://pypi.org/simple"
# Variables that only say how to reach the network: kept; every other PIP_*/UV_* goes.
TRANSPORT = frozenset(
    {
        "PIP_CERT",
        "PIP_CLIENT_CERT",
        "PIP_PROXY",
        "PIP_TIMEOUT",
        "PIP_DEFAULT_TIMEOUT",
        "PIP_RETRIES",
        "UV_NATIVE_TLS",
        "UV_HTTP_TIMEOUT",
        "UV_CACHE_DIR",
    }
)
INDEX_FLAGS = ("--index-url", "--default-index", "--index")


def clean_environment(environ: Mapping[str, str], home: str) -> dict[str, str]:
    """``environ`` without this machine's pip and uv settings: no ``PIP_*``/``UV_*`` but
    :data:`TRANSPORT`, no pip configuration file, and uv's user configuration looked up
    in the empty folder ``home`` (the project's own ``[tool.uv]`` still applies)."""
    kept = {
        name: value
        for name, value in environ.items()
        if not name.startswith(("PIP_", "UV_", "PIPTOOLS_")) or name in TRANSPORT
    }
    kept["PIP_CONFIG_FILE"] = os.devnull
    kept["XDG_CONFIG_HOME"] = home
    return kept


def index_used(lock: Lock) -> str:
    """Which index the run uses, and why: the header's, the file's, or PyPI's."""
    for flag in INDEX_FLAGS:
        if lock.compilation.flags.get(flag):
            return f"{lock.compilation.flags[flag][-1]} (from the header)"
    for option in lock.parsed.options:
        if option.name == "--index-url":
            return f"{option.value} (from the file's --index-url line)"
    return f"{DEFAULT_INDEX} (the default: this machine's pip configuration is left out)"


def recompile(
    sources: tuple[Path, ...], lock: Lock, fix: bool, diff: bool = False
) -> list[Finding]:
    """A finding when the compiler would write other bytes (with the diff as its detail,
    printed on stderr with ``diff``); with ``fix``, write them instead. Skipped, with a
    note on stderr, for another Python version than pip-compile's header names."""
    compilation = lock.compilation
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if compilation.custom:
        note(f"{lock.path} is made by `{compilation.command}`, not by a compiler this hook runs")
        return []
    if not compilation.uv and compilation.python != running:
        note(
            f"{lock.path} was compiled with Python {compilation.python}; this is Python "
            f"{running}, whose pins may differ, so it was not recompiled. Run the hook with "
            f"Python {compilation.python}."
        )
        return []
    program = _program(compilation.uv)
    if program is None:
        return [_failed(lock, "uv is not installed here (pip install uv)")]
    current = lock.path.read_bytes()
    with tempfile.TemporaryDirectory(prefix="repro-hooks-") as scratch:
        output = Path(scratch) / lock.path.name
        output.write_bytes(current)
        home = Path(scratch) / "config"
        home.mkdir()
        environment = clean_environment(os.environ, str(home))
        if compilation.uv:
            environment["UV_CUSTOM_COMPILE_COMMAND"] = compilation.command
            command = [*program, *_arguments(sources, lock), f"--output-file={output}"]
        else:
            environment["CUSTOM_COMPILE_COMMAND"] = compilation.command
            command = [*program, "--quiet", *_arguments(sources, lock), f"--output-file={output}"]
        compiler = "uv pip compile" if compilation.uv else "pip-compile"
        note(f"recompiling {lock.path} with {compiler} against {index_used(lock)}")
        try:
            result = subprocess.run(
                command,
                cwd=lock.workdir,
                env=environment,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return [_failed(lock, str(error))]
        if result.returncode != 0:
            reason = (result.stderr.strip().splitlines() or ["no error output"])[-1]
            return [_failed(lock, reason)]
        compiled = output.read_bytes()
    if compiled == current:
        return []
    if fix:
        try:  # atomically, never through a link (the engine's one way to write)
            write_in_work_tree(lock.path.parent, lock.path.name, compiled)
        except WriteRefused as error:
            note(f"not rewriting {lock.path}: {error}")
            return [_not_current(lock, current, compiled)]
        note(f"rewrote {lock.path}")
        return []
    finding = _not_current(lock, current, compiled)
    if diff:
        write(sys.stderr, printable(redact(finding.detail or "")))
    return [finding]


def note(text: str) -> None:
    say(sys.stderr, f"repro-hooks requirements-current: {text}")


def _program(uv: bool) -> list[str] | None:
    if not uv:
        return [sys.executable, "-m", "piptools", "compile"]
    found = shutil.which("uv") or shutil.which("uv", path=os.path.dirname(sys.executable))
    return [found, "pip", "compile", "--quiet"] if found else None


def _arguments(sources: tuple[Path, ...], lock: Lock) -> list[str]:
    """The header's arguments without its output file; with no header, or no sources in
    it (a bare ``pip-compile``), the pair's."""
    compilation = lock.compilation
    if lock.parsed.header is None or not compilation.sources:
        return [os.path.relpath(source, lock.workdir) for source in sources]
    return list(compilation.arguments_without_output)


def _failed(lock: Lock, reason: str) -> Finding:
    compiler = "uv" if lock.compilation.uv else "pip-compile"
    message = f"{compiler} failed: {reason}; run `{lock.advice}`"
    return Finding(str(lock.path), None, None, None, rules.RESOLVE_FAILED, message)


def _not_current(lock: Lock, current: bytes, compiled: bytes) -> Finding:
    compiler = "uv" if lock.compilation.uv else "pip-compile"
    lines = list(
        difflib.unified_diff(
            current.decode("utf-8", "replace").splitlines(keepends=True),
            compiled.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"{lock.path} (committed)",
            tofile=f"{lock.path} ({compiler})",
        )
    )
    added = sum(1 for line in lines if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in lines if line.startswith("-") and not line.startswith("---"))
    message = (
        f"not what {compiler} makes of its input ({added} lines added, {removed} removed; "
        f"--diff or --format json shows them); rewrite it with this hook's --fix, or run "
        f"`{lock.advice}`"
    )
    return Finding(str(lock.path), None, None, None, rules.NOT_CURRENT, message, "".join(lines))
