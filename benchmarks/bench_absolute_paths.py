"""absolute-paths speed, side by side with its anchors in one run (not a test).

    python benchmarks/bench_absolute_paths.py [--corpus DIR] [--repeat 3]

1. The hook over the corpus against ``ruff check --no-cache`` over the same files: wall
   time (goal <= 2x), CPU time beside it.
2. Start-up: the hook on one tiny clean notebook, installed from a wheel into a scratch
   virtualenv as users get it (an editable install's import hook adds start-up time):
   wall time, best of many runs (goal <= 0.08 s), beside bare ``python -c pass`` and ruff
   on the same notebook.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from measure import BIN, DEFAULT_CORPUS, best, corpus_files, installed_package, ratio, tool

CORPUS_GOAL, START_UP_GOAL = 2.0, 0.08


def tiny_notebook(folder: Path) -> Path:
    """A markdown cell and a code cell reading a relative path: nothing to report."""
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Sales\n"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [],
            "source": ["import pandas as pd\n", "df = pd.read_csv('data/sales.csv')\n"],
        },
    ]
    path = folder / "clean.ipynb"
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--start-up-runs", type=int, default=20)
    args = parser.parse_args()
    ruff = tool("ruff")
    files = corpus_files(args.corpus)
    print(f"corpus: {len(files)} files")
    hook = [str(BIN / "repro-hooks"), "absolute-paths", "--format", "json", *files]
    ours = best(hook, args.corpus, args.repeat)
    anchor = best([ruff, "check", "--no-cache", "--quiet", *files], args.corpus, args.repeat)
    print(ratio("absolute-paths vs ruff check (wall)", ours.wall, anchor.wall, CORPUS_GOAL))
    print(f"{'  (CPU)':<44} {ours.cpu:8.3f} s vs {anchor.cpu:8.3f} s")

    with tempfile.TemporaryDirectory(prefix="bench-start-up-") as scratch:
        folder = Path(scratch)
        installed = installed_package(folder)
        notebook = tiny_notebook(folder)
        runs = args.start_up_runs
        ours = best([str(installed / "repro-hooks"), "absolute-paths", notebook.name], folder, runs)
        bare = best([str(installed / "python"), "-c", "pass"], folder, runs)
        anchor = best([ruff, "check", "--no-cache", "--quiet", notebook.name], folder, runs)
        verdict = "ok" if ours.wall <= START_UP_GOAL else "OVER"
        print(
            f"one hook on a tiny clean notebook (wheel install, best of {runs}): "
            f"{ours.wall:.3f} s wall (goal <= {START_UP_GOAL} s: {verdict}), {ours.cpu:.3f} s CPU"
        )
        print(f"  python -c pass: {bare.wall:.3f} s wall; ruff: {anchor.wall:.3f} s wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
