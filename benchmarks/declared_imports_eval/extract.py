"""Make an evaluation case from a public notebook repository (a git clone).

Keeps what the three tools read and nothing else: each notebook reduced to its code cells
that import, use a magic or a shell escape (outputs dropped) and its kernel metadata; the
requirement files; the project's own ``.py`` modules as empty files (their names make
them first-party); its licence file. Writes ``cases/CASE/`` and its ``PROVENANCE``
(repository, commit, licence).

Run: ``python benchmarks/declared_imports_eval/extract.py GIT_DIR CASE URL LICENCE``
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
KEEP = re.compile(r"^\s*(import\s|from\s+\S+\s+import\s|[%!])|import_module\(", re.MULTILINE)
# The notebook metadata that says which language it is (tools skip notebooks without it).
KERNEL = ("kernelspec", "language_info")
LICENCE = re.compile(r"^(LICEN[CS]E|COPYING)[^/]*$", re.IGNORECASE)
REQUIREMENTS = re.compile(r"(^|/)(requirements[^/]*\.(in|txt)|pyproject\.toml)$")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def main() -> None:
    repo, case, url, licence = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    out = HERE / "cases" / case
    out.mkdir(parents=True, exist_ok=True)
    commit = git(repo, "rev-parse", "HEAD").strip()
    for path in git(repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines():
        target = out / path
        if path.endswith(".ipynb"):
            try:
                notebook = json.loads(git(repo, "show", f"HEAD:{path}"))
            except (subprocess.CalledProcessError, ValueError):
                print(f"skipped {path}: absent from the clone or not JSON", file=sys.stderr)
                continue
            cells = []
            for cell in notebook.get("cells", []):
                source = cell.get("source", "")
                source = "".join(source) if isinstance(source, list) else source
                if cell.get("cell_type") == "code" and KEEP.search(source):
                    cells.append(
                        {
                            "cell_type": "code",
                            "execution_count": None,
                            "metadata": {},
                            "outputs": [],
                            "source": source.splitlines(keepends=True),  # as Jupyter saves
                        }
                    )
            if cells:
                target.parent.mkdir(parents=True, exist_ok=True)
                kept = {k: v for k, v in notebook.get("metadata", {}).items() if k in KERNEL}
                reduced = {"cells": cells, "metadata": kept, "nbformat": 4, "nbformat_minor": 5}
                target.write_text(json.dumps(reduced, indent=1) + "\n")
        elif REQUIREMENTS.search(path):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(git(repo, "show", f"HEAD:{path}"))
        elif LICENCE.match(path):  # the notice the licence asks copies to carry
            target.write_text(git(repo, "show", f"HEAD:{path}"))
        elif path.endswith(".py"):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("")
    (out / "PROVENANCE").write_text(
        f"repository: {url}\ncommit: {commit}\nlicence: {licence}\n"
        "reduced: code cells that import, use a magic or a shell escape; outputs dropped;\n"
        "the project's .py modules kept as empty files (their names only)\n"
    )


if __name__ == "__main__":
    main()
