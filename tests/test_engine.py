"""The engine: a long list of files is checked in a worker pool with the same findings, in
the same order, as one by one; a short or small one is never sent to a pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repro_hooks.cli import main
from repro_hooks.engine import files


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


def test_a_pool_finds_what_one_process_finds(tmp_path, capsys, monkeypatch):
    paths = write_modules(tmp_path, files.PARALLEL_THRESHOLD + 6)
    one_by_one = findings(capsys, paths)
    used: list[int] = []
    import concurrent.futures

    class CountingPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, workers: int, **kwargs: object) -> None:
            used.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(files.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(files, "PARALLEL_BYTES", 1)
    assert findings(capsys, paths) == one_by_one
    assert used == [2]
    assert len(one_by_one) == len(paths)


def test_many_small_files_are_checked_without_a_pool(tmp_path, capsys, monkeypatch):
    import concurrent.futures

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool for a few small files")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(files.os, "cpu_count", lambda: 2)
    paths = write_modules(tmp_path, files.PARALLEL_THRESHOLD + 6)
    assert len(findings(capsys, paths)) == len(paths)
