"""absolute-paths speed, side by side with its anchors in one run (not a test).

    python benchmarks/bench_absolute_paths.py [--corpus ../shared/corpus/real] [--repeat 3]

Prints the wall time of the hook and of ``ruff check`` over the same corpus files, their
ratio (the goal: within 3x of ruff), and the start-up-included wall time of the hook on
one small clean notebook (goal < 0.25 s) and one with findings (goal < 0.5 s).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def best_wall(command: list[str], cwd: Path, repeat: int) -> float:
    """The best of ``repeat`` wall times (the least disturbed by the rest of the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def small_notebook(folder: Path, with_finding: bool) -> Path:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Sales\n"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [],
            "source": ["import pandas as pd\n", "df = pd.read_csv('data/sales.csv')\n"],
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "metadata": {},
            "outputs": [],
            "source": ["df.groupby('region').sum()\n"],
        },
    ]
    if with_finding:
        cells[1]["source"][1] = "df = pd.read_csv('/home/michael/sales.csv')\n"
    path = folder / ("dirty.ipynb" if with_finding else "clean.ipynb")
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/real")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hook = [str(BIN / "repro-hooks"), "absolute-paths", "--format", "json"]
    ruff = shutil.which("ruff", path=str(BIN)) or shutil.which("ruff")
    files = sorted(
        str(p.relative_to(args.corpus))
        for p in args.corpus.rglob("*")
        if p.suffix in (".py", ".ipynb")
    )
    print(f"corpus: {len(files)} files in {args.corpus}")
    hook_time = best_wall([*hook, *files], args.corpus, args.repeat)
    print(f"repro-hooks absolute-paths   {hook_time:6.2f} s")
    if ruff:
        ruff_time = best_wall(
            [ruff, "check", "--no-cache", "--quiet", *files], args.corpus, args.repeat
        )
        print(f"ruff check (anchor)          {ruff_time:6.2f} s")
        print(f"ratio hook / ruff            {hook_time / ruff_time:6.2f}x  (goal <= 3x)")
    with tempfile.TemporaryDirectory() as folder:
        for with_finding, goal in ((False, 0.25), (True, 0.5)):
            notebook = small_notebook(Path(folder), with_finding)
            wall = best_wall([*hook, str(notebook)], Path(folder), max(5, args.repeat))
            label = "with a finding" if with_finding else "clean"
            print(f"one small notebook, {label:<14} {wall:6.3f} s  (goal < {goal} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
