"""engine.writes: a --fix write is atomic, keeps the file's mode, and refuses a symbolic
link or a path outside the work tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from repro_hooks.engine.writes import UnsafeWrite, write_atomically


def test_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.py"
    target.write_text("old\n")
    target.chmod(0o640)
    write_atomically(target, b"new\n", tmp_path)
    assert target.read_bytes() == b"new\n"
    assert os.stat(target).st_mode & 0o777 == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["a.py"]  # no temporary left


def test_a_new_file_gets_the_mode_asked_for(tmp_path: Path) -> None:
    write_atomically(tmp_path / ".env", b"A=1\n", tmp_path, mode=0o600)
    assert os.stat(tmp_path / ".env").st_mode & 0o777 == 0o600


def test_never_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.env"
    real.write_text("")
    (tmp_path / ".env").symlink_to(real)
    with pytest.raises(UnsafeWrite):
        write_atomically(tmp_path / ".env", b"A=1\n", tmp_path)
    assert real.read_text() == ""


def test_never_outside_the_work_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    with pytest.raises(UnsafeWrite):
        write_atomically(tmp_path / "outside.txt", b"x", tree)
    assert not (tmp_path / "outside.txt").exists()
