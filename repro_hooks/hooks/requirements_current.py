"""``requirements-current``: a requirements.txt must be what pip-compile makes of its .in
(RH3xx); offline by default, exact with ``--resolve``, rewritten with ``--fix``."""

from __future__ import annotations

import argparse

from repro_hooks.findings import Finding

SUMMARY = "block a requirements.txt that is not what pip-compile makes of its .in (RH3xx)"


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


def run(args: argparse.Namespace) -> list[Finding]:
    from repro_hooks.checks.requirements_current import check_paths

    recompile = "fix" if args.fix else "resolve" if args.resolve else None
    return check_paths(args.files, recompile)
