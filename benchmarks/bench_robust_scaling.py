"""How the cost of one file grows with what it holds (not a test): findings, suppression
comments, codes in one suppression. Linear growth means 4x the time for 4x the input;
the quadratic bugs this guards against showed 16x.

    python benchmarks/bench_robust_scaling.py [--lines 5000] [--repeat 3]

Prints, for N and 4N, the hook's wall time and ruff's on a file of the same shape (ruff
with ``--select E501,RUF100`` and a ``# noqa: E501`` per line, its nearest equivalent of
a suppression per finding), and each one's growth ratio.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def best_wall(command: list[str], cwd: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def findings_file(lines: int) -> str:
    """One RH101 per line, each with a suppression of another code (so RH001 too)."""
    return "".join(
        f"x{i} = '/home/michael/a{i}.csv'  # repro: ignore[RH102]\n" for i in range(lines)
    )


def ruff_file(lines: int) -> str:
    return "".join(f"x{i} = '{'a' * 100}'  # noqa: E501\n" for i in range(lines))


def codes_file(codes: int) -> str:
    listed = ", ".join(f"RH{n}" for n in range(1000, 1000 + codes))
    return f"x = 1  # repro: ignore[{listed}]\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hook = [str(BIN / "repro-hooks"), "absolute-paths"]
    ruff = shutil.which("ruff", path=str(BIN)) or "ruff"
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, make, command in (
            ("findings + suppressions", findings_file, hook),
            ("codes in one suppression", codes_file, hook),
            (
                "ruff, noqa per line",
                ruff_file,
                [ruff, "check", "--no-cache", "--select", "E501,RUF100"],
            ),
        ):
            times = []
            for size in (args.lines, 4 * args.lines):
                (folder / "input.py").write_text(make(size))
                times.append(best_wall([*command, "input.py"], folder, args.repeat))
            rows.append((name, args.lines, times[0], times[1], times[1] / times[0]))
    print(f"{'input':28} {'N':>6} {'time N':>8} {'time 4N':>8} {'growth':>7}")
    for name, size, small, large, growth in rows:
        print(f"{name:28} {size:>6} {small:>7.2f}s {large:>7.2f}s {growth:>6.1f}x")


if __name__ == "__main__":
    main()
