"""What the file hooks share: read each staged file, run a check, keep going on errors."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable

from repro_hooks.findings import Finding
from repro_hooks.sources import SourceError, SourceFile, read_source

INTERNAL_ERROR = "RH999"

Check = Callable[[SourceFile], Iterable[Finding]]


def add_file_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="Python files and notebooks")


def check_files(paths: Iterable[str], check: Check) -> list[Finding]:
    """Run ``check`` on every file; an unreadable file becomes an RH9xx finding and the
    others are still checked."""
    findings: list[Finding] = []
    for path in paths:
        try:
            source = read_source(path)
            findings += check(source)
        except SourceError as error:
            findings.append(Finding(path, None, None, None, error.code, error.message))
        except RecursionError:
            findings.append(
                Finding(path, None, None, None, INTERNAL_ERROR, "too deeply nested to check")
            )
    return findings
