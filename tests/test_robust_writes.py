"""The one way ``--fix`` writes a file: inside the work tree, never through a link, whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from repro_hooks.engine.writes import WriteRefused, write_in_work_tree


def test_a_write_replaces_the_file_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    (tmp_path / "rules").write_bytes(b"old\n")
    (tmp_path / "rules").chmod(0o600)
    write_in_work_tree(tmp_path, "rules", b"new\n")
    assert (tmp_path / "rules").read_bytes() == b"new\n"
    assert (tmp_path / "rules").stat().st_mode & 0o777 == 0o600
    assert sorted(os.listdir(tmp_path)) == ["rules"]  # no temporary file left


@pytest.mark.parametrize(
    ("setup", "name", "reason"),
    [
        (lambda root, out: (root / "f").symlink_to(out / "target"), "f", "it is a symbolic link"),
        (lambda root, out: (root / "f").symlink_to(out / "absent"), "f", "it is a symbolic link"),
        (
            lambda root, out: (root / "sub").symlink_to(out, target_is_directory=True),
            "sub/f",
            "its folder sub is a symbolic link",
        ),
        (lambda root, out: (root / "f").mkdir(), "f", "it is not a regular file"),
    ],
)
def test_a_write_is_refused_where_it_would_leave_the_work_tree(
    tmp_path: Path, setup: object, name: str, reason: str
) -> None:
    root, outside = tmp_path / "repo", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (outside / "target").write_bytes(b"shared\n")
    setup(root, outside)  # type: ignore[operator]
    with pytest.raises(WriteRefused, match=f"^{reason}$"):
        write_in_work_tree(root, name, b"x\n")
    assert sorted(os.listdir(outside)) == ["target"]
    assert (outside / "target").read_bytes() == b"shared\n"
