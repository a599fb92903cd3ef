"""Rebuild the data files of the ``declared-imports`` hook.

Writes two sorted tab-separated files into ``repro_hooks/hooks/declared_imports/``:

``modules.tsv``
    import name -> the distributions that provide it, best first. Built from three
    sources, in this order of trust:

    1. ``scripts/module_map/wheels.tsv``: the modules that real wheels install, read from
       their ``RECORD`` (``--scan-wheels DIR`` refreshes it from a folder of wheels, such
       as one made by ``pip download --no-deps``);
    2. the default module mapping of pants (Apache-2.0), ``--pants GIT_DIR``;
    3. the import-to-package mapping of pipreqs (Apache-2.0), ``--pipreqs GIT_DIR``;

    then ``scripts/module_map/corrections.tsv`` (ours) replaces or removes entries known
    to be wrong. A source pair whose distribution was scanned and does not install the
    module is dropped and listed on stderr. Entries that the normalised-name rule already
    gives (``numpy`` -> ``numpy``) are left out, so the file stays small.

``stdlib.tsv``
    standard-library module -> first and last Python minor version that has it, from
    ``sys.stdlib_module_names`` of each ``--python`` interpreter (3.10 and later) and a
    scan of the library folder for older ones.

Run: ``python scripts/build_module_map.py --pipreqs PIPREQS_GIT --pants PANTS_GIT
--python python3.10 --python python3.11 ...`` (each ``GIT_DIR`` a clone of the source
repository; the commit read is recorded in the output header).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "repro_hooks" / "hooks" / "declared_imports"
INPUTS = ROOT / "scripts" / "module_map"
PIPREQS = ("https://github.com/bndr/pipreqs", "pipreqs/mapping", "Apache-2.0")
PANTS = (
    "https://github.com/pantsbuild/pants",
    "src/python/pants/backend/python/dependency_inference/default_module_mapping.py",
    "Apache-2.0",
)
# Folders that wheels ship by mistake; they are never what an import means.
NOT_MODULES = frozenset(
    {"tests", "test", "testing", "docs", "doc", "examples", "example", "benchmarks", "scripts"}
)
# Python 3.14 has no interpreter here yet: its new top-level modules, from "What's New".
PYTHON_314_ADDED = ("annotationlib", "compression")
# Test and build-time modules in an old interpreter's folders that stdlib_module_names omits.
SCAN_NOISE = re.compile(r"^(test|_test.*|_?xx.*|_ctypes_test|_sysconfigdata.*)$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def canonical(name: str) -> str:
    """PEP 503 normalised distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def git_file(repo: Path, path: str) -> tuple[str, str]:
    """(text of ``path`` at HEAD, commit) of a git clone."""
    commit = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    text = subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
    ).stdout
    return text, commit


def read_pipreqs(text: str) -> list[tuple[str, str]]:
    """``module:Distribution`` lines."""
    pairs = []
    for line in text.splitlines():
        module, sep, dist = line.strip().partition(":")
        if sep and IDENTIFIER.match(module) and dist:
            pairs.append((module, canonical(dist)))
    return pairs


def read_pants(text: str) -> list[tuple[str, str]]:
    """The ``DEFAULT_MODULE_MAPPING`` dict literal (the type-stub mapping is not runtime)."""
    for node in ast.parse(text).body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "DEFAULT_MODULE_MAPPING"
            and node.value is not None
        ):
            mapping = ast.literal_eval(node.value)
            return [(m, canonical(d)) for d, modules in mapping.items() for m in modules]
    raise SystemExit("pants: DEFAULT_MODULE_MAPPING not found")


def wheel_modules(names: list[str]) -> list[str]:
    """The importable modules a wheel's file list installs: top-level packages and
    modules, and below a namespace folder (no ``__init__.py``: ``google/``) its children."""
    files = [n for n in names if not n.endswith("/")]
    tree: dict[str, set[str]] = defaultdict(set)
    for name in files:
        parts = name.split("/")
        if parts[0].endswith((".dist-info", ".data")) or len(parts) > 6:
            continue
        if any(part in NOT_MODULES or part.lower() == "demos" for part in parts[:-1]):
            continue
        for depth in range(1, len(parts)):
            tree["/".join(parts[:depth])].add("/".join(parts[: depth + 1]))
        tree[""].add(parts[0])
    modules: list[str] = []

    def visit(path: str, dotted: str, depth: int) -> None:
        children = tree.get(path, set())
        if any(c.rsplit("/", 1)[-1].split(".")[0] == "__init__" for c in children):
            modules.append(dotted)
            return
        if depth >= 3:
            return
        for child in sorted(children):
            leaf = child.rsplit("/", 1)[-1]
            stem = leaf.split(".")[0]
            if child in tree:
                visit(child, f"{dotted}.{leaf}", depth + 1)
            elif leaf.endswith((".py", ".so", ".pyd")) and stem.isidentifier():
                modules.append(f"{dotted}.{stem}")

    for top in sorted(tree[""]):
        stem = top.split(".")[0]
        if top in tree:
            if top.isidentifier() and top not in NOT_MODULES and top != "__pycache__":
                visit(top, top, 1)
        elif (
            top.endswith((".py", ".so", ".pyd"))
            and stem.isidentifier()
            and stem not in NOT_MODULES | {"__init__"}
        ):
            modules.append(stem)
    return sorted(set(modules))


