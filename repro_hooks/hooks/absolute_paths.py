"""``absolute-paths``: paths into one machine in code, magics and shell escapes (RH1xx)."""

from __future__ import annotations

import argparse

from repro_hooks.findings import Finding
from repro_hooks.hooks.files import add_file_arguments, check_files

SUMMARY = "block machine-specific absolute paths in code, magics and shell escapes (RH1xx)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_file_arguments(parser)


def run(args: argparse.Namespace) -> list[Finding]:
    from repro_hooks.checks.absolute_paths import check_source

    return check_files(args.files, check_source)
