"""The engine: many or large files are checked in forked workers with the same findings,
in the same order, as one by one; a few small ones never cost a fork; a worker that dies
loses nothing."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from repro_hooks.cli import main
from repro_hooks.core.finding import Finding
from repro_hooks.engine import pool


def write_modules(folder: Path, count: int) -> list[str]:
    paths = []
    for index in range(count):
        path = folder / f"step_{index:03d}.py"
        path.write_text(f"import pandas as pd\nframe = pd.read_csv('/home/ana/part_{index}.csv')\n")
        paths.append(str(path))
    return paths


def findings(capsys: pytest.CaptureFixture[str], paths: list[str]) -> list[tuple[str, int]]:
    assert main(["absolute-paths", "--format", "json", *paths]) == 1
    return [(Path(f["path"]).name, f["line"]) for f in json.loads(capsys.readouterr().out)]


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Two cores, a worker for every 100 bytes; the process ids of the forks made."""
    forked: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(pool, "_cores", lambda: 2)
    monkeypatch.setattr(pool, "BYTES_PER_WORKER", 100)
    monkeypatch.setattr(pool.os, "fork", counting_fork)
    return forked


def test_forked_workers_find_what_one_process_finds(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    two_cores: list[int],
) -> None:
    paths = write_modules(tmp_path, 40)
    in_two = findings(capsys, paths)
    assert len(two_cores) == 1
    monkeypatch.setattr(pool, "BYTES_PER_WORKER", 10**9)
    in_one = findings(capsys, paths)
    assert len(two_cores) == 1
    assert in_two == in_one == [(f"step_{index:03d}.py", 2) for index in range(40)]


def test_a_few_small_files_fork_no_worker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> int:
        raise AssertionError("a worker for a few small files")

    monkeypatch.setattr(pool, "_cores", lambda: 2)
    monkeypatch.setattr(pool.os, "fork", refuse)
    paths = write_modules(tmp_path, 80)  # 80 files, 5 KB
    assert len(findings(capsys, paths)) == 80


def test_a_worker_that_dies_has_its_files_checked_here(
    monkeypatch: pytest.MonkeyPatch, two_cores: list[int]
) -> None:
    parent = os.getpid()
    paths = [f"file-{index}" for index in range(6)]

    def task(path: str) -> list[Finding]:
        if path == "file-3" and os.getpid() != parent:
            os._exit(9)  # the worker dies on this file; checked here, it is fine
        return [Finding(path, None, 1, 1, "RH101", "found")]

    monkeypatch.setattr(pool, "_size", lambda path: 1000)
    found = pool.check_all(task, paths)
    assert len(two_cores) == 1
    assert [finding.path for finding in found] == paths


def test_no_process_to_be_had_means_the_files_are_checked_here(
    monkeypatch: pytest.MonkeyPatch, two_cores: list[int]
) -> None:
    def no_process() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(pool.os, "fork", no_process)
    monkeypatch.setattr(pool, "_size", lambda path: 1000)
    paths = [f"file-{index}" for index in range(6)]
    found = pool.check_all(lambda path: [Finding(path, None, 1, 1, "RH101", "x")], paths)
    assert [finding.path for finding in found] == paths


def test_files_are_dealt_largest_first_to_the_lightest_share() -> None:
    assert pool.deal([100, 1, 1, 50, 50], 2) == [[0, 1], [2, 3, 4]]
    assert pool.deal([5, 5, 5], 2, offset=1) == [[1, 3], [2]]
    assert pool.deal([], 2) == [[], []]


class _InProcessPool:
    """A stand-in for ProcessPoolExecutor that records its size and maps in-process."""

    sizes: ClassVar[list[int]] = []

    def __init__(self, workers: int) -> None:
        self.sizes.append(workers)

    def __enter__(self) -> _InProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(
        self, task: Callable[[str], list[Finding]], paths: Iterable[str], chunksize: int
    ) -> Iterator[list[Finding]]:
        return map(task, paths)


@pytest.mark.parametrize(("count", "size", "pooled"), [(70, 70_000, True), (10, 500_000, False)])
def test_without_fork_only_a_long_list_goes_to_new_interpreters(
    monkeypatch: pytest.MonkeyPatch, count: int, size: int, pooled: bool
) -> None:
    import concurrent.futures

    _InProcessPool.sizes = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _InProcessPool)
    monkeypatch.delattr(pool.os, "fork")
    monkeypatch.setattr(pool, "_cores", lambda: 2)
    monkeypatch.setattr(pool, "_size", lambda path: size)
    paths = [f"file-{index}" for index in range(count)]
    found = pool.check_all(lambda path: [Finding(path, None, 1, 1, "RH101", "x")], paths)
    assert [finding.path for finding in found] == paths
    assert _InProcessPool.sizes == ([2] if pooled else [])
