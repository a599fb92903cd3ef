"""Run the command line in-process on a folder of generated files, and the oracles that
judge every run: what must hold whatever a repository holds.

The command writes to streams that encode as a UTF-8 terminal does (strict), so a string
the output layer cannot encode fails here as it would for a user. Every run has a time
limit (an alarm), so a hang is a failure with the input, not a stuck test session.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from repro_hooks.cli import main
from repro_hooks.engine.files import A_BUG
from repro_hooks.registry import hooks

FORMATS = ("text", "json", "sarif", "github")
# Every hook that checks Python files and notebooks, as the registry lists them.
FILE_HOOKS = tuple(hook.id for hook in hooks() if hook.scope == "sources")
# Seconds one command may take on one generated input before it counts as a hang.
TIME_LIMIT = int(os.environ.get("REPRO_HOOKS_FUZZ_TIME_LIMIT", "30"))
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
T = TypeVar("T")


class Hang(BaseException):
    """A command ran past :data:`TIME_LIMIT` (a BaseException, so that no ``except
    Exception`` in the code under test can swallow it)."""


@dataclass
class Run:
    """One command's exit status and output, and the exception that escaped it, if any."""

    argv: list[str]
    status: int | None
    stdout: bytes
    stderr: bytes
    error: str | None = None

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    def describe(self) -> str:
        return (
            f"repro-hooks {' '.join(map(repr, self.argv))} -> {self.status}\n"
            f"--- stdout\n{self.out[:4000]}\n--- stderr\n{self.err[:4000]}\n"
            f"--- escaped\n{self.error or ''}"
        )


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _in_folder(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _stream() -> io.TextIOWrapper:
    """What a UTF-8 terminal or pipe gives Python: strict UTF-8 over bytes."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)


def run_cli(argv: Sequence[str], cwd: Path, time_limit: int = TIME_LIMIT) -> Run:
    """``repro-hooks ARGV`` run in ``cwd``; nothing raised escapes, it is recorded."""
    stdout, stderr = _stream(), _stream()
    status: int | None = None
    error = None
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = stdout, stderr, io.StringIO()
    try:
        with _in_folder(cwd), _time_limit(time_limit):
            status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 2
    except BaseException:  # the oracle reports it with the input
        error = traceback.format_exc()
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
    return Run(
        list(argv),
        status,
        stdout.buffer.getvalue(),
        stderr.buffer.getvalue(),
        error,  # type: ignore[attr-defined]
    )


# -- the oracles -------------------------------------------------------------------------
def assert_sound(run: Run, *, usage_allowed: bool = False) -> None:
    """Exit 0 or 1 (2 only where the input is a usage error), nothing escaped, no
    traceback printed."""
    assert run.error is None, run.describe()
    allowed = (0, 1, 2) if usage_allowed else (0, 1)
    assert run.status in allowed, run.describe()
    assert "Traceback (most recent call last)" not in run.err, run.describe()
    if run.status == 2:
        assert re.match(r"(repro-hooks|usage:)", run.err), run.describe()
    assert A_BUG not in run.out, f"a check failed inside the engine\n{run.describe()}"


def assert_no_secret(run: Run, secrets: Sequence[str]) -> None:
    """No planted secret appears whole in stdout or stderr."""
    for secret in secrets:
        assert secret not in run.out and secret not in run.err, (
            f"secret {secret!r} printed whole\n{run.describe()}"
        )


def findings(run: Run) -> list[dict[str, object]]:
    """The findings of a ``--format json`` run."""
    data = json.loads(run.stdout)
    assert isinstance(data, list), run.describe()
    return data


def assert_output_well_formed(run: Run, output_format: str) -> None:
    """JSON and SARIF parse; every line of github is one workflow command; text lines
    are ``path...: CODE message`` or the summary."""
    if output_format == "json":
        findings(run)
    elif output_format == "sarif":
        log = json.loads(run.stdout)
        assert log["version"] == "2.1.0", run.describe()
    elif output_format == "github":
        for line in run.out.split("\n")[:-1]:
            assert line.startswith("::error "), run.describe()
    else:
        for line in run.out.split("\n")[:-1]:
            finding = re.search(r": RH\d{3} ", line) and not line.startswith(" ")
            continued = line.startswith("    ")  # a message's own second line
            assert finding or continued or line.startswith("Found "), run.describe()


def lines_of(text: str) -> list[str]:
    """A cell's or file's lines as Jupyter counts them (``\\r\\n``, ``\\r``, ``\\n``)."""
    return _LINE_BREAK.split(text)


def assert_in_range(
    found: Sequence[dict[str, object]], texts: dict[str, dict[int | None, str | None]]
) -> None:
    """Every finding about a known file is inside one of its cells (``None``: the
    whole file) and within that cell's lines and columns."""
    for finding in found:
        units = texts.get(str(finding["path"]))
        if units is None:
            continue
        cell, line, column = finding["cell"], finding["line"], finding["column"]
        assert cell in units, f"{finding} is in no cell of {sorted(units, key=str)}"
        if line is None:
            assert column is None, finding
            continue
        assert isinstance(line, int) and isinstance(column, (int, type(None))), finding
        text = units[cell]  # type: ignore[index]
        assert text is not None, f"{finding}: a line in a cell with no readable source"
        rows = lines_of(text)
        assert 1 <= line <= len(rows), f"{finding}: line outside {len(rows)} lines"
        if column is not None:
            assert 1 <= column <= len(rows[line - 1]) + 1, f"{finding}: column outside line"


# -- files on disk -----------------------------------------------------------------------
@dataclass(frozen=True)
class Snapshot:
    """Every entry below a folder: bytes and mode of files, targets of links."""

    entries: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    def changed(self, other: Snapshot) -> list[str]:
        keys = self.entries.keys() | other.entries.keys()
        return sorted(key for key in keys if self.entries.get(key) != other.entries.get(key))


def snapshot(folder: Path, skip: Sequence[str] = ()) -> Snapshot:
    """The state of everything below ``folder`` (never following a link)."""
    entries: dict[str, tuple[str, int, str]] = {}
    for parent, folders, names in os.walk(folder):
        relative_parent = os.path.relpath(parent, folder)
        folders[:] = [name for name in folders if os.path.join(relative_parent, name) not in skip]
        for name in [*folders, *names]:
            path = os.path.join(parent, name)
            key = os.path.normpath(os.path.join(relative_parent, name))
            info = os.lstat(path)
            if os.path.islink(path):
                entries[key] = ("link", info.st_mode, os.readlink(path))
            elif os.path.isfile(path):
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                entries[key] = ("file", info.st_mode, digest)
            elif os.path.isdir(path):
                entries[key] = ("dir", info.st_mode, "")
            else:
                entries[key] = ("other", info.st_mode, "")
    return Snapshot(entries)


def budget(short: int) -> Callable[[T], T]:
    """``short`` inputs in the short profile; the long profile's count otherwise."""
    from hypothesis import settings

    if os.environ.get("REPRO_HOOKS_FUZZ_PROFILE", "short") == "short":
        return settings(max_examples=short)
    return settings()


def notebook_units(value: object) -> dict[int | None, str | None]:
    """Where findings about a generated notebook may point: the whole file, and each cell
    (with its text where the cell has a readable source)."""
    units: dict[int | None, str | None] = {None: None}
    cells = value.get("cells") if isinstance(value, dict) else None
    field = "source"
    if isinstance(value, dict) and isinstance(value.get("worksheets"), list):  # format 3
        field = "input"
        sheets = [sheet for sheet in value["worksheets"] if isinstance(sheet, dict)]
        cells = [cell for sheet in sheets for cell in sheet.get("cells") or []]
    if not isinstance(cells, list):
        return units
    for number, cell in enumerate(cells, start=1):
        # A cell without a source reads as an empty one.
        source = cell.get(field, "") if isinstance(cell, dict) else None
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        units[number] = source if isinstance(source, str) else None
    return units


def python_units(data: bytes) -> dict[int | None, str | None]:
    """Where findings about a generated ``.py`` may point: its lines, if Python can
    decode it."""
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding).removeprefix("\ufeff")
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return {None: None}
    return {None: text}
