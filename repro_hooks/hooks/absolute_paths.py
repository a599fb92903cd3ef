"""``absolute-paths``: paths into one machine in code, magics and shell escapes (RH1xx)."""

from __future__ import annotations

import argparse
import functools
import re
from typing import Any

from repro_hooks.config import HookConfig, Options, string_list
from repro_hooks.findings import Finding
from repro_hooks.hooks.files import Check, add_file_arguments, run_file_hook

SUMMARY = "block machine-specific absolute paths in code, magics and shell escapes (RH1xx)"


def absolute_paths(value: Any) -> tuple[str, ...]:
    paths = string_list(value)
    for path in paths:
        if not re.match(r"/|[A-Za-z]:[\\/]|\\\\", path):
            raise ValueError(f"{path!r} is not an absolute path")
    return paths


OPTIONS: Options = {
    "extra-roots": absolute_paths,  # more machine-specific folders: RH107
    "allowed-paths": absolute_paths,  # folders every machine has: never reported
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_file_arguments(parser)


def configured_check(config: HookConfig) -> Check:
    """The check with the project's settings: the hook and ``repro-hooks check`` share it."""
    from repro_hooks.checks.absolute_paths import PathSettings, check_source

    settings = PathSettings(
        config.options.get("extra-roots", ()), config.options.get("allowed-paths", ())
    )
    return functools.partial(check_source, settings=settings)


def run(args: argparse.Namespace, config: HookConfig) -> list[Finding]:
    return run_file_hook(args.files, configured_check(config), config)
