"""``inline-secrets --fix`` round trips through the CLI in a real git repository: the
fixed file passes, the secret is in a git-ignored .env, a notebook keeps its JSON layout,
a second fix changes nothing, and no output holds a secret whole."""

from __future__ import annotations

import json
import os
import random
import string
import subprocess
from pathlib import Path

import pytest

from repro_hooks.cli import main

RNG = random.Random(20240613)


def token(prefix: str, length: int) -> str:
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(RNG.choice(alphabet) for _ in range(length - 2)) + "7q"


GITHUB = token("ghp_", 36)
KEY = token("", 40)


@pytest.fixture
def repo(tmp_path: Path, isolated_git: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["inline-secrets", *args])
    captured = capsys.readouterr()
    output = captured.out + captured.err
    for secret in (GITHUB, KEY):
        assert secret not in output
    assert "Traceback" not in output
    return status, output


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.parts
    }


MODULE = f'''"""Load the data."""
from __future__ import annotations

import requests

client = Github("{GITHUB}")
service_api_key = "{KEY}"
os.environ["OPENAI_API_KEY"] = "sk-{KEY}"
headers = {{"Authorization": "Bearer {KEY}x"}}
'''

FIXED_MODULE = '''"""Load the data."""
from __future__ import annotations

import os
from dotenv import load_dotenv

load_dotenv()

import requests

client = Github(os.environ["GITHUB_TOKEN"])
service_api_key = os.environ["SERVICE_API_KEY"]
# OPENAI_API_KEY is set in .env, read by load_dotenv()
headers = {"Authorization": f"Bearer {os.environ['API_TOKEN']}"}
'''


def test_module_round_trip(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "load.py").write_text(MODULE)
    assert run(capsys, "load.py")[0] == 1
    assert (repo / "load.py").read_text() == MODULE  # never without --fix

    status, output = run(capsys, "--fix", "load.py")
    assert status == 0
    assert (repo / "load.py").read_text() == FIXED_MODULE
    assert (repo / ".env").read_text().splitlines() == [
        f"GITHUB_TOKEN={GITHUB}",
        f"SERVICE_API_KEY={KEY}",
        f"OPENAI_API_KEY=sk-{KEY}",
        f"API_TOKEN={KEY}x",
    ]
    assert os.stat(repo / ".env").st_mode & 0o777 == 0o600
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=repo)
    assert ignored.returncode == 0
    assert "moved 'ghp_…' (40 characters) to .env as GITHUB_TOKEN" in output
    assert "add python-dotenv to requirements.in" in output

    before = snapshot(repo)
    assert run(capsys, "--fix", "load.py")[0] == 0
    assert snapshot(repo) == before  # a second fix changes nothing
    assert run(capsys, "load.py")[0] == 0


