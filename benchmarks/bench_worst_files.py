"""The worst files: every function or cell holds a path, so no pre-filter helps (not a test).

    python benchmarks/bench_worst_files.py [--sizes 6250 12500 25000 50000] [--cells 5000]

A module of N lines with a machine-specific path in every function and one password
literal, at four sizes: each source hook's CPU time and peak memory (goals at 50,000
lines: <= 2 s CPU and <= 250 MB; growth linear, so the per-1,000-lines column stays
flat), with ``ruff check`` on the same file beside it. Then a notebook of 5,000 cells
with a path in every cell: each hook against ruff (goal <= 10x CPU, <= 250 MB). The hooks
run installed from a wheel into a scratch virtualenv, as users (and ruff) get them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from measure import best, installed_package, ratio, tool

HOOKS = ("absolute-paths", "inline-secrets")
FUNCTION_LINES = 6
CPU_GOAL, MEMORY_GOAL, NOTEBOOK_GOAL = 2.0, 250.0, 10.0


def module_text(lines: int) -> str:
    """About ``lines`` lines: a header with one password, then functions of six lines,
    each reading a file under a home folder."""
    head = [
        '"""Loading the survey parts."""',
        "import pandas as pd",
        "",
        'DB_PASSWORD = "Tr0ub4dor&3-horse"',
        "",
    ]
    body = []
    for index in range((lines - len(head)) // FUNCTION_LINES):
        body += [
            f"def load_part_{index}(frame, columns=None):",
            f'    """Part {index} of the survey."""',
            f'    part = pd.read_csv("/home/alice/survey/part_{index}.csv", usecols=columns)',
            "    return frame.merge(part, on='id', how='left')",
            "",
            "",
        ]
    return "\n".join(head + body) + "\n"


def notebook_text(cells: int) -> str:
    """``cells`` code cells, each reading a file under a home folder."""
    sources = [
        [
            f"part_{index} = pd.read_csv('/home/alice/survey/part_{index}.csv')\n",
            f"part_{index}.head()",
        ]
        for index in range(cells)
    ]
    sources[0] = ["import pandas as pd\n", *sources[0]]
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": s,
            }
            for s in sources
        ],
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6250, 12500, 25000, 50000])
    parser.add_argument("--cells", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ruff = tool("ruff")
    with tempfile.TemporaryDirectory(prefix="bench-worst-") as scratch:
        folder = Path(scratch)
        # Installed from a wheel, as users get it (ruff is a wheel too).
        hooks_bin = installed_package(folder / "install")
        print("module with a path in every function and one password:")
        print(f"{'lines':>7} {'tool':<16} {'CPU s':>7} {'per 1k lines':>12} {'peak MB':>8}")
        results: dict[str, list[tuple[int, float, float]]] = {hook: [] for hook in HOOKS}
        for size in args.sizes:
            module = folder / f"survey_{size}.py"
            module.write_text(module_text(size))
            for name in (*HOOKS, "ruff"):
                command = (
                    [ruff, "check", "--no-cache", "--quiet", "--isolated", module.name]
                    if name == "ruff"
                    else [str(hooks_bin / "repro-hooks"), name, module.name]
                )
                measured = best(command, folder, args.repeat)
                per_k = measured.cpu / size * 1000
                cpu, memory = measured.cpu, measured.peak_mb
                print(f"{size:>7} {name:<16} {cpu:7.2f} {per_k:12.4f} {memory:8.1f}")
                if name in results:
                    results[name].append((size, measured.cpu, measured.peak_mb))
        largest = max(args.sizes)
        for hook, rows in results.items():
            _, cpu, memory = rows[-1]
            print(
                f"{hook} at {largest} lines: {cpu:.2f} s CPU (goal <= {CPU_GOAL}), "
                f"{memory:.0f} MB (goal <= {MEMORY_GOAL:.0f}): "
                f"{'ok' if cpu <= CPU_GOAL and memory <= MEMORY_GOAL else 'OVER'}"
            )
        notebook = folder / "survey.ipynb"
        notebook.write_text(notebook_text(args.cells))
        print(f"\nnotebook of {args.cells} cells with a path in every cell (CPU):")
        anchor = best(
            [ruff, "check", "--no-cache", "--quiet", "--isolated", notebook.name],
            folder,
            args.repeat,
        )
        for hook in HOOKS:
            command = [str(hooks_bin / "repro-hooks"), hook, notebook.name]
            measured = best(command, folder, args.repeat)
            print(ratio(f"{hook} vs ruff", measured.cpu, anchor.cpu, NOTEBOOK_GOAL))
            print(f"{'':<44} peak {measured.peak_mb:.0f} MB (goal <= {MEMORY_GOAL:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
