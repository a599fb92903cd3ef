"""Import names -> the distributions that provide them, offline.

Three sources, tried in this order for each dotted prefix of an import (longest first):

1. ``module-map`` from the user's configuration;
2. ``modules.tsv``, shipped with the package and rebuilt by
   ``scripts/build_module_map.py`` from real wheels, pants' and pipreqs' mappings;
3. family and name rules: ``google.cloud.X`` is ``google-cloud-X``, ``python-X``
   provides ``X``, ``scikit-X`` provides ``skX``, and as a last resort a distribution
   provides the module of its own normalised name (``tqdm``, ``azure.storage.blob`` ->
   ``azure-storage-blob``).

The data files are read on first use, not on import: a run that finds no import never
pays for them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path

from repro_hooks.sources.requirements.lockfile import canonical_name

HERE = Path(__file__).parent
# Namespaces whose distribution is named by more than the first part of the import.
FAMILY_DEPTH = {
    "google.cloud": 3,
    "azure": 3,
    "google": 2,
    "jaraco": 2,
    "backports": 2,
    "sphinxcontrib": 2,
    "zope": 2,
    "ruamel": 2,
    "opentelemetry": 3,
}
# Build variants of one project: faiss-cpu provides what faiss would.
_VARIANT = re.compile(r"^(?P<base>.+?)-(cpu|gpu|binary|headless|nightly|cu\d+|lite|slim)$")
_PREFIXED = re.compile(r"^python-(?P<base>.+)$")
_SUFFIXED = re.compile(r"^(?P<base>.+?)-(py|python)$")
# scikit-learn is sklearn, scikit-image skimage, scikit-multilearn skmultilearn.
_SCIKIT = re.compile(r"^scikit-(?P<base>[a-z0-9]+)$")

# Distribution names compare as PEP 503 says; import names compare the same way.
canonical = canonical_name


@cache
def _shipped() -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]], frozenset[str]]:
    """``modules.tsv`` as module -> distributions, distribution -> modules, and the
    modules that more than pipreqs vouches for."""
    providers: dict[str, tuple[str, ...]] = {}
    modules: dict[str, set[str]] = defaultdict(set)
    checked: set[str] = set()
    with open(HERE / "modules.tsv", encoding="utf-8") as data:
        for line in data:
            if line.startswith("#"):
                continue
            module, dists, mark = line.rstrip("\n").split("\t")
            providers[module] = tuple(dists.split(","))
            if mark == "checked":
                checked.add(module)
            for dist in providers[module]:
                modules[dist].add(module)
    names = {dist: frozenset(found) for dist, found in modules.items()}
    return providers, names, frozenset(checked)


@cache
def _stdlib() -> dict[str, tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """``stdlib.tsv`` as module -> (first version that has it, first that does not)."""
    table = {}
    with open(HERE / "stdlib.tsv", encoding="utf-8") as data:
        for line in data:
            if not line.startswith("#"):
                module, added, removed = line.rstrip("\n").split("\t")
                table[module] = (_version(added), _version(removed))
    return table


def _version(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    major, minor = text.split(".")
    return int(major), int(minor)


def stdlib_status(module: str, python: tuple[int, int] | None) -> str | None:
    """``"stdlib"`` if the top-level ``module`` is in the standard library of ``python``
    (of any version when unknown), ``"python 2"`` if only Python 2 had it, else
    ``"added in 3.11"`` / ``"removed in 3.12"`` when another version has it, else
    ``None``."""
    entry = _stdlib().get(module.partition(".")[0])
    if entry is None:
        return None
    added, removed = entry
    if removed == (3, 0):
        return "python 2"
    if python is None:
        return "stdlib"
    if added is not None and python < added:
        return f"added in {added[0]}.{added[1]}"
    if removed is not None and python >= removed:
        return f"removed in {removed[0]}.{removed[1]}"
    return "stdlib"


def prefixes(name: str) -> list[str]:
    """``a.b.c`` -> ``["a.b.c", "a.b", "a"]``."""
    parts = name.split(".")
    return [".".join(parts[:k]) for k in range(len(parts), 0, -1)]


class ModuleMap:
    """The resolver: which distributions provide a module, which modules a distribution
    provides. ``extra`` is the configuration's ``module-map`` (module -> distributions)."""

    def __init__(self, extra: Mapping[str, Sequence[str]] | None = None) -> None:
        self._extra = {m: tuple(canonical(d) for d in ds) for m, ds in (extra or {}).items()}
        self._keys: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._suggested: dict[tuple[str, ...], str] = {}
        self._providers: dict[tuple[tuple[str, ...], frozenset[str]], str | None] = {}

    def suggest(self, names: Sequence[str]) -> str:
        """The distribution to declare for an import of ``names`` (its dotted candidates):
        the entry of the longest known prefix, else the family rule, else the name."""
        key = tuple(names)
        if key not in self._suggested:
            self._suggested[key] = self._suggest(key)
        return self._suggested[key]

    def _suggest(self, names: tuple[str, ...]) -> str:
        shipped, _, _ = _shipped()
        best: tuple[int, str] | None = None
        for name in names:
            for prefix in prefixes(name):
                found = self._extra.get(prefix) or shipped.get(prefix)
                if found:
                    if best is None or len(prefix) > best[0]:
                        best = (len(prefix), found[0])
                    break
            family = next((f for f in FAMILY_DEPTH if name.startswith(f"{f}.")), None)
            if family is not None:
                dotted = ".".join(name.split(".")[: FAMILY_DEPTH[family]])
                if best is None or len(dotted) > best[0]:
                    best = (len(dotted), canonical(dotted))
        return best[1] if best else canonical(names[-1].partition(".")[0])

    def provider_among(self, names: Iterable[str], dists: Collection[str]) -> str | None:
        """The first of ``dists`` (canonical names) that provides one of ``names``. Of each
        name, only the longest prefix the map knows and longer ones count:
        ``mpl_toolkits.basemap`` is basemap's, though matplotlib installs ``mpl_toolkits``.
        Kept per question: a project's files import the same modules again and again."""
        key = (tuple(names), frozenset(dists))
        if key not in self._providers:
            self._providers[key] = self._provider_among(*key)
        return self._providers[key]

    def _provider_among(self, names: tuple[str, ...], dists: frozenset[str]) -> str | None:
        shipped, _, _ = _shipped()
        candidates = []
        for name in names:
            known = next((p for p in prefixes(name) if p in self._extra or p in shipped), "")
            floor = known.count(".") if known else 0
            candidates.append([p for p in prefixes(name) if p.count(".") >= floor])
        for allowed in candidates:
            for prefix in allowed:
                for dist in self._extra.get(prefix, ()):
                    if dist in dists:
                        return dist
        for dist in dists:
            exact, normal = self._dist_keys(dist)
            for allowed in candidates:
                for prefix in allowed:
                    if prefix in exact or canonical(prefix) in normal:
                        return dist
        return None

    def _dist_keys(self, dist: str) -> tuple[frozenset[str], frozenset[str]]:
        """(modules ``dist`` installs per the data, normalised names its rules give)."""
        if dist not in self._keys:
            _, modules, _ = _shipped()
            exact = set(modules.get(dist, ()))
            normal = {dist}
            for pattern in (_VARIANT, _PREFIXED, _SUFFIXED):
                if match := pattern.match(dist):
                    base = match["base"]
                    normal.add(base)
                    exact |= modules.get(base, frozenset())
            if match := _SCIKIT.match(dist):
                normal.add(f"sk{match['base']}")
            self._keys[dist] = (frozenset(exact), frozenset(normal))
        return self._keys[dist]

    def import_name(self, declared: str) -> str | None:
        """If ``declared`` is an import name rather than the distribution that provides it
        (``sklearn``, ``cv2``, ``PIL``), the distribution to declare instead."""
        shipped, modules, checked = _shipped()
        key = canonical(declared)
        if key in modules:
            return None  # a real distribution that provides modules of its own
        module = declared if declared in shipped else _lower_index().get(declared.lower())
        if module is None or "." in module or module not in checked:
            return None  # only pipreqs says so: statsd is a distribution of its own too
        found = self._extra.get(module) or shipped[module]
        return None if key in found else found[0]


@cache
def _lower_index() -> dict[str, str]:
    shipped, _, _ = _shipped()
    return {module.lower(): module for module in shipped if "." not in module}