def notebook(cells: list[dict[str, object]]) -> str:
    document = {
        "cells": cells,
        "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def code(source: str, outputs: list[object] | None = None, count: int = 1) -> dict[str, object]:
    return {
        "cell_type": "code",
        "execution_count": count,
        "metadata": {},
        "outputs": outputs or [],
        "source": source.splitlines(keepends=True),
    }


def printed(text: str) -> dict[str, object]:
    return {"name": "stdout", "output_type": "stream", "text": [text]}


def test_notebook_round_trip(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "requirements.in").write_text("pandas\npython-dotenv\n")
    markdown = {"cell_type": "markdown", "metadata": {}, "source": ["# Données"]}
    cells = [
        markdown,
        code("import pandas as pd\n", [printed("ok\n")]),
        code(f'%matplotlib inline\ng = Github("{GITHUB}")\nprint(g.token)', [printed(GITHUB)]),
    ]
    (repo / "analysis.ipynb").write_text(notebook(cells))

    status, output = run(capsys, "--fix", "analysis.ipynb")
    assert status == 0
    fixed_cell = code(
        "import os\nfrom dotenv import load_dotenv\n\nload_dotenv()\n\n"
        '%matplotlib inline\ng = Github(os.environ["GITHUB_TOKEN"])\nprint(g.token)'
    )
    expected = notebook([markdown, cells[1], fixed_cell])  # the printed secret is cleared
    assert (repo / "analysis.ipynb").read_text() == expected
    assert "analysis.ipynb:cell 3:2: moved 'ghp_…' (40 characters)" in output
    assert "python-dotenv" not in output  # requirements.in declares it

    before = snapshot(repo)
    assert run(capsys, "--fix", "analysis.ipynb")[0] == 0
    assert snapshot(repo) == before


def test_a_name_in_env_with_another_value_gets_a_new_one(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".gitignore").write_text(".env\n")
    (repo / ".env").write_text("SERVICE_API_KEY=older\n")
    (repo / "a.py").write_text(f'import os\nservice_api_key = "{KEY}"\n')
    assert run(capsys, "--fix", "a.py")[0] == 0
    assert (repo / ".env").read_text() == f"SERVICE_API_KEY=older\nSERVICE_API_KEY_2={KEY}\n"
    assert (repo / "a.py").read_text() == (
        "from dotenv import load_dotenv\n\nload_dotenv()\n\nimport os\n"
        'service_api_key = os.environ["SERVICE_API_KEY_2"]\n'
    )
    assert (repo / ".gitignore").read_text() == ".env\n"


def test_never_through_a_symlinked_env(
    repo: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secrets.env"
    outside.write_text("")
    (repo / ".env").symlink_to(outside)
    (repo / "a.py").write_text(f'service_api_key = "{KEY}"\n')
    status, output = run(capsys, "--fix", "a.py")
    assert status == 1
    assert "not fixed" in output and "symbolic link" in output
    assert (repo / "a.py").read_text() == f'service_api_key = "{KEY}"\n'
    assert outside.read_text() == ""


def test_what_cannot_be_moved_stays_reported(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A token in a comment or a magic line is left for the user, and still reported."""
    source = f"# token: {GITHUB}\n"
    (repo / "a.py").write_text(source)
    status, output = run(capsys, "--fix", "--format", "json", "a.py")
    assert status == 1
    assert '"code": "RH201"' in output
    assert (repo / "a.py").read_text() == source
    assert not (repo / ".env").exists()


@pytest.mark.parametrize(
    "options",
    [
        {"indent": 1, "ensure_ascii": False},
        {"indent": 2, "ensure_ascii": False},
        {"indent": 1, "ensure_ascii": True},
        {"separators": (",", ":"), "ensure_ascii": False},  # Colab's compact form
    ],
)
def test_notebook_json_layout_is_kept(options: dict[str, object]) -> None:
    from repro_hooks.hooks.inline_secrets.fix import _dump_like

    document = json.loads(notebook([code("print('café')\n", [printed("café\n")])]))
    original = json.dumps(document, **options) + "\n"  # type: ignore[arg-type]
    assert _dump_like(original, json.loads(original)) == original


def test_every_secret_moves_in_one_pass(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two secrets in one configuration string, two literals on one line: one --fix moves
    them all, so a second has nothing left to do."""
    (repo / ".gitignore").write_text(".env\n")
    other = token("", 36)
    source = (
        "import os\n"
        "from dotenv import load_dotenv\n\n"
        "load_dotenv()\n"
        f'config = """\nservice_token: {KEY}\nbackup_password: {other}\n"""\n'
        f'pair = (dict(service_key="{other}"), dict(github="{GITHUB}"))\n'
    )
    (repo / "a.py").write_text(source)
    assert run(capsys, "--fix", "a.py")[0] == 0
    assert (repo / "a.py").read_text() == (
        "import os\n"
        "from dotenv import load_dotenv\n\n"
        "load_dotenv()\n"
        "config = f\"\\nservice_token: {os.environ['SERVICE_TOKEN']}\\nbackup_password: "
        "{os.environ['BACKUP_PASSWORD']}\\n\"\n"
        'pair = (dict(service_key=os.environ["BACKUP_PASSWORD"]), '
        'dict(github=os.environ["GITHUB_TOKEN"]))\n'
    )
    before = snapshot(repo)
    assert run(capsys, "--fix", "a.py")[0] == 0
    assert snapshot(repo) == before