def path_rooted(names: list[str], roots: list[str]) -> list[str]:
    """``names`` with the folders a ``.pth`` file puts on ``sys.path`` (pywin32's
    ``win32/lib``) made top level: ``win32/lib/win32con.py`` imports as ``win32con``."""
    by_length = sorted(roots, key=len, reverse=True)
    rooted = []
    for name in names:
        root = next((r for r in by_length if name.lower().startswith(f"{r.lower()}/")), None)
        rooted.append(name[len(root) + 1 :] if root else name)
    return rooted


def scan_wheels(folder: Path) -> None:
    """Refresh ``wheels.tsv`` from every ``*.whl`` under ``folder`` (newest version wins)."""
    found: dict[str, tuple[str, list[str]]] = {}
    for wheel in sorted(folder.rglob("*.whl")):
        dist, version = wheel.name.split("-")[:2]
        try:
            with zipfile.ZipFile(wheel) as archive:
                names = archive.namelist()
                roots = [
                    line.strip().replace("\\", "/").rstrip("/")
                    for name in names
                    if name.endswith(".pth") and "/" not in name
                    for line in archive.read(name).decode("utf-8", "replace").splitlines()
                    if line.strip() and not line.startswith(("#", "import"))
                ]
                modules = wheel_modules(path_rooted(names, roots))
        except (zipfile.BadZipFile, OSError) as error:
            print(f"skipped {wheel.name}: {error}", file=sys.stderr)
            continue
        key = canonical(dist)
        if modules and (key not in found or _newer(version, found[key][0])):
            found[key] = (version, modules)
    out = INPUTS / "wheels.tsv"
    old = _read_wheels(out) if out.exists() else {}
    old.update(found)
    lines = ["# distribution\tversion\tmodules its wheel installs (read from the wheel's RECORD)\n"]
    lines += [f"{d}\t{v}\t{','.join(m)}\n" for d, (v, m) in sorted(old.items())]
    out.write_text("".join(lines))
    print(f"{out.relative_to(ROOT)}: {len(old)} distributions", file=sys.stderr)


def _newer(a: str, b: str) -> bool:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(a) > Version(b)
    except InvalidVersion:
        return a > b


def _read_wheels(path: Path) -> dict[str, tuple[str, list[str]]]:
    rows = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            dist, version, modules = line.split("\t")
            rows[dist] = (version, modules.split(","))
    return rows


def _read_corrections(path: Path) -> dict[str, list[str]]:
    """``module<TAB>dist,dist<TAB>why``: the list replaces the sources'; ``-`` removes."""
    rows = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            module, dists, _why = line.split("\t")
            rows[module] = [] if dists == "-" else [canonical(d) for d in dists.split(",")]
    return rows


def build_modules(pipreqs: Path, pants: Path) -> None:
    pipreqs_text, pipreqs_commit = git_file(pipreqs, PIPREQS[1])
    pants_text, pants_commit = git_file(pants, PANTS[1])
    wheels = _read_wheels(INPUTS / "wheels.tsv")
    corrections = _read_corrections(INPUTS / "corrections.tsv")
    stdlib = {line.split("\t")[0] for line in _data_lines(DATA / "stdlib.tsv")}

    # The curated sources come first: their first distribution is the usual one
    # (cv2 -> opencv-python); distributions found only in wheels follow, by name.
    candidates: dict[str, list[str]] = defaultdict(list)
    sources = (("pants", read_pants(pants_text)), ("pipreqs", read_pipreqs(pipreqs_text)))
    for source, pairs in sources:
        for module, dist in pairs:
            scanned = wheels.get(dist)
            if scanned and not _provides(scanned[1], module):
                print(
                    f"{source}: dropped {module} -> {dist}: its wheel has {scanned[1]}",
                    file=sys.stderr,
                )
            elif dist not in candidates[module]:
                candidates[module].append(dist)
    for dist, (_version, modules) in sorted(wheels.items()):
        for module in modules:
            if dist not in candidates[module]:
                candidates[module].append(dist)
    for module, dists in corrections.items():
        candidates[module] = dists

    rows = []
    for module, dists in sorted(candidates.items()):
        top = module.split(".")[0]
        if not dists or (top in stdlib and module not in corrections):
            continue
        if dists == [canonical(module)] and "." not in module:
            continue  # the normalised-name rule says the same
        rows.append(f"{module}\t{','.join(dists)}\n")
    header = [
        "# import name -> distributions that provide it, best first. Generated by\n",
        "# scripts/build_module_map.py; do not edit (scripts/module_map/corrections.tsv).\n",
        f"# wheels: scripts/module_map/wheels.tsv ({len(wheels)} distributions)\n",
        f"# pants: {PANTS[0]} @ {pants_commit} {PANTS[1]} ({PANTS[2]})\n",
        f"# pipreqs: {PIPREQS[0]} @ {pipreqs_commit} {PIPREQS[1]} ({PIPREQS[2]})\n",
    ]
    (DATA / "modules.tsv").write_text("".join(header + rows))
    print(f"modules.tsv: {len(rows)} entries", file=sys.stderr)


