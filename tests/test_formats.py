"""``--format github`` through the CLI, on real files."""

from __future__ import annotations

import json
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

from repro_hooks.cli import main
from repro_hooks.findings import Finding, render_github
from repro_hooks.rules import all_rules
from tests.notebooks import as_source_lines, code_cell, markdown_cell, write_notebook

ROOT = Path(__file__).resolve().parents[1]

PY_FILE, NOTEBOOK, BROKEN = "load data.py", "analysis.ipynb", "broken.ipynb"
HOME_PATH = "/home/michael/data.csv"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A .py file and a notebook with a home path each, and a notebook left mid-merge."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / PY_FILE).write_text(f'import pandas as pd\n\ndf = pd.read_csv("{HOME_PATH}")\n')
    source = f"import pandas as pd\ndf = pd.read_csv('{HOME_PATH}')\n"
    write_notebook(
        tmp_path / NOTEBOOK, [markdown_cell("# Load"), code_cell(as_source_lines(source))]
    )
    (tmp_path / BROKEN).write_text("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> main\n")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    assert captured.err == ""
    return status, captured.out


def messages(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[tuple[str, str], str]:
    """The message of each finding by path and code, from ``--format json``."""
    _, out = run(capsys, *argv[:1], "--format", "json", *argv[1:])
    return {(finding["path"], finding["code"]): finding["message"] for finding in json.loads(out)}


def random_key(length: int) -> str:
    """Letters and digits, never a run of x that would read as a placeholder."""
    alphabet = string.ascii_letters.replace("x", "").replace("X", "") + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(length - 3)) + "7aB"


# --format github


def test_github_lines_are_exact(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = ("absolute-paths", PY_FILE, NOTEBOOK, BROKEN)
    message = messages(capsys, *files)
    status, out = run(capsys, files[0], "--format", "github", *files[1:])
    assert status == 1
    assert out.splitlines() == [
        f"::error file=analysis.ipynb,title=RH101 home-folder-path::"
        f"cell 2:2:18: {message[NOTEBOOK, 'RH101']}",
        f"::error file=broken.ipynb,title=RH902 not-a-notebook::{message[BROKEN, 'RH902']}",
        f"::error file=load data.py,line=3,col=18,title=RH101 home-folder-path::"
        f"{message[PY_FILE, 'RH101']}",
    ]
    assert message[BROKEN, "RH902"].startswith("not a notebook: invalid JSON")
    assert HOME_PATH in message[PY_FILE, "RH101"]
    assert out.endswith("\n")


def test_github_escapes_property_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    name = "q1,q2: 100%.py"
    (tmp_path / name).write_text(f"open('{HOME_PATH}')\n")
    status, out = run(capsys, "absolute-paths", "--format", "github", name)
    assert status == 1
    assert out.startswith("::error file=q1%2Cq2%3A 100%25.py,line=1,col=6,title=RH101 ")


def test_github_escapes_message_data() -> None:
    finding = Finding("a.py", None, 1, 2, "RH101", "50% done\r\nnext: a, b")
    out = render_github([finding], all_rules())
    assert out == (
        "::error file=a.py,line=1,col=2,title=RH101 home-folder-path::50%25 done%0D%0Anext: a, b\n"
    )


def test_github_clean_run_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.py").write_text("df = pd.read_csv('data/data.csv')\n")
    assert run(capsys, "absolute-paths", "--format", "github", "clean.py") == (0, "")


# Secrets


def test_secret_never_printed_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    key = "sk-proj-" + random_key(40)
    (tmp_path / "keys.py").write_text(f'api_key = "{key}"\n')
    write_notebook(tmp_path / "keys.ipynb", [code_cell(f'client = OpenAI(api_key="{key}")\n')])
    for output_format in ("github",):
        status, out = run(
            capsys, "inline-secrets", "--format", output_format, "keys.py", "keys.ipynb"
        )
        assert status == 1
        assert out.count("RH201") >= 2, out
        assert key not in out
        assert key[8:] not in out


# Cost of the new formats


def test_text_format_imports_no_other_checks(project: Path) -> None:
    code = (
        "import sys\n"
        "from repro_hooks.cli import main\n"
        f"status = main(['absolute-paths', {str(project / PY_FILE)!r}])\n"
        "print(status, 'repro_hooks.checks.inline_secrets' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "1 False"
