"""inline-secrets against ``detect-secrets-hook --no-verify`` on the same files, in one run.

    python benchmarks/bench_inline_secrets.py [--corpus DIR] [--sample N] [--all]

By default a fixed sample of N small corpus files (under 64 KB: a commit's files, not a
book's image-laden notebooks); ``--all`` takes every file (detect-secrets then needs about
five minutes). The hook runs installed from a wheel into a scratch virtualenv, as
detect-secrets is installed. Prints both wall and CPU times and how many times faster the
hook is (goal: >= 50x).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from measure import DEFAULT_CORPUS, best, corpus_files, installed_package, tool

GOAL = 50
SMALL = 64 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=100, metavar="N")
    parser.add_argument("--all", action="store_true", help="every corpus file")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = corpus_files(args.corpus)
    if not args.all:
        small = [name for name in files if (args.corpus / name).stat().st_size < SMALL]
        files = sorted(random.Random(0).sample(small, min(args.sample, len(small))))
    detect_secrets = tool("detect-secrets-hook")
    with tempfile.TemporaryDirectory(prefix="bench-secrets-") as scratch:
        hook = installed_package(Path(scratch)) / "repro-hooks"
        ours = best([str(hook), "inline-secrets", *files], args.corpus, args.repeat)
    theirs = best([detect_secrets, "--no-verify", *files], args.corpus, 1)
    print(f"files: {len(files)}{'' if args.all else ' (a fixed sample of small files)'}")
    print(f"repro-hooks inline-secrets:      wall {ours.wall:7.2f} s, CPU {ours.cpu:7.2f} s")
    print(f"detect-secrets-hook --no-verify: wall {theirs.wall:7.2f} s, CPU {theirs.cpu:7.2f} s")
    faster = theirs.wall / ours.wall
    verdict = "ok" if faster >= GOAL else "UNDER"
    print(
        f"inline-secrets is {faster:.1f}x faster (wall), {theirs.cpu / ours.cpu:.1f}x (CPU) "
        f"(goal >= {GOAL}x: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
