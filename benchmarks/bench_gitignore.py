"""``gitignore`` on a repository of 10,000 tracked files (the target is under 0.3 s).

usage: python benchmarks/bench_gitignore.py [--files N] [--runs N]

Builds a throwaway repository (notebooks, modules and data spread over nested folders,
an ignored virtualenv, a compose file and a Dockerfile), then prints the best and median
wall time of the hook in-process and as a ``repro-hooks gitignore`` subprocess,
interpreter start-up included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from repro_hooks.hooks.gitignore.check import check_repository

BIN = Path(sys.executable).parent
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def build_repository(root: Path, file_count: int) -> None:
    """``file_count`` tracked files, 50 to a folder, three folders deep, committed."""
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=GIT_ENV)
    (root / ".gitignore").write_text(".env\nvenv/\n.venv/\n")
    (root / ".dockerignore").write_text(".env\n**/*.env\n")
    (root / "Dockerfile").write_text("FROM python:3.12\nCOPY . .\n")
    (root / "compose.yaml").write_text("services:\n  app:\n    env_file: [config/app.env]\n")
    (root / ".env").write_text("KEY=value\n")
    venv = root / ".venv"
    (venv / "lib" / "site-packages").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    for index in range(file_count - 4):
        folder = root / f"pkg{index // 2500}" / f"mod{index // 250 % 10}" / f"d{index // 50 % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".ipynb" if index % 3 == 0 else ".py"
        (folder / f"file{index}{suffix}").write_text(f"x = {index}\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=GIT_ENV)
    subprocess.run(["git", "commit", "-qm", "bench"], cwd=root, check=True, env=GIT_ENV)


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> None:
    best, median = min(times), statistics.median(times)
    print(f"{label:<34} best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-gitignore-") as scratch:
        root = Path(scratch) / "repo"
        build_repository(root, args.files)
        tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, check=True)
        print(f"repository: {len(tracked.stdout.splitlines())} tracked files at {root}")
        findings = check_repository(root)
        assert not findings, findings  # a clean repository: every step runs, nothing short-cuts
        report("in-process check_repository", timed(lambda: check_repository(root), args.runs))
        command = [str(BIN / "repro-hooks"), "gitignore"]
        in_subprocess = timed(lambda: subprocess.run(command, cwd=root, check=True), args.runs)
        report("subprocess repro-hooks gitignore", in_subprocess)
        print("target: under 300 ms for the subprocess, start-up included")


if __name__ == "__main__":
    main()
