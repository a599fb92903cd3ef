"""``gitignore``: .env files and virtualenvs ignored by the repository's own .gitignore,
never tracked, and kept out of Docker images (RH4xx)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from repro_hooks.config import HookConfig, Options, string_list
from repro_hooks.findings import Finding
from repro_hooks.hooks import UsageError

SUMMARY = (
    "block .env files and virtualenvs that the repository's own .gitignore does not "
    "ignore, or that git tracks (RH4xx)"
)
# Kept here as well as in the check so that --help does not import the check.
DEFAULT_REQUIRED = (".env", "venv/")


def required_paths(value: Any) -> tuple[str, ...]:
    from repro_hooks.checks.gitignore import required_entries

    return required_entries(string_list(value))


OPTIONS: Options = {"required": required_paths}  # replaces DEFAULT_REQUIRED


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fix",
        action="store_true",
        help="append the missing entries to the root .gitignore (never untracks files)",
    )
    parser.add_argument(
        "--require",
        action="append",
        metavar="ENTRY",
        help="a root-relative path that .gitignore must ignore, 'dir/' for a folder; "
        f"repeatable, replaces the configured 'required' (default: {' '.join(DEFAULT_REQUIRED)})",
    )
    parser.add_argument(
        "--repo",
        default=".",
        metavar="PATH",
        help="a folder inside the repository to check (default: the current folder)",
    )


def run(args: argparse.Namespace, config: HookConfig) -> list[Finding]:
    if not Path(args.repo).is_dir():
        raise UsageError(f"--repo: {args.repo!r} is not a folder")
    return check_work_tree(Path(args.repo), config, args.require, fix=args.fix)


def check_work_tree(
    start: Path, config: HookConfig, require: Sequence[str] | None = None, *, fix: bool = False
) -> list[Finding]:
    """The work tree holding ``start``, with the configured entries unless ``require``
    (``--require``) replaces them: the hook and ``repro-hooks check`` share it."""
    from repro_hooks.checks.gitignore import check_repository, required_entries

    try:
        required = required_entries(require or config.options.get("required", DEFAULT_REQUIRED))
    except ValueError as error:
        raise UsageError(f"--require: {error}") from None
    return check_repository(start, required, fix=fix)
