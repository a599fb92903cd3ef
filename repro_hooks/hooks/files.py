"""What the file hooks share: read each staged file, run a check, keep going on errors."""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.context
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from repro_hooks.findings import Finding
from repro_hooks.rules import INTERNAL_ERROR
from repro_hooks.sources import SourceError, SourceFile, read_source

Check = Callable[[SourceFile], Iterable[Finding]]


def add_file_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="Python files and notebooks")


# Below this many files a worker pool costs more than it saves.
PARALLEL_THRESHOLD = 64


def check_files(paths: Sequence[str], check: Check) -> list[Finding]:
    """Run ``check`` on every file, on every core for a long list (``--all-files``); an
    unreadable file becomes an RH9xx finding and the others are still checked."""
    workers = min(os.cpu_count() or 1, len(paths) // (PARALLEL_THRESHOLD // 2))
    if workers < 2 or len(paths) < PARALLEL_THRESHOLD:
        return [finding for path in paths for finding in check_file(path, check)]
    import repro_hooks.sources.parse  # noqa: F401  (imported once, before the workers fork)

    chunk = max(1, len(paths) // (workers * 32))
    with ProcessPoolExecutor(workers, mp_context=_fork_context()) as pool:
        results = pool.map(check_file, paths, [check] * len(paths), chunksize=chunk)
        return [finding for findings in results for finding in findings]


def _fork_context() -> multiprocessing.context.BaseContext | None:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork") if "fork" in methods else None


def check_file(path: str, check: Check) -> list[Finding]:
    try:
        return list(check(read_source(path)))
    except SourceError as error:
        return [Finding(path, None, None, None, error.code, error.message)]
    except RecursionError:
        return [Finding(path, None, None, None, INTERNAL_ERROR, "too deeply nested to check")]
