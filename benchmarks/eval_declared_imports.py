"""Precision and recall of ``declared-imports`` per code, next to deptry and FawltyDeps.

Runs the three tools over each case of ``benchmarks/declared_imports_eval/cases`` (real
repositories reduced to their imports, and constructed hard mappings; labelled by hand
under ``declared_imports_eval/POLICY.md``) and scores each against ``labels.tsv``:

- RH501 (undeclared): positives are the modules labelled ``missing``; deptry's DEP001 and
  FawltyDeps' undeclared dependencies are scored on the same modules;
- RH502 (only a transitive pin): positives labelled ``transitive``; deptry's DEP003;
- RH501+RH502: either, the question the other tools answer ("not declared");
- RH503, RH504: the labelled install lines and import-name requirement lines.

Run: ``python benchmarks/eval_declared_imports.py [--deptry EXE] [--fawltydeps EXE]``
(the anchors in a scratch virtualenv: ``pip install deptry fawltydeps``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from repro_hooks.hooks.declared_imports.declarations import find_declarations

CASES = Path(__file__).parent / "declared_imports_eval" / "cases"
INSTALL = re.compile(r"^\s*[%!]\s*(pip3?|conda|mamba)\s+install\b.*\s[A-Za-z]")


def labels(case: Path) -> dict[str, str]:
    rows = (line.split("\t") for line in (case / "labels.tsv").read_text().splitlines())
    return {row[0]: row[1] for row in rows if row and not row[0].startswith("#")}


def labelled(label: dict[str, str], module: str) -> str:
    """The labelled name a reported module counts as: its longest labelled prefix
    (``google.cloud.storage`` when the case labels it, else ``google``)."""
    parts = module.split(".")
    prefixes = [".".join(parts[:k]) for k in range(len(parts), 0, -1)]
    return next((p for p in prefixes if p in label), parts[0])


def install_lines(case: Path) -> set[tuple[str, str]]:
    """(file, line text) of each install command naming a package, read from the cells."""
    found = set()
    for notebook in case.rglob("*.ipynb"):
        for cell in json.loads(notebook.read_text())["cells"]:
            source = cell["source"]
            for line in ("".join(source) if isinstance(source, list) else source).split("\n"):
                if INSTALL.match(line):
                    found.add((str(notebook.relative_to(case)), line.strip()))
    return found


def declaration_files(case: Path) -> list[str]:
    """The declaration the labelling policy names, given to every tool alike: the hook's
    own choice (requirements.in, else a pyproject that declares, else requirements.txt)."""
    found = find_declarations(case)
    return [found.name] if found else []


def ours(case: Path) -> tuple[dict[str, set[str]], set[tuple[str, str]], set[str]]:
    """Modules per code, install lines, import-name lines reported by the hook."""
    files = [
        str(p.relative_to(case)) for p in sorted(case.rglob("*")) if p.suffix in (".py", ".ipynb")
    ]
    out = subprocess.run(
        [sys.executable, "-m", "repro_hooks", "declared-imports", "--format", "json",
         *files, *declaration_files(case)],
        cwd=case, capture_output=True, text=True,
    )  # fmt: skip
    modules: dict[str, set[str]] = {"RH501": set(), "RH502": set()}
    installs, names = set(), set()
    for finding in json.loads(out.stdout):
        code, path = finding["code"], finding["path"]
        if code in modules:
            module = re.match(r"'([^']+)'", finding["message"])[1]  # type: ignore[index]
            modules[code].add(module)
        elif code == "RH503":
            text = _line(case / path, finding["cell"], finding["line"])
            installs.add((path, text.strip()))
        elif code == "RH504":
            names.add(f"{path}:{finding['line']}")
    return modules, installs, names


def _line(path: Path, cell: int | None, line: int) -> str:
    if cell is None:
        return path.read_text().split("\n")[line - 1]
    source = json.loads(path.read_text())["cells"][cell - 1]["source"]
    return ("".join(source) if isinstance(source, list) else source).split("\n")[line - 1]


def deptry(exe: str, case: Path) -> dict[str, set[str]]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "deptry.json"
        work = Path(scratch) / "case"
        shutil.copytree(case, work)
        files = declaration_files(case)
        source = [] if files == ["pyproject.toml"] else ["--requirements-files", *files]
        subprocess.run(
            [exe, ".", *source, "--json-output", str(report)],
            cwd=work, capture_output=True, text=True,
        )  # fmt: skip
        found: dict[str, set[str]] = {"DEP001": set(), "DEP003": set()}
        for item in json.loads(report.read_text()) if report.exists() else []:
            code = item["error"]["code"]
            if code in found:
                found[code].add(item["module"])
        return found


def fawltydeps(exe: str, case: Path) -> set[str]:
    out = subprocess.run(
        [exe, "--check-undeclared", "--json", "--code", ".", "--deps", *declaration_files(case)],
        cwd=case, capture_output=True, text=True,
    )  # fmt: skip
    try:
        report = json.loads(out.stdout)
    except ValueError:
        return set()
    return {item["name"] for item in report.get("undeclared_deps", [])}


def score(predicted: Iterable[object], actual: Iterable[object]) -> tuple[float, float, int]:
    predicted, actual = set(predicted), set(actual)
    hits = len(predicted & actual)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(actual) if actual else 1.0
    return precision, recall, len(actual)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deptry", default=shutil.which("deptry"))
    parser.add_argument("--fawltydeps", default=shutil.which("fawltydeps"))
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()
    table: dict[str, dict[str, tuple[set[object], set[object]]]] = {}

    def add(code: str, tool: str, predicted: Iterable[object], actual: Iterable[object]) -> None:
        got, want = table.setdefault(code, {}).setdefault(tool, (set(), set()))
        got.update(predicted)
        want.update(actual)

    for case in sorted(p for p in CASES.iterdir() if (p / "labels.tsv").exists()):
        label = labels(case)
        missing = {(case.name, m) for m, kind in label.items() if kind == "missing"}
        transitive = {(case.name, m) for m, kind in label.items() if kind == "transitive"}
        names = {(case.name, kind.split(":", 1)[1]) for kind in label.values()
                 if kind.startswith("import-name:")}  # fmt: skip
        modules, installs, our_names = ours(case)
        tag = case.name
        modules = {code: {labelled(label, m) for m in found} for code, found in modules.items()}
        add("RH501", "repro-hooks", {(tag, m) for m in modules["RH501"]}, missing)
        add("RH502", "repro-hooks", {(tag, m) for m in modules["RH502"]}, transitive)
        both = modules["RH501"] | modules["RH502"]
        add("RH501+RH502", "repro-hooks", {(tag, m) for m in both}, missing | transitive)
        add("RH503", "repro-hooks", {(tag, *i) for i in installs},
            {(tag, *i) for i in install_lines(case)})  # fmt: skip
        add("RH504", "repro-hooks", {(tag, n) for n in our_names}, names)
        if args.deptry:
            found = {
                c: {labelled(label, m) for m in f} for c, f in deptry(args.deptry, case).items()
            }
            add("RH501", "deptry", {(tag, m) for m in found["DEP001"]}, missing)
            add("RH502", "deptry", {(tag, m) for m in found["DEP003"]}, transitive)
            both = found["DEP001"] | found["DEP003"]
            add("RH501+RH502", "deptry", {(tag, m) for m in both}, missing | transitive)
        if args.fawltydeps:
            found_f = {(tag, labelled(label, m)) for m in fawltydeps(args.fawltydeps, case)}
            add("RH501", "fawltydeps", found_f, missing)
            add("RH501+RH502", "fawltydeps", found_f, missing | transitive)
    print(f"{'code':<12} {'tool':<12} {'precision':>9} {'recall':>7} {'positives':>9}")
    for code, tools in table.items():
        for tool, (got, want) in tools.items():
            precision, recall, count = score(got, want)
            print(f"{code:<12} {tool:<12} {precision:>9.2f} {recall:>7.2f} {count:>9}")
            if args.verbose:
                print(f"    missed: {sorted(map(str, want - got))}")
                print(f"    false alarms: {sorted(map(str, got - want))}")


if __name__ == "__main__":
    main()
