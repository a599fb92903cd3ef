"""declared-imports speed, side by side with ruff in one run (not a test).

    python benchmarks/bench_declared_imports.py [--corpus ../shared/corpus/real] [--repeat 3]

Prints the wall time of the hook and of ``ruff check`` over the same corpus files and their
ratio (the goal: at most 2x ruff), and the start-up-included wall time of the hook on one
small clean notebook in a project with a compiled requirements.in (goal < 0.1 s), with
bytecode compiled as an installed package has it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOCK = ROOT / "tests" / "fixtures" / "requirements" / "story"


# As pre-commit installs the hook: with compiled bytecode (pip writes it at install time),
# even where the environment asks Python not to write any.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def best_wall(command: list[str], cwd: Path, repeat: int) -> float:
    """The best of ``repeat`` wall times (the least disturbed by the rest of the machine),
    after one run that writes the bytecode."""
    subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    return min(times)


def small_project(folder: Path) -> Path:
    """A clean notebook importing pandas, numpy-free, in a project declaring pandas."""
    for name in ("requirements.in", "requirements.txt"):
        shutil.copy(LOCK / name, folder / name)
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Sales\n"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [],
            "source": [
                "%matplotlib inline\n",
                "import os\n",
                "import pandas as pd\n",
                "df = pd.read_csv('data/sales.csv')\n",
            ],
        },
    ]
    path = folder / "clean.ipynb"
    path.write_text(
        json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    )
    (folder / "requirements.in").write_text("requests>=2.28\nsix\npandas\nmatplotlib\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/real")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hook = [str(BIN / "repro-hooks"), "declared-imports", "--format", "json"]
    ruff = shutil.which("ruff", path=str(BIN)) or shutil.which("ruff")
    files = sorted(
        str(p.relative_to(args.corpus))
        for p in args.corpus.rglob("*")
        if p.suffix in (".py", ".ipynb")
    )
    print(f"corpus: {len(files)} files in {args.corpus}")
    hook_time = best_wall([*hook, *files], args.corpus, args.repeat)
    print(f"repro-hooks declared-imports {hook_time:6.2f} s")
    if ruff:
        ruff_time = best_wall(
            [ruff, "check", "--no-cache", "--quiet", *files], args.corpus, args.repeat
        )
        print(f"ruff check (anchor)          {ruff_time:6.2f} s")
        print(f"ratio hook / ruff            {hook_time / ruff_time:6.2f}x  (goal <= 2x)")
    with tempfile.TemporaryDirectory() as folder:
        notebook = small_project(Path(folder))
        wall = best_wall([*hook, notebook.name], Path(folder), max(5, args.repeat))
        print(f"one small clean notebook     {wall:6.3f} s  (goal < 0.1 s)")
        floor = [str(BIN / "repro-hooks"), "absolute-paths", notebook.name]
        wall = best_wall(floor, Path(folder), max(5, args.repeat))
        print(f"  absolute-paths, same file  {wall:6.3f} s  (the suite's start-up, for scale)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
