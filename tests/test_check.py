"""``repro-hooks check``: every hook over a real git repository's files, without pre-commit."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from notebooks import code_cell, markdown_cell, write_notebook

from repro_hooks.cli import main
from repro_hooks.registry import HOOK_PACKAGES

PROJECT = Path(__file__).resolve().parents[1]
FIXTURE = PROJECT / "tests" / "fixtures" / "requirements" / "bench"
pytestmark = pytest.mark.usefixtures("isolated_git")
# What `check` reports on the project `make_project` builds, (path, cell, line, column, code).
PROJECT_ROWS = [
    (".env", None, None, None, "RH401"),
    ("clean.py", None, 1, 8, "RH001"),
    ("notebooks/analysis.ipynb", 2, 2, 18, "RH101"),
    ("notebooks/analysis.ipynb", 3, 1, 1, "RH601"),
    ("notebooks/analysis.ipynb", 3, 1, 26, "RH201"),
    ("requirements.in", None, 6, 1, "RH301"),
]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, capture_output=True, check=True)


def random_key(length: int) -> str:
    """Made up at run time; never a run of x that would read as a placeholder."""
    alphabet = string.ascii_letters.replace("x", "").replace("X", "") + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length - 3)) + "7aB"


@pytest.fixture
def key() -> str:
    return "sk-proj-" + random_key(40)


@pytest.fixture
def project(tmp_path: Path, key: str) -> Path:
    """A repository with one problem for each hook, and an unused bare suppression."""
    root = tmp_path / "project"
    (root / "notebooks").mkdir(parents=True)
    git(root, "init", "-q")
    cells = [
        markdown_cell("# Tickets"),
        code_cell("import pandas as pd\ndf = pd.read_csv('/home/michael/abacus/tickets.csv')\n"),
        code_cell(f'client = OpenAI(api_key="{key}")\n'),
    ]
    cells[1]["execution_count"], cells[2]["execution_count"] = 2, 1
    write_notebook(root / "notebooks" / "analysis.ipynb", cells)
    (root / "clean.py").write_text("x = 1  # repro: ignore\n")
    shutil.copy(FIXTURE / "requirements.txt", root / "requirements.txt")
    (root / "requirements.in").write_text((FIXTURE / "requirements.in").read_text() + "polars\n")
    (root / ".gitignore").write_text("venv/\n")
    (root / ".env").write_text("API_KEY=x\n")
    git(root, "add", "--", ".gitignore", "clean.py", "notebooks", "requirements.in")
    git(root, "add", "--", "requirements.txt")
    return root


def check(
    capsys: pytest.CaptureFixture[str], *args: str, command: str = "check"
) -> tuple[int, list[tuple], str]:
    """Exit status, (path, cell, line, column, code) rows from JSON, and stderr."""
    status = main([command, "--format", "json", *args])
    out, err = capsys.readouterr()
    rows = [
        (row["path"], row["cell"], row["line"], row["column"], row["code"])
        for row in json.loads(out or "[]")
    ]
    return status, rows, err


def test_every_hook_reports_on_the_tracked_files(project, key, monkeypatch, capsys):
    monkeypatch.chdir(project)
    status, rows, err = check(capsys)
    assert (status, err) == (1, "")
    assert rows == PROJECT_ROWS
    main(["check"])
    assert key not in capsys.readouterr().out


def test_dot_from_the_top_is_the_whole_work_tree(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert check(capsys, ".") == (1, PROJECT_ROWS, "")


def test_from_a_subfolder_the_whole_work_tree_relative_to_it(project, monkeypatch, capsys):
    monkeypatch.chdir(project / "notebooks")
    status, rows, _ = check(capsys)
    assert status == 1
    assert [(path, code) for path, *_, code in rows] == [
        ("../.env", "RH401"),
        ("../clean.py", "RH001"),
        ("../requirements.in", "RH301"),
        ("analysis.ipynb", "RH101"),
        ("analysis.ipynb", "RH601"),
        ("analysis.ipynb", "RH201"),
    ]


def test_untracked_files_are_left_alone_unless_named(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    (project / "notebooks" / "scratch.py").write_text("open('/home/michael/notes.txt')\n")
    assert check(capsys)[1] == PROJECT_ROWS
    assert check(capsys, "notebooks")[1] == [row for row in PROJECT_ROWS if "notebooks/" in row[0]]
    assert check(capsys, "notebooks/scratch.py", "clean.py") == (
        1,
        [("clean.py", None, 1, 8, "RH001"), ("notebooks/scratch.py", None, 1, 6, "RH101")],
        "",
    )


def test_a_folder_limits_the_run_and_skips_the_repository_check(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    status, rows, _ = check(capsys, "notebooks")
    assert (status, rows) == (1, [row for row in PROJECT_ROWS if row[0].startswith("notebooks/")])


def test_deleted_tracked_files_and_symbolic_links_are_skipped(project, monkeypatch, capsys):
    """As pre-commit, which passes neither: the link's target is checked on its own."""
    monkeypatch.chdir(project)
    (project / "notebooks" / "link.py").symlink_to(project / "clean.py")
    git(project, "add", "notebooks/link.py")
    assert check(capsys)[1] == PROJECT_ROWS
    (project / "clean.py").unlink()
    assert check(capsys)[1] == [row for row in PROJECT_ROWS if row[0] != "clean.py"]


