"""What a text report says around its findings: the summary line, --statistics, --quiet,
and the note about files left out because they sit inside a virtualenv."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repro_hooks.cli import main

TWO_HOMES = "a = open('/home/jane/a.csv')\nb = open('/home/jane/b.csv')\n"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_findings_are_sorted_and_end_with_a_summary(capsys, in_tmp: Path) -> None:
    (in_tmp / "b.py").write_text(TWO_HOMES)
    (in_tmp / "a.py").write_text("c = open('/home/jane/c.csv')\n")
    status, out, err = run(capsys, "absolute-paths", "b.py", "a.py")
    lines = out.splitlines()
    assert status == 1 and err == ""
    assert [line.split(" ")[0] for line in lines[:-1]] == ["a.py:1:10:", "b.py:1:10:", "b.py:2:10:"]
    assert lines[-1] == "Found 3 findings in 2 files."


def test_a_clean_run_prints_nothing(capsys, in_tmp: Path) -> None:
    (in_tmp / "a.py").write_text("x = 1\n")
    assert run(capsys, "absolute-paths", "a.py") == (0, "", "")


def test_quiet_prints_the_findings_only(capsys, in_tmp: Path) -> None:
    (in_tmp / "a.py").write_text(TWO_HOMES)
    status, out, _ = run(capsys, "absolute-paths", "--quiet", "a.py")
    assert status == 1
    assert [line.split(" ")[1] for line in out.splitlines()] == ["RH101", "RH101"]


def test_statistics_count_each_code(capsys, in_tmp: Path) -> None:
    (in_tmp / "a.py").write_text(TWO_HOMES + "d = open('D:\\\\x.csv')\n")
    status, out, _ = run(capsys, "absolute-paths", "--statistics", "--quiet", "a.py")
    assert status == 1
    assert out == "2  RH101  home-folder-path\n1  RH102  windows-drive-path\n"
    status, out, _ = run(capsys, "absolute-paths", "--statistics", "--format", "json", "a.py")
    assert json.loads(out) == [
        {"code": "RH101", "name": "home-folder-path", "count": 2},
        {"code": "RH102", "name": "windows-drive-path", "count": 1},
    ]


def test_files_inside_a_virtualenv_are_left_out_with_one_note(capsys, in_tmp: Path) -> None:
    site = in_tmp / ".venv" / "lib" / "site-packages" / "pkg"
    site.mkdir(parents=True)
    (in_tmp / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    for name in ("a.py", "b.py"):
        (site / name).write_text(TWO_HOMES)
    (in_tmp / "own.py").write_text("x = open('/home/jane/x.csv')\n")
    files = [str(site / "a.py"), str(site / "b.py"), "own.py"]
    status, out, err = run(capsys, "absolute-paths", *files)
    assert status == 1
    assert [line.split(" ")[0] for line in out.splitlines()[:-1]] == ["own.py:1:10:"]
    assert err.count("\n") == 1
    assert "skipped 2 files inside the virtualenv" in err and str(in_tmp / ".venv") in err
    status, out, err = run(capsys, "absolute-paths", "--quiet", *files)
    assert (status, err) == (1, "")


def test_a_reader_that_leaves_early_gets_no_traceback(in_tmp: Path) -> None:
    """`repro-hooks ... | head -1`: the report stops quietly, with the findings' status."""
    import subprocess
    import sys

    (in_tmp / "many.py").write_text(
        "".join(f"x{i} = open('/home/jane/{i}.csv')\n" for i in range(5000))
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "repro_hooks", "absolute-paths", "many.py"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"many.py:1:11: RH101")
    process.stdout.close()
    error = process.stderr.read()
    assert process.wait() == 1
    assert b"Traceback" not in error and b"BrokenPipe" not in error
