"""inline-secrets against ``detect-secrets-hook --no-verify`` on the same files, in one run.

    python benchmarks/bench_inline_secrets.py [--corpus DIR] [--sample N] [--all]

By default a fixed sample of N small corpus files (under 64 KB: a commit's files, not a
book's image-laden notebooks); ``--all`` takes every file (detect-secrets then needs about
five minutes). The hook runs installed from a wheel into a scratch virtualenv, as
detect-secrets is installed. Prints both wall and CPU times, then how many times faster the
hook is: the median over pairs of runs, hook and anchor in turn (goal: >= 50x).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

from measure import DEFAULT_CORPUS, corpus_files, installed_package, paired, tool

GOAL = 50
SMALL = 64 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=100, metavar="N")
    parser.add_argument("--all", action="store_true", help="every corpus file")
    parser.add_argument("--pairs", type=int, default=5, help="hook and anchor run in turn")
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    if not args.all:
        small = [name for name in files if (args.corpus / name).stat().st_size < SMALL]
        files = sorted(random.Random(0).sample(small, min(args.sample, len(small))))
    detect_secrets = tool("detect-secrets-hook")
    theirs_command = [detect_secrets, "--no-verify", *files]
    with tempfile.TemporaryDirectory(prefix="bench-secrets-") as scratch:
        ours_command = [str(installed_package(Path(scratch)) / "repro-hooks"), "inline-secrets"]
        runs = paired([*ours_command, *files], theirs_command, args.corpus, args.pairs)
    print(f"files: {len(files)}{'' if args.all else ' (a fixed sample of small files)'}")
    for label, side in (("repro-hooks inline-secrets", 0), ("detect-secrets-hook --no-verify", 1)):
        wall = statistics.median(pair[side].wall for pair in runs)
        cpu = statistics.median(pair[side].cpu for pair in runs)
        print(f"{label + ':':<32} wall {wall:7.2f} s, CPU {cpu:7.2f} s (medians)")
    walls = [theirs.wall / ours.wall for ours, theirs in runs]
    cpus = [theirs.cpu / ours.cpu for ours, theirs in runs]
    faster = statistics.median(walls)
    verdict = "ok" if faster >= GOAL else "UNDER"
    print(
        f"inline-secrets is {faster:.1f}x faster (wall; median of {len(runs)} pairs run in "
        f"turn, {min(walls):.1f}-{max(walls):.1f}x), {statistics.median(cpus):.1f}x (CPU) "
        f"(goal >= {GOAL}x: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
