"""``requirements-current`` on real pip-compile and uv output: false alarms and catches.

Reads benchmarks/realworld/requirements/MANIFEST.tsv (cases judged by re-running each
file's own compiler, see POLICY.md there) and runs the hook offline, as pre-commit does,
on each judged target and its inputs. Prints, per case, what the hook reported, then:

- false alarms: current files with any finding (the commit would be blocked for nothing);
- catches: stale files with a finding, and with the code the judge expects.

Run from the project root: ``python benchmarks/eval_requirements_current.py [-v]``.
No network: the verdicts were made once and are read from the manifest.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent / "realworld" / "requirements"
OUTPUT_FLAGS = ("-o", "--output-file")
CONSTRAINT_FLAGS = ("-c", "--constraint")


def command_files(row: dict[str, str]) -> list[Path]:
    """The files the case's compile command reads (sources and --constraint files),
    relative to the snapshot root."""
    words = shlex.split(row["command"].split("&&")[0])
    files: list[Path] = []
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
            continue
        name, _, value = word.partition("=")
        if name in OUTPUT_FLAGS:
            skip = not value
        elif name in CONSTRAINT_FLAGS:
            files.append(Path(row["cwd"]) / (value or words[index + 1]))
            skip = not value
        elif not word.startswith("-") and word.endswith((".in", ".txt", ".toml")):
            files.append(Path(row["cwd"]) / word)
    if not files:  # bare `pip-compile`: requirements.in (or setup.py/pyproject) in cwd
        files.append(Path(row["cwd"]) / "requirements.in")
    return files


def closure(root: Path, start: list[Path]) -> list[Path]:
    """The start files and every file they include (-r) or constrain with (-c)."""
    seen: list[Path] = []
    pending = list(start)
    while pending:
        path = Path(*Path(pending.pop()).parts)
        resolved = (root / path).resolve()
        if path in seen or not resolved.is_file():
            continue
        seen.append(path)
        if path.suffix == ".toml":
            continue
        for line in resolved.read_text(encoding="utf-8").splitlines():
            words = line.split("#")[0].split()
            if len(words) == 2 and words[0] in ("-r", "-c", "--requirement", "--constraint"):
                included = (resolved.parent / words[1]).resolve().relative_to(root.resolve())
                pending.append(included)
    return seen


def run_hook(row: dict[str, str]) -> list[dict[str, object]]:
    """The hook's findings when the target is staged, in a copy of its snapshot, that
    are about the target or its inputs (not about other pairs it touches)."""
    snapshot = HERE / "cases" / row["snapshot"]
    mine = {Path(row["target"]), *closure(snapshot, command_files(row))}
    with tempfile.TemporaryDirectory(prefix="eval-requirements-") as scratch:
        root = Path(scratch) / "repo"
        shutil.copytree(snapshot, root)
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "repro_hooks",
                "requirements-current",
                "--format",
                "json",
                row["target"],
            ],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        findings: list[dict[str, object]] = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        return [{"code": "CRASH", "path": row["target"], "message": result.stderr[-300:]}]
    return [f for f in findings if Path(os.path.normpath(str(f["path"]))) in mine]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every finding")
    args = parser.parse_args()
    with open(HERE / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        rows = [
            r
            for r in csv.DictReader(handle, delimiter="\t")
            if r["verdict"] in ("current", "stale")
        ]
    current = [r for r in rows if r["verdict"] == "current"]
    stale = [r for r in rows if r["verdict"] == "stale"]
    alarms: Counter[str] = Counter()
    false_alarm_files = caught = right = noisy = 0
    for row in rows:
        findings = run_hook(row)
        codes = sorted({str(f["code"]) for f in findings})
        expected = row["code"]
        if row["verdict"] == "current":
            false_alarm_files += bool(findings)
            alarms.update(str(f["code"]) for f in findings)
            mark = "ok" if not findings else "FALSE ALARM"
        else:
            caught += bool(findings)
            right += expected in codes
            noisy += bool(set(codes) - {expected})
            mark = (
                "right code"
                if expected in codes
                else "caught, wrong code"
                if findings
                else "MISSED"
            )
        print(
            f"{row['id']:>3} {row['snapshot']:<20} {row['target']:<46} {row['verdict']:<8} "
            f"{expected or '-':<6} {mark}: {', '.join(codes) or 'no finding'}"
        )
        if args.verbose:
            for finding in findings:
                place = f"{finding['path']}:{finding.get('line')}"
                print(f"      {place}: {finding['code']} {finding['message']}")
    print()
    print(
        f"current files: {len(current)}; false alarms on {false_alarm_files} "
        f"({100 * false_alarm_files / max(len(current), 1):.0f}%), findings by code: "
        f"{dict(sorted(alarms.items())) or 'none'}"
    )
    print(
        f"stale files: {len(stale)}; caught {caught}, with the right code {right}, "
        f"with another code as well {noisy}"
    )


if __name__ == "__main__":
    main()
