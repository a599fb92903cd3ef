"""Generated notebooks and Python files through every file hook and ``check``, in every
output format: no crash, no hang, exit 0 or 1, findings inside their cells, files left
byte for byte, no planted secret printed whole."""

from __future__ import annotations

import tempfile
from pathlib import Path

from generators import Planted, notebook, notebook_bytes, python_file
from harness import (
    FILE_HOOKS,
    FORMATS,
    assert_in_range,
    assert_no_secret,
    assert_output_well_formed,
    assert_sound,
    budget,
    findings,
    notebook_units,
    python_units,
    run_cli,
    snapshot,
)
from hypothesis import given
from hypothesis import strategies as st

NAMES = ("analysis", "a b", "ü", "x.y", "-dash", "new\nline")


def check_everything(folder: Path, files: list[str], planted: Planted, units: dict) -> None:
    """Every hook and ``check``, every format, over ``files`` in ``folder``."""
    before = snapshot(folder)
    commands = [[hook, "--", *files] for hook in FILE_HOOKS] + [["check", "."]]
    for command in commands:
        for output_format in FORMATS:
            argv = [command[0], "--format", output_format, *command[1:]]
            run = run_cli(argv, folder)
            assert_sound(run)
            assert_no_secret(run, planted.secrets)
            assert_output_well_formed(run, output_format)
            if output_format == "json":
                assert_in_range(findings(run), units)
    assert snapshot(folder).changed(before) == [], "a file changed without --fix"


@budget(60)
@given(data=st.data())
def test_generated_notebooks_and_sources(data: st.DataObject) -> None:
    planted = Planted()
    notebooks = data.draw(st.lists(notebook(planted), min_size=1, max_size=2), "notebooks")
    sources = data.draw(st.lists(python_file(planted), max_size=2), "sources")
    names = data.draw(st.lists(st.sampled_from(NAMES), min_size=4, max_size=4, unique=True))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files, units = [], {}
        for name, value in zip(names, notebooks, strict=False):
            path = f"{name}.ipynb"
            (folder / path).write_bytes(notebook_bytes(value))
            files.append(path)
            units[path] = notebook_units(value)
        for name, data_ in zip(reversed(names), sources, strict=False):
            path = f"{name}.py"
            (folder / path).write_bytes(data_)
            files.append(path)
            units[path] = python_units(data_)
        check_everything(folder, files, planted, units)
