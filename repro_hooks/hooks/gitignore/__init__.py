"""``gitignore``: .env files and virtualenvs ignored by the repository's own .gitignore,
never tracked, and kept out of Docker images (RH4xx)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from repro_hooks.core.config import UsageError, string_list
from repro_hooks.core.finding import Finding
from repro_hooks.engine.hook import Hook, Run
from repro_hooks.hooks.gitignore.rules import DEFAULT_REQUIRED, RULES


def required_paths(value: Any) -> tuple[str, ...]:
    from repro_hooks.hooks.gitignore.check import required_entries

    return required_entries(string_list(value))


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


def run(request: Run) -> list[Finding]:
    """The work tree holding the folder given (``--repo``; ``check`` gives each work tree
    it covers), with the configured entries unless ``--require`` replaces them."""
    from pathlib import Path

    from repro_hooks.hooks.gitignore.check import check_repository, required_entries

    (folder,) = request.paths
    if not os.path.isdir(folder):
        raise UsageError(f"--repo: {folder!r} is not a folder")
    require = request.flags.get("require")
    try:
        required = required_entries(
            require or request.config.options.get("required", DEFAULT_REQUIRED)
        )
    except ValueError as error:
        raise UsageError(f"--require: {error}") from None
    return check_repository(Path(folder), required, fix=bool(request.flags.get("fix")))


HOOK = Hook(
    id="gitignore",
    prefix="RH4",
    summary="block .env files and virtualenvs that the repository's own .gitignore does not "
    "ignore, or that git tracks (RH4xx)",
    rules=RULES,
    scope="repository",
    options={"required": required_paths},  # replaces DEFAULT_REQUIRED
    pass_filenames=False,
    run=run,
    add_arguments=add_arguments,
)
