"""End to end: the real pre-commit and git, in a temporary repository whose
.pre-commit-config.yaml names this repository at its current commit."""

from __future__ import annotations

import os
import secrets
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from notebooks import code_cell, markdown_cell, write_notebook

from repro_hooks.registry import HOOK_PACKAGES

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).resolve().parents[1]


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A git identity and a pre-commit cache shared by this module's tests (the hook
    environment is built once)."""
    if shutil.which("git") is None:
        pytest.fail("git is required for the end-to-end tests")
    home = tmp_path_factory.mktemp("home")
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="Test User",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test User",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        PRE_COMMIT_HOME=str(home / "pre-commit"),
        NO_COLOR="1",
    )
    return env


@pytest.fixture
def repo(tmp_path: Path, environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    rev = git(PROJECT, "rev-parse", "HEAD").stdout.strip()
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    hooks = "\n".join(f"      - id: {hook}" for hook in HOOK_PACKAGES)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {PROJECT}\n    rev: {rev}\n    hooks:\n{hooks}\n"
    )
    (repo / ".gitignore").write_text(".env\nvenv/\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "init", "--no-verify")
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, check=True, capture_output=True
    )
    return repo


def commit(repo: Path) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    return git(repo, "commit", "-m", "work", check=False)


def assert_all_files_pass(repo: Path) -> None:
    run_all = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert run_all.returncode == 0, run_all.stdout


def test_commit_with_machine_path_in_notebook_is_blocked(repo: Path) -> None:
    cells = [
        markdown_cell("# Tickets"),
        code_cell("import pandas as pd\ndf = pd.read_csv('/home/michael/abacus/tickets.csv')\n"),
    ]
    write_notebook(repo / "analysis.ipynb", cells)
    result = commit(repo)
    output = result.stdout + result.stderr  # git shows hook output on stderr
    assert result.returncode == 1, output
    assert "analysis.ipynb:cell 2:2:18: RH101" in output
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_commit_with_key_stale_requirements_and_tracked_env_is_blocked(repo: Path) -> None:
    key = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(37)) + "7aB"
    cells = [code_cell(f'api_key = "{key}"\n')]
    write_notebook(repo / "keys.ipynb", cells)
    fixture = PROJECT / "tests" / "fixtures" / "requirements" / "line"
    shutil.copy(fixture / "requirements.txt", repo / "requirements.txt")
    shutil.copy(fixture / "base.in", repo / "base.in")
    (repo / "requirements.in").write_text((fixture / "requirements.in").read_text() + "seaborn\n")
    (repo / ".gitignore").write_text("venv/\n")
    (repo / ".env").write_text("API_KEY=x\n")
    result = commit(repo)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "keys.ipynb:cell 1:1:11: RH202" in output
    assert "requirements.in:" in output and "RH301" in output
    assert ".env: RH403" in output
    assert key not in output
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_notebook_that_fails_on_purpose_passes_and_a_traceback_is_blocked(repo: Path) -> None:
    error = {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []}
    cells = [code_cell("import math\n"), code_cell("int('x')\n", [error])]
    cells[0]["execution_count"], cells[1]["execution_count"] = 1, 2
    write_notebook(repo / "errors.ipynb", cells)
    blocked = commit(repo)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "errors.ipynb:cell 2:1:1: RH604" in blocked.stdout + blocked.stderr
    cells[1]["metadata"]["tags"] = ["raises-exception"]
    write_notebook(repo / "errors.ipynb", cells)
    passed = commit(repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert_all_files_pass(repo)


def test_clean_commit_passes(repo: Path) -> None:
    cells = [code_cell("import pandas as pd\ndf = pd.read_csv('data/tickets.csv')\n")]
    write_notebook(repo / "analysis.ipynb", cells)
    story = PROJECT / "tests" / "fixtures" / "requirements" / "story"
    for name in ("requirements.in", "requirements.txt"):  # pandas declared and compiled
        shutil.copy(story / name, repo / name)
    result = commit(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"
    assert_all_files_pass(repo)


def stage(repo: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "--", *paths)
    return git(repo, "commit", "-m", "work", check=False)


def test_blocked_commit_then_the_readme_fixes_pass(repo: Path) -> None:
    """The README's story: every hook names its problem, then its fix makes the commit and
    ``pre-commit run --all-files`` pass; the project's configuration is honoured."""
    key = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(37)) + "7aB"
    (repo / "pyproject.toml").write_text(
        '[tool.repro-hooks.absolute-paths]\nallowed-paths = ["/data/shared"]\n'
    )
    cells = [
        markdown_cell("# Tickets"),
        code_cell(
            "import pandas as pd\n"
            "df = pd.read_csv('/home/michael/abacus/tickets.csv')\n"
            "ref = pd.read_csv('/data/shared/ref.csv')\n"
        ),
        code_cell(f'client = Client(api_key="{key}")\n'),
    ]
    cells[1]["execution_count"], cells[2]["execution_count"] = 2, 1  # run bottom first
    write_notebook(repo / "analysis.ipynb", cells)
    grown = PROJECT / "tests" / "fixtures" / "requirements" / "grown"
    shutil.copy(grown / "before" / "requirements.txt", repo / "requirements.txt")
    shutil.copy(grown / "after" / "requirements.in", repo / "requirements.in")  # + six
    (repo / ".gitignore").write_text("venv/\n")
    (repo / ".env").write_text(f"API_KEY={key}\n")
    files = ("pyproject.toml", "analysis.ipynb", "requirements.in", "requirements.txt")

    blocked = stage(repo, *files, ".gitignore")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    for expected in (
        "analysis.ipynb:cell 2:2:18: RH101",
        "analysis.ipynb:cell 3:1:25: RH202",
        "analysis.ipynb:cell 3:1:1: RH601",
        "requirements.in:2:1: RH301",
        ".env: RH401",
        "analysis.ipynb:cell 2:1:8: RH501 'pandas' is not declared",
    ):
        assert expected in output
    assert "ref.csv" not in output  # allowed by pyproject.toml
    assert key not in output
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    cells = [
        markdown_cell("# Tickets"),
        code_cell(
            "import pandas as pd\n"
            "df = pd.read_csv('data/tickets.csv')\n"
            "ref = pd.read_csv('/data/shared/ref.csv')\n"
        ),
        code_cell('import os\nclient = Client(api_key=os.environ["API_KEY"])\n'),
    ]
    cells[1]["execution_count"], cells[2]["execution_count"] = 1, 2  # restart and run all
    write_notebook(repo / "analysis.ipynb", cells)
    story = PROJECT / "tests" / "fixtures" / "requirements" / "story"  # + pandas, compiled
    shutil.copy(story / "requirements.in", repo / "requirements.in")
    shutil.copy(story / "requirements.txt", repo / "requirements.txt")
    (repo / ".gitignore").write_text(".env\nvenv/\n")
    fixed = stage(repo, *files, ".gitignore")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"
    assert git(repo, "ls-files", ".env").stdout == ""
    assert_all_files_pass(repo)


