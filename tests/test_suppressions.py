"""``# repro: ignore[...]`` comments, ``repro-ignore`` cell tags and unused suppressions
(RH001), through the command line with exact places."""

from __future__ import annotations

import json
import random
import shutil
import string
from pathlib import Path

import pytest
from notebooks import as_source_lines, code_cell, markdown_cell, write_notebook

from repro_hooks.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "requirements"
RANDOM = random.Random(20261202)  # fixed: a failure names a case that can be run again


def run(capsys: pytest.CaptureFixture[str], hook: str, *files: str) -> tuple[int, list[tuple]]:
    status = main([hook, "--format", "json", *files])
    rows = json.loads(capsys.readouterr().out)
    return status, [(r["path"], r["cell"], r["line"], r["column"], r["code"]) for r in rows]


def messages(capsys: pytest.CaptureFixture[str], hook: str, *files: str) -> list[str]:
    """The finding lines of a text report (``--quiet``: no summary line)."""
    main([hook, "--quiet", *files])
    return capsys.readouterr().out.splitlines()


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def password() -> str:
    return "".join(RANDOM.choice(string.ascii_letters) for _ in range(10)) + "#42"


# -- absolute-paths in a .py file ------------------------------------------------------------
# (source, the rows expected after suppression, as (line, column, code))
PY_CASES: list[tuple[str, list[tuple[int, int, str]]]] = [
    ("f = open('/home/ann/x.csv')  # repro: ignore[RH101]\n", []),
    ("f = open('/home/ann/x.csv')  # repro: ignore\n", []),
    ("f = open('/home/ann/x.csv')  #repro:ignore[rh101 , RH104]\n", [(1, 30, "RH001")]),
    ("f = open('/home/ann/x.csv')  # Repro: Ignore[RH101,RH106]\n", [(1, 30, "RH001")]),
    (
        "f = open('/home/ann/x.csv')  # repro: ignore[RH106]\n",
        [(1, 10, "RH101"), (1, 30, "RH001")],
    ),
    ("# repro: ignore[RH101]\nf = open('/home/ann/x.csv')\n", [(1, 1, "RH001"), (2, 10, "RH101")]),
    # a comment after the statement's last line covers all of it
    ("df = pd.read_csv(\n    '/home/ann/x.csv',\n)  # repro: ignore[RH101]\n", []),
    ("CMD = '''\ncp /home/ann/x.csv data/\n'''  # repro: ignore[RH101]\n", []),
    # ... but a comment inside a statement covers its own line only
    (
        "df = pd.read_csv(  # repro: ignore[RH101]\n    '/home/ann/x.csv',\n)\n",
        [(1, 20, "RH001"), (2, 5, "RH101")],
    ),
    ("f = open('data/x.csv')  # repro: ignore[RH199]\n", [(1, 25, "RH001")]),
    ("f = open('data/x.csv')  # repro: ignore[]\n", []),  # bare: only `check` can judge it
    ("f = open('data/x.csv')  # repro: ignore[RH201]\n", []),  # inline-secrets judges it
]


@pytest.mark.parametrize(("source", "expected"), PY_CASES)
def test_line_suppressions_in_a_python_file(capsys, source, expected) -> None:
    Path("a.py").write_text(source)
    rows = [("a.py", None, *row) for row in expected]
    assert run(capsys, "absolute-paths", "a.py") == (1 if rows else 0, rows)


def test_unused_suppression_messages(capsys) -> None:
    Path("a.py").write_text(
        "f = open('data/x.csv')  # repro: ignore[RH101, RH1999]\n"
        "g = open('data/y.csv')  # repro: ignore[RH106]\n"
    )
    assert messages(capsys, "absolute-paths", "a.py") == [
        "a.py:1:25: RH001 unused suppression `# repro: ignore[RH101, RH1999]`: RH101 is not "
        "reported on this line; remove it",
        "a.py:1:25: RH001 unused suppression `# repro: ignore[RH101, RH1999]`: RH1999 is not "
        "a repro-hooks code; remove it",
        "a.py:2:25: RH001 unused suppression `# repro: ignore[RH106]`: RH106 is not reported "
        "on this line; remove it",
    ]


def test_each_hook_judges_its_own_codes(capsys) -> None:
    Path("a.py").write_text("f = open('data/x.csv')  # repro: ignore[RH101, RH202]\n")
    assert run(capsys, "absolute-paths", "a.py") == (1, [("a.py", None, 1, 25, "RH001")])
    assert run(capsys, "inline-secrets", "a.py") == (1, [("a.py", None, 1, 25, "RH001")])
    assert "RH101 is not reported" in messages(capsys, "absolute-paths", "a.py")[0]
    assert "RH202 is not reported" in messages(capsys, "inline-secrets", "a.py")[0]


def test_unused_suppressions_can_be_disabled(capsys) -> None:
    Path("pyproject.toml").write_text('[tool.repro-hooks]\ndisable = ["RH001"]\n')
    Path("a.py").write_text("f = open('data/x.csv')  # repro: ignore[RH101]\n")
    assert run(capsys, "absolute-paths", "a.py") == (0, [])


