"""``requirements-current``: a requirements.txt must be what pip-compile makes of its .in
(RH3xx); offline by default, exact with ``--resolve``, rewritten with ``--fix``."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from repro_hooks.core.config import HookConfig
from repro_hooks.core.finding import Finding
from repro_hooks.engine.files import included
from repro_hooks.engine.hook import Hook, Run
from repro_hooks.hooks.requirements_current.rules import RULES

if TYPE_CHECKING:
    from pathlib import Path

    from repro_hooks.hooks.requirements_current.pairs import Pair

# The files pre-commit passes the hook (`files:` in .pre-commit-hooks.yaml).
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


EXAMPLE_FILE = re.compile(r"^==> (\S+) <==\n", re.MULTILINE)


def example_files(text: str) -> dict[str, str]:
    """A rule example's files: each led by ``==> name <==``, as ``head`` prints them."""
    parts = EXAMPLE_FILE.split(text)
    return {name: body for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    exact = parser.add_mutually_exclusive_group()
    exact.add_argument(
        "--resolve",
        action="store_true",
        help="also re-run pip-compile or uv (needs the package index) and compare byte for byte",
    )
    exact.add_argument(
        "--fix",
        action="store_true",
        help="re-run pip-compile and rewrite each .txt that differs",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="with --resolve, print on stderr how each .txt differs from the recompiled one",
    )


def configured_pairs(config: HookConfig) -> list[Pair]:
    """The configured pairs, each path relative to the configuration's folder, as the user
    sees it."""
    from pathlib import Path

    from repro_hooks.hooks.requirements_current.pairs import Pair

    def place(path: str) -> Path:
        return Path(os.path.relpath(os.path.join(config.root, path)))

    return [
        Pair(place(output), tuple(place(source) for source in sources))
        for sources, output in config.options.get("pairs", ())
    ]


def configured_files(config: HookConfig) -> Callable[[str], bool] | None:
    """The files of the configured pairs, whatever their names."""
    named = {
        os.path.realpath(path)
        for pair in configured_pairs(config)
        for path in (pair.output, *pair.sources)
    }
    return (lambda path: os.path.realpath(path) in named) if named else None


def run(request: Run) -> list[Finding]:
    """Every pair the files touch (given none, every configured pair), offline unless
    ``--resolve`` or ``--fix``; suppressions in the requirement files apply."""
    from repro_hooks.hooks.requirements_current.check import check_paths

    flags = request.flags
    recompile = "fix" if flags.get("fix") else "resolve" if flags.get("resolve") else None
    paths = included(request.paths, request.config)
    return check_paths(
        paths, recompile, configured_pairs(request.config), diff=bool(flags.get("diff"))
    )


HOOK = Hook(
    id="requirements-current",
    prefix="RH3",
    summary="block a requirements.txt that is not what pip-compile makes of its .in (RH3xx)",
    rules=RULES,
    scope="files",
    options={"pairs": requirement_pairs},  # when the names don't say it
    files=FILES,
    configured_files=configured_files,
    run=run,
    add_arguments=add_arguments,
    example_files=example_files,
)