def test_undeclared_imports_and_declaration_files_alone_are_blocked(repo: Path) -> None:
    """declared-imports through pre-commit: a notebook's undeclared import and %pip line,
    and a commit that touches only requirements.in (pre-commit routes it to the hook)."""
    story = PROJECT / "tests" / "fixtures" / "requirements" / "story"
    shutil.copy(story / "requirements.txt", repo / "requirements.txt")
    shutil.copy(story / "requirements.in", repo / "requirements.in")
    cells = [markdown_cell("# Plots"), code_cell("%pip install seaborn\nimport pandas as pd\n"),
             code_cell("import numpy as np\nimport seaborn as sns\n")]  # fmt: skip
    write_notebook(repo / "analysis.ipynb", cells)
    blocked = commit(repo)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    for expected in (
        "analysis.ipynb:cell 2:1:1: RH503",
        "analysis.ipynb:cell 3:1:8: RH502 'numpy'",
        "analysis.ipynb:cell 3:2:8: RH501 'seaborn' is not declared: add seaborn to "
        "requirements.in",
    ):
        assert expected in output
    git(repo, "reset", "-q")
    (repo / "requirements.in").write_text("requests>=2.28\nsix\npandas\nsklearn\n")
    alone = stage(repo, "requirements.in")
    output = alone.stdout + alone.stderr
    assert alone.returncode == 1, output
    assert "requirements.in:4:1: RH504 'sklearn' is an import name" in output
    assert "analysis.ipynb" not in output