def test_a_disabled_code_leaves_its_suppression_unused(capsys) -> None:
    Path("pyproject.toml").write_text('[tool.repro-hooks.absolute-paths]\ndisable = ["RH101"]\n')
    Path("a.py").write_text("f = open('/home/ann/x.csv')  # repro: ignore[RH101]\n")
    assert run(capsys, "absolute-paths", "a.py") == (1, [("a.py", None, 1, 30, "RH001")])


# -- notebooks -------------------------------------------------------------------------------
def test_comments_in_cells_magics_and_shell_escapes(capsys) -> None:
    write_notebook(
        Path("n.ipynb"),
        [
            markdown_cell("# Setup"),
            code_cell(
                as_source_lines(
                    "%cd /home/ann/project  # repro: ignore[RH101]\n"
                    "!cp /media/usb/x.csv data/  # repro: ignore\n"
                    "df = pd.read_csv('/home/ann/y.csv')\n"
                    "x = 1  # repro: ignore[RH104]\n"
                )
            ),
        ],
    )
    assert run(capsys, "absolute-paths", "n.ipynb") == (
        1,
        [("n.ipynb", 2, 3, 18, "RH101"), ("n.ipynb", 2, 4, 8, "RH001")],
    )


def tagged(source: str, *tags: str, outputs: list | None = None) -> dict:
    cell = code_cell(as_source_lines(source), outputs)
    cell["metadata"]["tags"] = list(tags)
    return cell


def test_cell_tag_exempts_the_whole_cell(capsys) -> None:
    write_notebook(
        Path("n.ipynb"),
        [
            tagged("df = pd.read_csv('/home/ann/x.csv')\n!ls /media/usb\n", "repro-ignore"),
            code_cell("df = pd.read_csv('/home/ann/x.csv')\n"),
        ],
    )
    assert run(capsys, "absolute-paths", "n.ipynb") == (1, [("n.ipynb", 2, 1, 18, "RH101")])


def test_cell_tag_for_one_code(capsys) -> None:
    write_notebook(
        Path("n.ipynb"),
        [
            tagged(
                "df = pd.read_csv('/home/ann/x.csv')\n!ls /media/usb\n",
                "parameters",
                "repro-ignore:RH101",
                "repro-ignore:RH103",
            ),
        ],
    )
    assert run(capsys, "absolute-paths", "n.ipynb") == (
        1,
        [("n.ipynb", 1, None, None, "RH001"), ("n.ipynb", 1, 2, 5, "RH104")],
    )
    assert messages(capsys, "absolute-paths", "n.ipynb")[0] == (
        "n.ipynb:cell 1: RH001 unused suppression `cell tag repro-ignore:RH103`: RH103 is not "
        "reported on this cell; remove it"
    )


def test_cell_tag_exempts_outputs_from_inline_secrets(capsys) -> None:
    token = "ghp_" + "".join(RANDOM.choice(string.ascii_letters + string.digits) for _ in range(36))
    output = {"output_type": "stream", "name": "stdout", "text": [f"token: {token}\n"]}
    write_notebook(
        Path("n.ipynb"),
        [
            tagged("print(token)\n", "repro-ignore:RH206", outputs=[output]),
            code_cell("print(token)\n", outputs=[output]),
        ],
    )
    status, rows = run(capsys, "inline-secrets", "n.ipynb")
    assert (status, rows) == (1, [("n.ipynb", 2, None, None, "RH206")])


# -- inline-secrets --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("db_password = '§'  # repro: ignore[RH202]\n", []),
        ("db_password = '§'  # pragma: allowlist secret\n", []),
        ("db_password = '§'  # repro: ignore[RH201]\n", [(1, 15, "RH202"), (1, None, "RH001")]),
    ],
)
def test_inline_secrets_suppressions(capsys, line, expected) -> None:
    secret = password()
    line = line.replace("§", secret)
    Path("a.py").write_text(line)
    comment = line.index("  #") + 3
    rows = [("a.py", None, row, column or comment, code) for row, column, code in expected]
    assert run(capsys, "inline-secrets", "a.py") == (1 if rows else 0, rows)
    assert secret not in capsys.readouterr().out


# -- requirements-current --------------------------------------------------------------------
def test_requirements_suppressions_in_the_input_file(capsys) -> None:
    shutil.copytree(FIXTURES / "renamed", ".", dirs_exist_ok=True)
    Path("pyproject.toml").write_text(
        '[tool.repro-hooks.requirements-current]\npairs = [{in = "env/gpu.in", txt = '
        '"locks/gpu.txt"}]\n'
    )
    source = Path("env/gpu.in")
    source.write_text(
        source.read_text().replace("attrs<24", "attrs<24  # repro: ignore[RH302]")
        + "rich  # repro: ignore[RH301]\nnumpy\n"
    )
    assert run(capsys, "requirements-current", "env/gpu.in") == (
        1,
        [("env/gpu.in", None, 2, 11, "RH001"), ("env/gpu.in", None, 4, 1, "RH301")],
    )


def test_unused_suppression_in_a_clean_requirements_file(capsys) -> None:
    shutil.copytree(FIXTURES / "grown" / "before", ".", dirs_exist_ok=True)
    source = Path("requirements.in")
    source.write_text(source.read_text().replace("\n", "  # repro: ignore[RH301]\n", 1))
    assert run(capsys, "requirements-current", "requirements.in") == (
        1,
        [("requirements.in", None, 1, 17, "RH001")],
    )
