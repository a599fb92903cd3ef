"""Placeholder until the hook lands."""

from __future__ import annotations

import argparse

from repro_hooks.findings import Finding
from repro_hooks.hooks import UsageError

SUMMARY = "(not built yet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*")


def run(args: argparse.Namespace) -> list[Finding]:
    raise UsageError("this hook is not built yet")
