"""Every hook at once over the corpus, beside ruff, in one run (not a test).

    python benchmarks/bench_check.py [--corpus DIR] [--repeat 3] [--hooks ID ...]

Builds a throwaway git repository holding the corpus's ``.py`` files and notebooks, then:

1. ``repro-hooks check`` (every hook, one process) against ``ruff check --no-cache``:
   CPU time (goal <= 2.5x).
2. Every hook of ``.pre-commit-hooks.yaml`` under real ``pre-commit run --all-files``
   against ruff under pre-commit (declared as ruff's own pre-commit hook declares it,
   ``require_serial: true``): wall and CPU time (goal <= 3x). The hooks are run three
   ways, to choose one parallelism:
   ``serial``: ``require_serial: true``, one process, which forks its own pool for a long
   list of files (what ``.pre-commit-hooks.yaml`` declares); ``chunked``: pre-commit
   splits the files into a process per core, each forking its own pool; ``chunked, no
   pool``: pre-commit's processes alone. Hooks are ``language: system`` so that pre-commit
   runs the installed commands directly, as it runs them from its own environment.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from measure import BIN, DEFAULT_CORPUS, ROOT, best, corpus_files, ratio, tool

CHECK_GOAL, PRE_COMMIT_GOAL = 2.5, 3.0
# The pool, switched off: pre-commit's own processes are the only parallelism.
NO_POOL = (
    "import sys, repro_hooks.engine.pool as pool; pool.BYTES_PER_WORKER = 10**18; "
    "from repro_hooks.cli import main; sys.exit(main())"
)
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def build_repository(root: Path, corpus: Path) -> int:
    """A git repository holding a copy of the corpus's sources, committed."""
    files = corpus_files(corpus)
    for name in files:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / name, target)
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=GIT_ENV)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=GIT_ENV)
    subprocess.run(["git", "commit", "-qm", "corpus"], cwd=root, check=True, env=GIT_ENV)
    return len(files)


def repro_hooks_config(serial: bool, pool: bool, only: Sequence[str] = ()) -> str:
    """Every hook of ``.pre-commit-hooks.yaml`` (or those ``only`` names) as a local hook
    running the installed command, with its own file routing; ``require_serial`` as asked."""
    import yaml

    entry = f"{BIN / 'repro-hooks'}" if pool else f"{sys.executable} -c '{NO_POOL}'"
    hooks = []
    for declared in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()):
        if only and declared["id"] not in only:
            continue
        hook = {key: value for key, value in declared.items() if key != "require_serial"}
        hook.update(entry=f"{entry} {declared['id']}", language="system")
        if serial and hook.get("pass_filenames", True):
            hook["require_serial"] = True
        hooks.append(hook)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def ruff_config(ruff: str) -> str:
    return (
        "repos:\n- repo: local\n  hooks:\n  - id: ruff\n    name: ruff\n"
        f"    entry: {ruff} check --no-cache --force-exclude\n    language: system\n"
        "    types_or: [python, pyi, jupyter]\n    require_serial: true\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hooks", nargs="+", default=(), help="only these hooks, by id")
    args = parser.parse_args()
    ruff, pre_commit = tool("ruff"), tool("pre-commit")
    with tempfile.TemporaryDirectory(prefix="bench-check-") as scratch:
        root = Path(scratch) / "repo"
        count = build_repository(root, args.corpus)
        print(f"repository: {count} corpus files, {os.cpu_count()} cores")

        ours = best([str(BIN / "repro-hooks"), "check"], root, args.repeat)
        anchor = best([ruff, "check", "--no-cache", "--isolated", "."], root, args.repeat)
        print(ratio("repro-hooks check vs ruff check (CPU)", ours.cpu, anchor.cpu, CHECK_GOAL))
        print(f"{'  (wall)':<44} {ours.wall:8.3f} s vs {anchor.wall:8.3f} s")

        env = {**GIT_ENV, "PRE_COMMIT_HOME": str(Path(scratch) / "pre-commit-home")}
        config = root / ".pre-commit-config.yaml"
        run = [pre_commit, "run", "--all-files", "--config", str(config)]
        config.write_text(ruff_config(ruff))
        anchor = best(run, root, args.repeat, env)
        print(f"ruff under pre-commit (anchor): wall {anchor.wall:.3f} s, CPU {anchor.cpu:.3f} s")
        for label, serial, pool in (
            ("serial (require_serial: true, own pool)", True, True),
            ("chunked by pre-commit, a pool in each", False, True),
            ("chunked by pre-commit, no pool", False, False),
        ):
            config.write_text(repro_hooks_config(serial, pool, args.hooks))
            ours = best(run, root, args.repeat, env)
            print(f"{' '.join(args.hooks) or 'every hook'} under pre-commit, {label}:")
            print(ratio("  wall", ours.wall, anchor.wall, PRE_COMMIT_GOAL))
            print(ratio("  CPU", ours.cpu, anchor.cpu, PRE_COMMIT_GOAL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
