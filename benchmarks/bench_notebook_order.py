"""notebook-order speed, side by side with ruff in one run (not a test).

    python benchmarks/bench_notebook_order.py --corpus CORPUS [--repeat 3]

Prints the wall time of ``repro-hooks notebook-order`` and of ``ruff check`` over the same
``.ipynb`` files of ``CORPUS``, their ratio (the goal: well under ruff's time, so below
1x; the hook reads each notebook's JSON once and parses no code), the notebooks each
code flags, and the start-up-included wall time of the hook on one small notebook.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BIN = Path(sys.executable).parent


def wall(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - start


def best_walls(commands: list[list[str]], cwd: Path, repeat: int) -> list[float]:
    """The best of ``repeat`` wall times of each command (the least disturbed by the rest
    of the machine), taken in turns so that a change in load touches them alike."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for command, spent in zip(commands, times, strict=True):
            spent.append(wall(command, cwd))
    return [min(spent) for spent in times]


def flagged_per_code(command: list[str], cwd: Path) -> Counter[str]:
    """How many notebooks each code flags, from the hook's JSON output."""
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    findings = json.loads(run.stdout or "[]")
    return Counter(code for code, _ in {(f["code"], f["path"]) for f in findings})


def small_notebook(folder: Path) -> Path:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Sales\n"]},
        {
            "cell_type": "code",
            "execution_count": 2,
            "metadata": {},
            "outputs": [],
            "source": ["import pandas as pd\n", "df = pd.read_csv('data/sales.csv')\n"],
        },
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [],
            "source": ["df.groupby('region').sum()\n"],
        },
    ]
    path = folder / "sales.ipynb"
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of notebooks")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hook = [str(BIN / "repro-hooks"), "notebook-order", "--format", "json"]
    files = sorted(str(p.relative_to(args.corpus)) for p in args.corpus.rglob("*.ipynb"))
    print(f"corpus: {len(files)} notebooks in {args.corpus}")
    ruff = shutil.which("ruff", path=str(BIN)) or shutil.which("ruff")
    if ruff is None:
        print("ruff is not installed: no anchor")
        return 1
    ruff_check = [ruff, "check", "--no-cache", "--quiet", *files]
    hook_time, ruff_time = best_walls([[*hook, *files], ruff_check], args.corpus, args.repeat)
    print(f"repro-hooks notebook-order   {hook_time:6.2f} s")
    print(f"ruff check (anchor)          {ruff_time:6.2f} s")
    print(f"ratio hook / ruff            {hook_time / ruff_time:6.2f}x  (goal < 1x)")
    for code, count in sorted(flagged_per_code([*hook, *files], args.corpus).items()):
        print(f"{code} flags {count} of {len(files)} notebooks")
    with tempfile.TemporaryDirectory() as folder:
        notebook = small_notebook(Path(folder))
        (small,) = best_walls([[*hook, str(notebook)]], Path(folder), max(5, args.repeat))
        print(f"one small notebook           {small:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
