"""Precision and recall of ``absolute-paths`` on the hand-labelled real-world set.

The set (``benchmarks/realworld/absolute_paths/``: MANIFEST.tsv, labels.tsv, POLICY.md)
holds files of public repositories; ``restore.py`` there brings the copies back. Each
repository's files are copied into a fresh git work tree of their own, as the hook would
meet them in a clone, and the hook runs there with ``--format json``.

Scoring is by line, as the shared corpus is scored: a finding on a line that holds a
positive label is a true positive, any other finding a false positive, a positive line
without a finding a false negative. A finding on a true-positive line is *placed right*
when its column is the column of a positive label on that line. The positives are the
``machine-specific`` and ``outside-tree`` labels; with ``--platform`` (a project that
must also run off its hosted platform, RH103 on) the ``platform`` labels as well.

Scores are printed for the ``dev`` files, the ``heldout`` files (labelled before the
hook was run on them, and not looked at while its rules were written) and all of them.
The naive anchor is what a grep-based hook does: a regular expression for well-known
machine-specific roots, over every code line.

    python benchmarks/eval_absolute_paths.py [--cmd "repro-hooks absolute-paths --format json"]
        [--platform] [--config TOML] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SET = HERE / "realworld" / "absolute_paths"
POSITIVE = {"machine-specific", "outside-tree"}

Key = tuple[str, int | None, int]  # file, cell (1-based, all cells), line (1-based)

NAIVE = re.compile(
    r"""(?<![\w.])(?:/home/|/Users/|/root/|/mnt/|/media/|/content/|/kaggle/|/data/|/opt/
    |/scratch/|/raid/|/Volumes/|[A-Za-z]:[\\/]|\\\\|~/)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Finding:
    key: Key
    column: int | None
    code: str


def read_labels(platform: bool, files: set[str]) -> dict[Key, set[int]]:
    """Positive lines of ``files`` with their labelled columns."""
    positive = POSITIVE | ({"platform"} if platform else set())
    wanted: dict[Key, set[int]] = defaultdict(set)
    with open(SET / "labels.tsv", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=True))
            if row["verdict"] in positive and row["file"] in files:
                key = (row["file"], int(row["cell"]) if row["cell"] else None, int(row["line"]))
                wanted[key].add(int(row["column"]))
    return wanted


def manifest_files() -> dict[str, str]:
    """Each file of the set and its split: ``dev`` (the rules were read against it) or
    ``heldout`` (labelled before the hook ever ran on it)."""
    with open(SET / "MANIFEST.tsv", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"), strict=True)) for line in handle]
    return {f"{row['repo'].replace('/', '__')}/{row['path']}": row["split"] for row in rows}


def run_hook(cmd: str, files: list[str], config: str | None) -> tuple[list[Finding], float]:
    """The hook over each repository's files, in a fresh git work tree per repository."""
    by_repo: dict[str, list[str]] = defaultdict(list)
    for name in files:
        repo, rest = name.split("/", 1)
        by_repo[repo].append(rest)
    findings: list[Finding] = []
    seconds = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for repo, paths in sorted(by_repo.items()):
            tree = Path(scratch) / repo
            for path in paths:
                target = tree / path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(SET / "files" / repo / path, target)
            if config:
                (tree / "pyproject.toml").write_text(config, encoding="utf-8")
            subprocess.run(["git", "init", "-q", str(tree)], check=True)
            start = time.monotonic()
            done = subprocess.run(
                [*shlex.split(cmd), *paths], cwd=tree, capture_output=True, text=True
            )
            seconds += time.monotonic() - start
            if done.returncode not in (0, 1):
                sys.exit(f"{repo}: the hook failed ({done.returncode}): {done.stderr[-2000:]}")
            for item in json.loads(done.stdout or "[]"):
                if not str(item.get("code", "")).startswith("RH1") or item.get("line") is None:
                    continue
                key = (f"{repo}/{item['path'].removeprefix('./')}", item.get("cell"), item["line"])
                findings.append(Finding(key, item.get("column"), item["code"]))
    return findings, seconds


def code_units(path: Path) -> Iterator[tuple[int | None, str]]:
    if path.suffix == ".ipynb":
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for number, cell in enumerate(notebook.get("cells", []), 1):
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                yield number, "".join(source) if isinstance(source, list) else source
    else:
        yield None, path.read_text(encoding="utf-8", errors="replace")


def run_naive(files: list[str]) -> list[Finding]:
    findings = []
    for name in files:
        for cell, source in code_units(SET / "files" / name):
            for number, line in enumerate(source.split("\n"), 1):
                for match in NAIVE.finditer(line):
                    findings.append(Finding((name, cell, number), match.start() + 1, "NAIVE"))
    return findings


def score(name: str, findings: list[Finding], wanted: dict[Key, set[int]], verbose: bool) -> None:
    got: dict[Key, list[Finding]] = defaultdict(list)
    for finding in findings:
        got[finding.key].append(finding)
    tp = [key for key in got if key in wanted]
    fp = sorted((key for key in got if key not in wanted), key=str)
    fn = sorted((key for key in wanted if key not in got), key=str)
    placed = sum(1 for key in tp for finding in got[key] if finding.column in wanted[key])
    on_tp = sum(len(got[key]) for key in tp)
    precision = len(tp) / (len(tp) + len(fp)) if got else 1.0
    recall = len(tp) / len(wanted) if wanted else 1.0
    print(
        f"{name:<8} positive lines {len(wanted)}  TP {len(tp)}  FP {len(fp)}  FN {len(fn)}  "
        f"precision {precision:.2f}  recall {recall:.2f}  "
        f"placed right {placed}/{on_tp} findings on TP lines"
    )
    if verbose:
        for key in fp:
            print("  FP", *key, sorted({f.code for f in got[key]}))
        for key in fn:
            print("  FN", *key)
        for key in tp:
            for finding in got[key]:
                if finding.column not in wanted[key]:
                    print("  misplaced", *key, finding.column, "want", sorted(wanted[key]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmd", default="repro-hooks absolute-paths --format json")
    parser.add_argument("--platform", action="store_true", help="platform paths are positives")
    parser.add_argument("--config", help="pyproject.toml text written into each work tree")
    parser.add_argument("-v", action="store_true", help="list FP, FN and misplaced findings")
    args = parser.parse_args()
    splits = manifest_files()
    missing = [name for name in splits if not (SET / "files" / name).exists()]
    if missing:
        sys.exit(f"{len(missing)} files missing: run {SET / 'restore.py'}")
    files = list(splits)
    findings, seconds = run_hook(args.cmd, files, args.config)
    naive = run_naive(files)
    for split in ("dev", "heldout", "all"):
        chosen = {name for name in files if split in ("all", splits[name])}
        repos = {name.split("/", 1)[0] for name in chosen}
        print(f"{split}: {len(chosen)} files from {len(repos)} repositories")
        wanted = read_labels(args.platform, chosen)
        score("  hook", [f for f in findings if f.key[0] in chosen], wanted, args.v)
        score("  naive", [f for f in naive if f.key[0] in chosen], wanted, False)
    print(f"hook wall time {seconds:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
