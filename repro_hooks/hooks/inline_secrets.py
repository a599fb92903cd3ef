"""``inline-secrets``: keys, tokens and passwords in code, magics, shell escapes and
notebook outputs (RH2xx)."""

from __future__ import annotations

import argparse
import functools

from repro_hooks.config import HookConfig, Options, regex_list
from repro_hooks.findings import Finding
from repro_hooks.hooks.files import Check, add_file_arguments, run_file_hook

SUMMARY = "block keys, tokens and passwords in code, magics, shell escapes and outputs (RH2xx)"

OPTIONS: Options = {"extra-placeholders": regex_list}  # values that are never secrets


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_file_arguments(parser)


def configured_check(config: HookConfig) -> Check:
    """The check with the project's settings: the hook and ``repro-hooks check`` share it."""
    from repro_hooks.checks.inline_secrets import SecretSettings, check_source

    settings = SecretSettings(config.options.get("extra-placeholders", ()))
    return functools.partial(check_source, settings=settings)


def run(args: argparse.Namespace, config: HookConfig) -> list[Finding]:
    return run_file_hook(args.files, configured_check(config), config)
