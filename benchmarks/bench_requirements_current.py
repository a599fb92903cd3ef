"""Offline ``requirements-current`` vs ``pip-compile`` recompiling the same pair.

Both run in one process on a copy of the committed ~350-line jupyter/pandas/seaborn lock
(tests/fixtures/requirements/bench); pip-compile needs the package index. Run with
``python benchmarks/bench_requirements_current.py``.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from repro_hooks.cli import main

FIXTURE = Path(__file__).parent.parent / "tests" / "fixtures" / "requirements" / "bench"
OFFLINE_RUNS = 20


def time_offline(workdir: Path) -> float:
    """Best wall time of the whole command (parse, compare, report), in seconds."""
    os.chdir(workdir)
    best = float("inf")
    for _ in range(OFFLINE_RUNS):
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            status = main(["requirements-current", "requirements.in", "requirements.txt"])
        best = min(best, time.perf_counter() - start)
        assert status == 0, "the committed lock should be current"
    return best


def time_pip_compile(workdir: Path) -> float:
    """One recompile into a scratch copy, as pip-tools' own hook does on each commit."""
    shutil.copy(workdir / "requirements.txt", workdir / "recompiled.txt")
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "piptools",
            "compile",
            "--quiet",
            "requirements.in",
            "--output-file=recompiled.txt",
        ],
        cwd=workdir,
        check=True,
        env={**os.environ, "CUSTOM_COMPILE_COMMAND": "pip-compile requirements.in"},
    )
    return time.perf_counter() - start


def main_benchmark() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch) / "bench"
        shutil.copytree(FIXTURE, workdir)
        lines = len((workdir / "requirements.txt").read_text().splitlines())
        offline = time_offline(workdir)
        compiled = time_pip_compile(workdir)
    print(f"lock: {lines} lines")
    print(f"requirements-current (offline): {offline * 1000:.1f} ms (best of {OFFLINE_RUNS})")
    print(f"pip-compile (recompile):        {compiled:.2f} s")
    print(f"ratio: pip-compile takes {compiled / offline:.0f}x as long")


if __name__ == "__main__":
    main_benchmark()
