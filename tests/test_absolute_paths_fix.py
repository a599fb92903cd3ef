"""``absolute-paths --fix``: absolute paths into the repository become relative ones, in
real git work trees; a notebook keeps every byte but the literal, a module too (plus the
``pathlib`` import it needs); a second run changes nothing; without ``--fix`` nothing is
written."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import nbformat
import pytest

from repro_hooks.cli import main


def repository(tmp_path: Path) -> Path:
    root = tmp_path / "project_abacus"
    (root / "notebooks").mkdir(parents=True)
    (root / "src").mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def jupyter_notebook(path: Path, lines: list[str]) -> bytes:
    """A notebook laid out as Jupyter saves it (indent 1, non-ASCII kept), with an output
    that mentions the same path."""
    cells = [
        {"cell_type": "markdown", "id": "a1", "metadata": {}, "source": ["# Tickets é\n"]},
        {
            "cell_type": "code",
            "execution_count": 2,
            "id": "b2",
            "metadata": {"tags": []},
            "outputs": [{"name": "stdout", "output_type": "stream", "text": lines[-1:]}],
            "source": lines,
        },
    ]
    document = {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    data = (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()
    path.write_bytes(data)
    return data


def run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        main(["absolute-paths", "--format", "json", *args])
    finally:
        os.chdir(cwd)
    return json.loads(capsys.readouterr().out)


def test_notebook_literal_becomes_relative_to_its_folder(tmp_path, capsys):
    root = repository(tmp_path)
    notebook = root / "notebooks" / "eda.ipynb"
    before = jupyter_notebook(
        notebook,
        [
            "import pandas as pd\n",
            f"df = pd.read_csv('{root}/data/ticket_data.csv')\n",
            f'img = f"{root}/data/img/{{name}}.png"\n',
            "other = pd.read_csv('/home/jane/x.csv')",
        ],
    )
    assert run(root, "notebooks/eda.ipynb", capsys=capsys)  # reported, nothing written
    assert notebook.read_bytes() == before
    found = run(root, "--fix", "notebooks/eda.ipynb", capsys=capsys)
    after = notebook.read_bytes()
    expected = before.replace(
        f"'{root}/data/ticket_data.csv'".encode(), b"'../data/ticket_data.csv'", 1
    ).replace(f'f\\"{root}/data/img/'.encode(), b'f\\"../data/img/', 1)
    assert after == expected  # every other byte, the output's copy of the path included
    assert [(f["line"], f["code"]) for f in found] == [(4, "RH101")]
    nbformat.validate(nbformat.reads(after.decode(), as_version=4))
    run(root, "--fix", "notebooks/eda.ipynb", capsys=capsys)
    assert notebook.read_bytes() == after  # a second --fix changes nothing


def test_module_path_is_built_from_its_own_place(tmp_path, capsys):
    root = repository(tmp_path)
    module = root / "src" / "load.py"
    module.write_bytes(
        f'"""Load."""\r\nfrom __future__ import annotations\r\n\r\nimport pandas as pd\r\n'
        f'DATA = pd.read_csv("{root}/data/x.csv")  # é\r\n'.encode()
    )
    assert run(root, "--fix", "src/load.py", capsys=capsys) == []
    assert module.read_bytes() == (
        b'"""Load."""\r\nfrom __future__ import annotations\r\nfrom pathlib import Path\r\n'
        b"\r\nimport pandas as pd\r\n"
        b'DATA = pd.read_csv(str(Path(__file__).parent.parent / "data/x.csv"))  # '
        + "é".encode()
        + b"\r\n"
    )


def test_paths_outside_the_repository_and_symlinks_are_left_alone(tmp_path, capsys):
    root = repository(tmp_path)
    module = root / "m.py"
    text = f"a = open('{tmp_path}/elsewhere/x.csv')\nb = open('/home/jane/x.csv')\n"
    module.write_text(text)
    (root / "link.py").symlink_to(module)
    run(root, "--fix", "m.py", "link.py", capsys=capsys)
    assert module.read_text() == text


def test_a_module_that_does_not_parse_is_fixed_where_it_can_be(tmp_path, capsys):
    root = repository(tmp_path)
    module = root / "old.py"
    module.write_text(f"print 'python 2'\ndata = open('{root}/data/x.csv')\n")
    assert run(root, "--fix", "old.py", capsys=capsys) == []
    assert module.read_text() == (
        "from pathlib import Path\nprint 'python 2'\n"
        "data = open(str(Path(__file__).parent / 'data/x.csv'))\n"
    )


def test_a_broken_notebook_is_reported_not_fixed(tmp_path, capsys):
    root = repository(tmp_path)
    notebook = root / "broken.ipynb"
    notebook.write_text('{"cells": [')
    found = run(root, "--fix", "broken.ipynb", capsys=capsys)
    assert notebook.read_text() == '{"cells": ['
    assert [f["code"] for f in found] == ["RH902"]


def test_a_root_written_through_a_symbolic_link(tmp_path, capsys, monkeypatch):
    root = repository(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(root)
    notebook = root / "notebooks" / "eda.ipynb"
    jupyter_notebook(notebook, [f"df = pd.read_csv('{link}/data/x.csv')"])
    monkeypatch.setenv("PWD", str(link))
    monkeypatch.chdir(link)
    main(["absolute-paths", "--fix", "--format", "json", "notebooks/eda.ipynb"])
    assert "'../data/x.csv'" in notebook.read_text()
