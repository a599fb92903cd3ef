"""Re-run each case's own compiler and say how its pins differ from the committed ones.

This is how the verdicts in MANIFEST.tsv were made (POLICY.md says how they are read).
It needs the package index and one virtualenv per compiler and Python version, made
beforehand under ``--venvs``: ``py3.12`` (pip-tools 7), ``py3.9-pt6`` (pip-tools 6) and
``uv`` (uv itself, any Python). Run from the project root::

    python benchmarks/realworld/requirements/judge.py --venvs ~/judge-venvs [ID ...]

A VCS requirement whose host cannot be reached is read from a local clone instead:
``--vcs git+https://github.com/o/name=/path/to/clone`` rewrites the URL in the scratch
copy before compiling and back in the result. A ``-c``/``-r`` URL include is read from a
copy of that file as it was on the day of the commit: ``--url URL=/path/to/copy``.

Each case's snapshot is copied to a scratch folder and the case's command runs there,
with the committed ``.txt`` as the starting point (so pins that still fit are kept, as
the compiler keeps them without ``--upgrade``) and the machine's pip and uv
configuration left out. Only the pins are compared: name, version or URL, extras and
marker, not the comments.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

HERE = Path(__file__).parent
KEPT_VARIABLES = ("PIP_CERT", "PIP_DEFAULT_TIMEOUT")  # reach the index; shape no output


def pins(text: str) -> dict[str, str]:
    """name -> the pin as a normalised string (version or URL, extras, marker)."""
    found: dict[str, str] = {}
    logical = re.sub(r"\\\n", " ", text)
    for line in logical.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        if not line or (line.startswith("-") and not line.startswith("-e")):
            continue
        line = re.sub(r"\s--hash\S*", "", line).removeprefix("-e ").strip()
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            found[line] = line
            continue
        extras = ",".join(sorted(canonicalize_name(e) for e in requirement.extras))
        what = requirement.url or str(requirement.specifier)
        marker = f" ; {requirement.marker}" if requirement.marker else ""
        found[canonicalize_name(requirement.name)] = f"[{extras}]{what}{marker}"
    return found


def environment(venv: Path) -> dict[str, str]:
    """A clean environment: no pip or uv settings of this machine, the venv first."""
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIP_", "UV_", "PIPTOOLS_")) or key in KEPT_VARIABLES
    }
    kept["PIP_CONFIG_FILE"] = os.devnull
    kept["UV_NO_CONFIG"] = "1"
    kept["PATH"] = f"{venv / 'bin'}{os.pathsep}{kept.get('PATH', '')}"
    return kept


def venv_for(row: dict[str, str], venvs: Path) -> Path:
    if row["compiler"] == "uv":
        return venvs / "uv"
    suffix = "-pt6" if row["compiler"] == "pip-compile-6" else ""
    return venvs / f"py{row['python']}{suffix}"


def rewrite(root: Path, replacements: dict[str, str], target: Path | None = None) -> None:
    """Replace URLs in the inputs; drop the lines naming them from ``target`` (pip
    refuses a ``git+file:`` line in an existing output, and a VCS pin is no preference)."""
    for path in root.rglob("*"):
        if not path.is_file() or not replacements:
            continue
        text = path.read_text(encoding="utf-8")
        if path == target:
            lines = text.splitlines(keepends=True)
            text = "".join(ln for ln in lines if not any(old in ln for old in replacements))
        else:
            for old, new in replacements.items():
                text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")


def judge(row: dict[str, str], venvs: Path, vcs: dict[str, str], urls: dict[str, str]) -> str:
    with tempfile.TemporaryDirectory(prefix="judge-") as scratch:
        root = Path(scratch) / row["snapshot"]
        shutil.copytree(HERE / "cases" / row["snapshot"], root)
        before = pins((root / row["target"]).read_text(encoding="utf-8"))
        target = root / row["target"]
        rewrite(root, {url: f"git+file://{clone}" for url, clone in vcs.items()}, target)
        rewrite(root, urls, target)
        command = row["command"]
        if row["compiler"] == "uv" and "--python-version" not in command:
            command += f" --python-version {row['python']}"
        result = subprocess.run(
            command,
            shell=True,
            cwd=root / row["cwd"],
            env=environment(venv_for(row, venvs)),
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if result.returncode != 0:
            tail = " | ".join(result.stderr.strip().splitlines()[-3:])
            return f"{row['id']} {row['target']}: FAILED ({tail})"
        back = {f"git+file://{clone}": url for url, clone in vcs.items()}
        rewrite(root, {**back, **{f"git+file:{clone}": url for url, clone in vcs.items()}})
        after = pins((root / row["target"]).read_text(encoding="utf-8"))
    changes = [
        f"{name}: {before.get(name, '-')} -> {after.get(name, '-')}"
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    ]
    verdict = "current" if not changes else "stale: " + "; ".join(changes)
    return f"{row['id']} {row['snapshot']} {row['target']}: {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venvs", type=Path, required=True)
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument("--vcs", action="append", default=[], metavar="URL=CLONE")
    parser.add_argument("--url", action="append", default=[], metavar="URL=FILE")
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    with open(HERE / "MANIFEST.tsv", encoding="utf-8", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle, delimiter="\t") if not args.ids or r["id"] in args.ids
        ]
    vcs = dict(item.split("=", 1) for item in args.vcs)
    urls = dict(item.split("=", 1) for item in args.url)
    with ThreadPoolExecutor(args.jobs) as pool:
        for line in pool.map(lambda row: judge(row, args.venvs, vcs, urls), rows):
            print(line, flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
