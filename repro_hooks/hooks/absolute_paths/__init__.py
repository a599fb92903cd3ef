"""``absolute-paths``: paths into one machine in code, magics and shell escapes (RH1xx)."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from typing import Any

from repro_hooks.core.config import HookConfig, string_list
from repro_hooks.core.paths import is_absolute
from repro_hooks.engine.hook import Hook, SourceCheck
from repro_hooks.hooks.absolute_paths.rules import RULES


def absolute_paths(value: Any) -> tuple[str, ...]:
    paths = string_list(value)
    for path in paths:
        if not is_absolute(path):
            raise ValueError(f"{path!r} is not an absolute path")
    return paths


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def configured_check(config: HookConfig) -> SourceCheck:
    """The check with the project's settings."""
    from repro_hooks.hooks.absolute_paths.check import PathSettings, check_source

    settings = PathSettings(
        config.options.get("extra-roots", ()),
        config.options.get("allowed-paths", ()),
        # RH103 is off by default: the option, or naming RH103 in ``enable``, turns it on.
        config.options.get("report-platform-paths", False)
        or "RH103" in (config.codes.enable or ()),
    )
    return functools.partial(check_source, settings=settings)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fix",
        action="store_true",
        help="rewrite absolute paths into the repository as relative ones (a notebook's from "
        "its folder, a module's from Path(__file__).parent)",
    )


def fix(paths: Sequence[str], config: HookConfig) -> list[str]:
    from repro_hooks.hooks.absolute_paths.fix import fix_files

    return fix_files(paths, config)


HOOK = Hook(
    id="absolute-paths",
    prefix="RH1",
    summary="block machine-specific absolute paths in code, magics and shell escapes (RH1xx)",
    rules=RULES,
    scope="sources",
    options={
        "extra-roots": absolute_paths,  # more machine-specific folders: RH107
        "allowed-paths": absolute_paths,  # folders every machine has: never reported
        "report-platform-paths": boolean,  # the project must also run off its platform: RH103
    },
    types=("python", "jupyter"),
    make_check=configured_check,
    fix=fix,
    add_arguments=add_arguments,
)
