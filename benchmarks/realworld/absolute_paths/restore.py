"""Rebuild ``files/`` (the evaluation set's copies of public files) from ``MANIFEST.tsv``.

The copies are not committed: they are other projects' code. Each row names a public
repository, a commit and a path; this script downloads that blob, checks its git blob hash,
and writes it to ``files/<owner>__<name>/<path>``. Notebooks marked ``outputs-stripped``
keep their cells' sources exactly and lose their outputs (large images), so cell, line and
column numbers in ``labels.tsv`` are those of the original file.

    python benchmarks/realworld/absolute_paths/restore.py
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"


def folder_name(repo: str) -> str:
    return repo.replace("/", "__")


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def strip_outputs(data: bytes) -> bytes:
    """The notebook without outputs: sources, metadata and execution counts unchanged."""
    notebook = json.loads(data)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode()


def materialise(data: bytes, stripped: bool) -> bytes:
    return strip_outputs(data) if stripped else data


def main() -> int:
    with open(HERE / "MANIFEST.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    failed = 0
    for row in rows:
        target = FILES / folder_name(row["repo"]) / row["path"]
        if target.exists():
            continue
        url = f"https://raw.githubusercontent.com/{row['repo']}/{row['commit']}/{row['path']}"
        with urllib.request.urlopen(url, timeout=60) as response:
            data = response.read()
        if blob_sha(data) != row["blob"]:
            print(f"{row['repo']} {row['path']}: blob hash differs, skipped", file=sys.stderr)
            failed += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(materialise(data, row["notes"] == "outputs-stripped"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