@pytest.mark.parametrize(
    ("table", "gone"),
    [
        ('exclude = ["notebooks/"]', {"RH101", "RH201", "RH601"}),
        ('[tool.repro-hooks.notebook-order]\ndisable = ["RH601"]', {"RH601"}),
        ('[tool.repro-hooks.inline-secrets]\nexclude = ["*.ipynb"]', {"RH201"}),
        # Only one hook checks clean.py, so its bare suppression is not judged.
        ('[tool.repro-hooks.inline-secrets]\nexclude = ["clean.py"]', {"RH001"}),
        ('disable = ["RH4", "RH001"]', {"RH401", "RH001"}),
        ('[tool.repro-hooks.requirements-current]\nenable = ["RH302"]', {"RH301"}),
    ],
)
def test_configuration_applies_to_each_hook(project, monkeypatch, capsys, table, gone):
    monkeypatch.chdir(project)
    (project / "pyproject.toml").write_text(f"[tool.repro-hooks]\n{table}\n")
    git(project, "add", "pyproject.toml")
    status, rows, err = check(capsys)
    assert (status, err) == (1, "")
    assert rows == [row for row in PROJECT_ROWS if row[4] not in gone]


def test_configured_pair_is_checked_whatever_its_names(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    shutil.copytree(FIXTURE.parent / "renamed", project, dirs_exist_ok=True)
    with (project / "env" / "gpu.in").open("a") as handle:
        handle.write("rich\n")
    git(project, "add", "env", "locks")
    assert check(capsys)[1] == PROJECT_ROWS  # neither name is a requirements file's
    (project / "pyproject.toml").write_text(
        '[tool.repro-hooks.requirements-current]\npairs = [{in = "env/gpu.in", txt = '
        '"locks/gpu.txt"}]\n'
    )
    rows = check(capsys)[1]
    assert rows == sorted([*PROJECT_ROWS, ("env/gpu.in", None, 3, 1, "RH301")])


def test_bad_configuration_is_a_usage_error(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    (project / "pyproject.toml").write_text('[tool.repro-hooks]\nexclude = "notebooks/"\n')
    status, rows, err = check(capsys)
    assert (status, rows) == (2, [])
    assert err.startswith("repro-hooks check: error: ") and "exclude" in err


def test_bare_suppression_is_judged_only_when_every_hook_runs(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    for hook in ("absolute-paths", "inline-secrets"):
        assert check(capsys, "clean.py", command=hook) == (0, [], "")
    assert check(capsys, "clean.py") == (1, [("clean.py", None, 1, 8, "RH001")], "")


def test_named_suppression_of_any_code_is_judged(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    (project / "clean.py").write_text("x = 1  # repro: ignore[RH401]\n")
    for hook in ("absolute-paths", "inline-secrets"):
        assert check(capsys, "clean.py", command=hook) == (0, [], "")
    assert check(capsys, "clean.py") == (1, [("clean.py", None, 1, 8, "RH001")], "")


def test_corrupt_notebook_does_not_stop_the_others(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    (project / "notebooks" / "broken.ipynb").write_text('{"cells": [\n<<<<<<< HEAD\n')
    git(project, "add", "notebooks/broken.ipynb")
    status, rows, _ = check(capsys)
    assert status == 1
    assert rows == sorted([*PROJECT_ROWS, ("notebooks/broken.ipynb", None, None, None, "RH902")])


def test_routing_follows_the_hook_manifest(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    line = "open('/home/michael/notes.txt')\n"
    (project / "bin").mkdir()
    for name, text in [
        ("bin/tool", f"#!/usr/bin/env python3\n{line}"),
        ("bin/tool.sh", f"#!/bin/sh\n{line}"),
        ("bin/shell", f"#!/bin/sh\n{line}"),
        ("stubs.pyi", line),
        ("notes.md", line),
        ("gui.pyw", line),
    ]:
        (project / name).write_text(text)
        (project / name).chmod(0o755)
    git(project, "add", "bin", "stubs.pyi", "notes.md", "gui.pyw")
    new = [row for row in check(capsys)[1] if row not in PROJECT_ROWS]
    assert new == [("bin/tool", None, 2, 6, "RH101"), ("gui.pyw", None, 1, 6, "RH101")]


def test_outside_git_a_path_is_walked_without_tool_folders(tmp_path, monkeypatch, capsys):
    line = "open('/home/michael/notes.txt')\n"
    for name in ["a.py", ".cache/b.py", "__pycache__/c.py", "node_modules/d.py", "lib/e.py"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(line)
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "env" / "f.py").write_text(line)
    (tmp_path / "lib" / "site-packages").mkdir()
    (tmp_path / "lib" / "site-packages" / "g.py").write_text(line)
    monkeypatch.chdir(tmp_path)
    status, rows, _ = check(capsys, ".")
    assert (status, [row[0] for row in rows]) == (1, ["a.py", "lib/e.py"])


def test_outside_git_without_a_path_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    status = main(["check"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.startswith(
        "repro-hooks check: error: not inside a git repository; pass the files or folders to check"
    )


def test_missing_path_is_a_usage_error(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert check(capsys, "nowhere.py") == (
        2,
        [],
        "repro-hooks check: error: 'nowhere.py' is not a file or folder\n",
    )


def test_clean_repository(tmp_path, monkeypatch, capsys):
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text(".env\nvenv/\n")
    write_notebook(tmp_path / "analysis.ipynb", [code_cell("df = pd.read_csv('data/t.csv')\n")])
    git(tmp_path, "add", ".")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_check_is_a_command_not_a_hook(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert re.search(r"^ +check +\S", capsys.readouterr().out, re.MULTILINE)
    assert "check" not in HOOK_PACKAGES
    assert "- id: check\n" not in (PROJECT / ".pre-commit-hooks.yaml").read_text()


def test_python_dash_m_end_to_end(project):
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "repro_hooks", "check"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert [line.split(" ")[:2] for line in result.stdout.splitlines()] == [
        [".env:", "RH401"],
        ["clean.py:1:8:", "RH001"],
        ["notebooks/analysis.ipynb:cell", "2:2:18:"],
        ["notebooks/analysis.ipynb:cell", "3:1:1:"],
        ["notebooks/analysis.ipynb:cell", "3:1:26:"],
        ["requirements.in:6:1:", "RH301"],
        ["Found", "6"],
    ]
    assert result.stdout.endswith("Found 6 findings in 4 files (2 fixable with --fix).\n")


def test_suppressions_shown_in_docs_or_strings_are_not_judged(project, monkeypatch, capsys):
    """A README that shows the suppression syntax is no file any hook reads, and the syntax
    inside a Python string is no comment: neither is an unused suppression (RH001)."""
    monkeypatch.chdir(project)
    (project / "README.md").write_text("Silence one line:\n\n    x = 1  # repro: ignore[RH101]\n")
    (project / "doc.py").write_text(
        'HELP = "x = 1  # repro: ignore[RH101]"\nUSAGE = """\n# repro: ignore\n"""\n'
        "y = 2  # repro: ignore[RH106]\n"
    )
    git(project, "add", "README.md", "doc.py")
    rows = check(capsys)[1]
    assert [row for row in rows if row[0] in ("README.md", "doc.py")] == [
        ("doc.py", None, 5, 8, "RH001")
    ]
