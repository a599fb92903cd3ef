"""``--resolve`` and ``--fix``: let pip-compile itself say what the ``.txt`` should be.

pip-compile runs with the header's own flags, from the directory the header's paths are
relative to, with the existing ``.txt`` copied to a temporary file as its starting point
(so that it keeps the current pins where it can) and ``CUSTOM_COMPILE_COMMAND`` set to the
header's command (so that the header comes out the same). This needs the package index.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from repro_hooks.core.finding import Finding
from repro_hooks.engine.writes import WriteRefused, write_in_work_tree
from repro_hooks.hooks.requirements_current import rules
from repro_hooks.hooks.requirements_current.compare import Lock
from repro_hooks.output.encoding import say

TIMEOUT_SECONDS = 600


def recompile(sources: tuple[Path, ...], lock: Lock, fix: bool) -> list[Finding]:
    """A finding with the diff when pip-compile would write other bytes; with ``fix``,
    write them instead. Skipped, with a note on stderr, for another Python version."""
    compilation = lock.compilation
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if compilation.python != running:
        say(
            sys.stderr,
            f"repro-hooks requirements-current: {lock.path} was compiled with Python "
            f"{compilation.python}; this is Python {running}, whose pins may differ, so it "
            f"was not recompiled. Run the hook with Python {compilation.python}.",
        )
        return []
    current = lock.path.read_bytes()
    with tempfile.TemporaryDirectory(prefix="repro-hooks-") as scratch:
        output = Path(scratch) / lock.path.name
        output.write_bytes(current)
        command = [
            sys.executable,
            "-m",
            "piptools",
            "compile",
            "--quiet",
            *_arguments(sources, lock),
            f"--output-file={output}",
        ]
        environment = {**os.environ, "CUSTOM_COMPILE_COMMAND": compilation.command}
        try:
            result = subprocess.run(
                command,
                cwd=_working_directory(sources, lock),
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
            say(sys.stderr, f"repro-hooks requirements-current: not rewriting {lock.path}: {error}")
            return [_not_current(lock, current, compiled)]
        say(sys.stderr, f"repro-hooks requirements-current: rewrote {lock.path}")
        return []
    return [_not_current(lock, current, compiled)]


def _arguments(sources: tuple[Path, ...], lock: Lock) -> list[str]:
    """The header's words after the program, without its output file; for a custom
    command (whose flags are unknown), just the sources."""
    compilation = lock.compilation
    if compilation.custom or not compilation.sources:
        return [str(source.resolve()) for source in sources]
    words = lock.parsed.header.words if lock.parsed.header else []
    start = next(i for i, w in enumerate(words) if w.endswith(("pip-compile", "piptools")))
    rest = words[start + 1 :]
    if rest[:1] == ["compile"]:
        rest = rest[1:]
    kept: list[str] = []
    skip_next = False
    for word in rest:
        if skip_next:
            skip_next = False
        elif word in ("-o", "--output-file"):
            skip_next = True
        elif not word.startswith("--output-file="):
            kept.append(word)
    return kept


def _working_directory(sources: tuple[Path, ...], lock: Lock) -> Path:
    """Where pip-compile ran: the directory the header's first source path is relative to."""
    written = lock.compilation.sources
    if written and sources:
        parts = Path(written[0]).parts
        resolved = sources[0].resolve()
        if resolved.parts[-len(parts) :] == parts:
            return resolved.parents[len(parts) - 1]
    return lock.path.parent.resolve()


def _failed(lock: Lock, reason: str) -> Finding:
    message = f"pip-compile failed: {reason}; run `{lock.compilation.advice}`"
    return Finding(str(lock.path), None, None, None, rules.RESOLVE_FAILED, message)


def _not_current(lock: Lock, current: bytes, compiled: bytes) -> Finding:
    diff = difflib.unified_diff(
        current.decode("utf-8", "replace").splitlines(keepends=True),
        compiled.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=f"{lock.path} (committed)",
        tofile=f"{lock.path} (pip-compile)",
    )
    message = (
        f"not what pip-compile makes of its input:\n{''.join(diff)}"
        f"rewrite it with this hook's --fix, or run `{lock.compilation.advice}`"
    )
    return Finding(str(lock.path), None, None, None, rules.NOT_CURRENT, message)