def _provides(modules: list[str], module: str) -> bool:
    """Whether a wheel with ``modules`` installs ``module`` (or a package above or below)."""
    return any(
        m == module or module.startswith(f"{m}.") or m.startswith(f"{module}.") for m in modules
    )


def _data_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text().splitlines() if line and not line.startswith("#")]


PROBE = """
import json, pkgutil, sys, sysconfig
names = getattr(sys, "stdlib_module_names", None)
scanned = {m[1] for m in pkgutil.iter_modules([sysconfig.get_paths()["stdlib"],
           sysconfig.get_paths()["platstdlib"] + "/lib-dynload"])}
print(json.dumps({"version": "%d.%d" % sys.version_info[:2],
                  "names": sorted(names) if names else None,
                  "scanned": sorted(scanned | set(sys.builtin_module_names))}))
"""


def build_stdlib(pythons: list[str]) -> None:
    """Versions without ``sys.stdlib_module_names`` (before 3.10) are a scan of their
    library folder plus the platform-only names (``winreg``) the next version lists
    but does not itself find on disk."""
    probes = []
    for python in pythons:
        out = subprocess.run([python, "-c", PROBE], capture_output=True, text=True, check=True)
        probes.append(json.loads(out.stdout))
    probes.sort(key=lambda p: tuple(map(int, p["version"].split("."))))
    python2 = [p for p in probes if p["version"].startswith("2.")]
    probes = [p for p in probes if not p["version"].startswith("2.")]
    known = [p for p in probes if p["names"]]
    if not known:
        raise SystemExit("need at least one interpreter of Python 3.10 or later")
    platform_only = set(known[0]["names"]) - set(known[0]["scanned"])
    per_version: dict[str, set[str]] = {}
    for probe in probes:
        if probe["names"]:
            per_version[probe["version"]] = set(probe["names"])
        else:
            scanned = {n for n in probe["scanned"] if not SCAN_NOISE.match(n)}
            per_version[probe["version"]] = scanned | platform_only
    last = known[-1]["version"]
    major, minor = map(int, last.split("."))
    if (major, minor) < (3, 14):
        per_version["3.14"] = per_version[last] | set(PYTHON_314_ADDED)
    versions = sorted(per_version, key=lambda v: tuple(map(int, v.split("."))))
    everything = set().union(*per_version.values())
    rows = []
    for module in sorted(everything):
        present = [v for v in versions if module in per_version[v]]
        first = "" if present[0] == versions[0] else present[0]
        gone = versions[versions.index(present[-1]) + 1] if present[-1] != versions[-1] else ""
        rows.append(f"{module}\t{first}\t{gone}\n")
    # Python 2 only: a notebook that imports these is a Python 2 notebook, which no
    # declaration can fix.
    for probe in python2:
        for module in sorted(set(probe["scanned"]) - everything):
            if not SCAN_NOISE.match(module) and module.isidentifier():
                rows.append(f"{module}\t\t3.0\n")
    rows.sort()
    header = [
        "# standard-library module -> first minor version that has it, first that does not\n",
        f"# (empty: before {versions[0]} / still there). Versions: {', '.join(versions)};\n",
        "# 3.0 marks the modules of Python 2 only.\n",
        "# Generated by scripts/build_module_map.py from sys.stdlib_module_names.\n",
    ]
    (DATA / "stdlib.tsv").write_text("".join(header + rows))
    print(f"stdlib.tsv: {len(rows)} modules over {', '.join(versions)}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scan-wheels", type=Path, help="refresh wheels.tsv from a folder")
    parser.add_argument("--python", action="append", default=[], help="an interpreter")
    parser.add_argument("--pipreqs", type=Path, help="a clone of pipreqs")
    parser.add_argument("--pants", type=Path, help="a clone of pants")
    args = parser.parse_args()
    if args.scan_wheels:
        scan_wheels(args.scan_wheels)
    if args.python:
        build_stdlib(args.python)
    if args.pipreqs and args.pants:
        build_modules(args.pipreqs, args.pants)


if __name__ == "__main__":
    main()
