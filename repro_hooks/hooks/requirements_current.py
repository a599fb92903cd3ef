"""``requirements-current``: a requirements.txt must be what pip-compile makes of its .in
(RH3xx); offline by default, exact with ``--resolve``, rewritten with ``--fix``."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repro_hooks.config import HookConfig, Options
from repro_hooks.findings import Finding
from repro_hooks.hooks.files import included
from repro_hooks.suppressions import Judging, Scope, apply_suppressions

if TYPE_CHECKING:
    from repro_hooks.checks.requirements.pairs import Pair

SUMMARY = "block a requirements.txt that is not what pip-compile makes of its .in (RH3xx)"
# The files pre-commit passes the hook: `files:` in .pre-commit-hooks.yaml, which must match.
FILES = (
    r"(^|/)(requirements/[^/]+|[^/]*(requirements|constraints)[^/]*"
    r"|(base|dev|docs|lint|prod|test|tests)(-[^/]+)?)\.(in|txt)$|(^|/)pyproject\.toml$"
)


def requirement_pairs(value: Any) -> tuple[tuple[tuple[str, ...], str], ...]:
    """``[{in = "gpu.in", txt = "locks/gpu.txt"}, ...]`` -> ((sources, output), ...);
    ``in`` may list several sources, as ``pip-compile a.in b.in -o out.txt`` takes."""
    if not isinstance(value, list):
        raise ValueError('expected a list of tables such as {in = "x.in", txt = "x.txt"}')
    pairs = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"in", "txt"}:
            raise ValueError(f'{item!r} is not a table with exactly the keys "in" and "txt"')
        sources = [item["in"]] if isinstance(item["in"], str) else item["in"]
        if not isinstance(item["txt"], str) or not isinstance(sources, list) or not sources:
            raise ValueError(f"{item!r}: 'txt' must be a path and 'in' a path or list of paths")
        if not all(isinstance(source, str) and source for source in sources) or not item["txt"]:
            raise ValueError(f"{item!r}: every path must be a non-empty string")
        pairs.append((tuple(sources), item["txt"]))
    return tuple(pairs)


OPTIONS: Options = {"pairs": requirement_pairs}  # when the names don't say it


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="requirements .in/.txt files or pyproject.toml; each file's partner is found",
    )
    exact = parser.add_mutually_exclusive_group()
    exact.add_argument(
        "--resolve",
        action="store_true",
        help="also re-run pip-compile (needs the package index) and compare byte for byte",
    )
    exact.add_argument(
        "--fix",
        action="store_true",
        help="re-run pip-compile and rewrite each .txt that differs",
    )


def run(args: argparse.Namespace, config: HookConfig) -> list[Finding]:
    recompile = "fix" if args.fix else "resolve" if args.resolve else None
    return check_requirements(args.files, config, Judging((config.codes.own_prefix,)), recompile)


def configured_pairs(config: HookConfig) -> list[Pair]:
    """The configured pairs, each path relative to the configuration's folder, as the user
    sees it."""
    from repro_hooks.checks.requirements.pairs import Pair

    def place(path: str) -> Path:
        return Path(os.path.relpath(config.root / path))

    return [
        Pair(place(output), tuple(place(source) for source in sources))
        for sources, output in config.options.get("pairs", ())
    ]


def file_filter(config: HookConfig) -> Callable[[str], bool]:
    """Which files are this hook's: those pre-commit passes it (:data:`FILES`), and the
    files of the configured pairs, whatever their names."""
    pattern = re.compile(FILES)
    named = {
        path.resolve() for pair in configured_pairs(config) for path in (pair.output, *pair.sources)
    }

    def wanted(path: str) -> bool:
        # Matched on the absolute path: from a subfolder, the given one may lack the
        # ``requirements/`` folder the pattern looks for.
        absolute = os.path.abspath(path).replace(os.sep, "/")
        return bool(pattern.search(absolute)) or (bool(named) and Path(path).resolve() in named)

    return wanted


def check_requirements(
    paths: Sequence[str], config: HookConfig, judging: Judging, recompile: str | None = None
) -> list[Finding]:
    """Every pair the files touch, offline unless ``recompile`` (see ``check_paths``);
    suppressions are judged by ``judging``, which says which hooks ran."""
    from repro_hooks.checks.requirements_current import check_paths

    paths = included(paths, config)
    findings = check_paths(paths, recompile, configured_pairs(config))
    return suppressed_in_files(paths, findings, judging)


def suppressed_in_files(
    paths: Sequence[str], findings: list[Finding], judging: Judging
) -> list[Finding]:
    """Apply ``# repro: ignore[...]`` comments written in the given requirement files and
    in the files findings are about (a partner the user did not stage)."""
    by_path: dict[str, list[Finding]] = {path: [] for path in paths}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    kept = []
    for path, found in by_path.items():
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            kept += found
            continue
        kept += apply_suppressions(path, [Scope(None, text)], found, judging)
    return kept
