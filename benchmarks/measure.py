"""What the benchmark scripts share: run a command and measure it, the corpus's files,
the anchor tools, a scratch copy of the installed package. Not a benchmark itself.

CPU time and peak memory come from ``wait4``: the command's own and its waited-for
descendants' (a pool's workers, the processes pre-commit starts), so they hold on a loaded
machine, where wall time does not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The corpus beside the checkout, or beside the folder of its git worktrees.
DEFAULT_CORPUS = next(
    (
        folder / "shared" / "corpus" / "real"
        for folder in (ROOT.parent, ROOT.parent.parent)
        if (folder / "shared" / "corpus" / "real").is_dir()
    ),
    ROOT.parent / "shared" / "corpus" / "real",
)
SUFFIXES = (".py", ".ipynb")


@dataclass(frozen=True)
class Measured:
    """One run: wall and CPU seconds, peak resident memory of the largest process (MB)."""

    wall: float
    cpu: float
    peak_mb: float
    returncode: int
    stdout: str


def run(
    command: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    ok: Sequence[int] = (0, 1),
) -> Measured:
    """Run ``command`` once; exit if it fails (an exit status outside ``ok``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode not in ok:
        sys.exit(f"{command[0]} failed ({process.returncode}): {stderr[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(wall, cpu, usage.ru_maxrss / 1024, process.returncode, stdout)


def best(
    command: Sequence[str],
    cwd: Path,
    repeat: int,
    env: Mapping[str, str] | None = None,
    ok: Sequence[int] = (0, 1),
) -> Measured:
    """The least disturbed of ``repeat`` runs: the smallest wall, CPU and memory each."""
    runs = [run(command, cwd, env, ok) for _ in range(repeat)]
    return Measured(
        min(r.wall for r in runs),
        min(r.cpu for r in runs),
        min(r.peak_mb for r in runs),
        runs[0].returncode,
        runs[0].stdout,
    )


def paired(
    ours: Sequence[str], anchor: Sequence[str], cwd: Path, pairs: int
) -> list[tuple[Measured, Measured]]:
    """``ours`` and ``anchor`` run in turn, ``pairs`` times. A pair runs at one moment, so
    its ratio holds when the machine's speed drifts between pairs: quote the median."""
    return [(run(ours, cwd), run(anchor, cwd)) for _ in range(pairs)]


def corpus_files(corpus: Path) -> list[str]:
    """The corpus's ``.py`` files and notebooks, relative to it, sorted."""
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus}: pass --corpus DIR")
    return sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.suffix in SUFFIXES)


def tool(name: str) -> str:
    """An anchor tool: from this interpreter's environment, else from ``PATH``."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        sys.exit(f"{name} is not installed (pip install -e '.[test]' installs the anchors)")
    return found


def ratio(label: str, ours: float, anchor: float, goal: float, unit: str = "s") -> str:
    """``label  ours  anchor  ratio  (goal)`` as one aligned line."""
    verdict = "ok" if ours <= goal * anchor else "OVER"
    return (
        f"{label:<44} {ours:8.3f} {unit} vs {anchor:8.3f} {unit}  "
        f"= {ours / anchor:5.2f}x  (goal <= {goal}x: {verdict})"
    )


def installed_package(folder: Path) -> Path:
    """A virtualenv in ``folder`` with the project installed from a wheel, as users get
    it: an editable install's import hook adds start-up time a user never pays. Returns
    the environment's ``bin`` folder."""
    wheels = folder / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    wheel = next(wheels.glob("repro_hooks-*.whl"))
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True
    )
    return venv / "bin"
