"""inline-secrets against ``detect-secrets-hook --no-verify`` on the same files, in one run.

usage: python benchmarks/bench_inline_secrets.py [--corpus DIR] [--quick N]

Prints both wall times over the corpus and their ratio (the target is >= 50x), then the
wall time of one small clean notebook with interpreter start-up (target < 0.25 s).
detect-secrets takes about five minutes over the whole corpus; ``--quick N`` samples N
files (the same N each run) for a quick look.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
BIN = Path(sys.executable).parent
SMALL_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Load"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": 1,
            "source": ["import pandas as pd\n", "df = pd.read_csv('data/train.csv')\n", "df"],
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["(891, 12)\n"]}],
        },
    ],
    "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def wall(command: list[str], cwd: Path) -> float:
    """Seconds the command takes; it must exit 0 or 1 (findings are not failures)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"{command[0]} failed ({result.returncode}): {result.stderr[-1000:]}")
    return seconds


def corpus_files(corpus: Path, quick: int | None) -> list[str]:
    files = sorted(
        str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.suffix in (".py", ".ipynb")
    )
    return sorted(random.Random(0).sample(files, quick)) if quick else files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--quick", type=int, metavar="N", help="sample N files")
    args = parser.parse_args()
    files = corpus_files(args.corpus, args.quick)

    ours = wall(
        [str(BIN / "repro-hooks"), "inline-secrets", "--format", "json", *files], args.corpus
    )
    theirs = wall([str(BIN / "detect-secrets-hook"), "--no-verify", *files], args.corpus)
    print(f"files: {len(files)}")
    print(f"repro-hooks inline-secrets:       {ours:8.2f} s")
    print(f"detect-secrets-hook --no-verify:  {theirs:8.2f} s")
    print(f"ratio: {theirs / ours:.1f}x faster")

    with tempfile.TemporaryDirectory() as directory:
        notebook = Path(directory) / "small.ipynb"
        notebook.write_text(json.dumps(SMALL_NOTEBOOK))
        command = [str(BIN / "repro-hooks"), "inline-secrets", notebook.name]
        small = min(wall(command, Path(directory)) for _ in range(5))
    print(f"small clean notebook, start-up included: {small:.3f} s (best of 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
