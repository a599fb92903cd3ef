"""``inline-secrets``: keys, tokens and passwords in code, magics, shell escapes and
notebook outputs (RH2xx)."""

from __future__ import annotations

import argparse

from repro_hooks.findings import Finding
from repro_hooks.hooks.files import add_file_arguments, check_files

SUMMARY = "block keys, tokens and passwords in code, magics, shell escapes and outputs (RH2xx)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_file_arguments(parser)


def run(args: argparse.Namespace) -> list[Finding]:
    from repro_hooks.checks.inline_secrets import check_source

    return check_files(args.files, check_source)
