"""``[tool.repro-hooks]``: found by walking up, or named by ``--config``; strictly
validated (exit 2 naming the key); and per hook, what each setting changes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from notebooks import code_cell, write_notebook

from repro_hooks.cli import main
from repro_hooks.core.config import _glob_regex

FIXTURES = Path(__file__).parent / "fixtures" / "requirements"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[tuple], str]:
    """The hook with JSON output: exit status, (path, cell, line, column, code), stderr."""
    status = main([args[0], "--format", "json", *args[1:]])
    captured = capsys.readouterr()
    rows = json.loads(captured.out) if captured.out else []
    return (
        status,
        [(r["path"], r["cell"], r["line"], r["column"], r["code"]) for r in rows],
        captured.err,
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configure(root: Path, text: str) -> None:
    (root / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{text}")


# -- finding the file ------------------------------------------------------------------------
def test_found_by_walking_up_from_a_subfolder(project, capsys, monkeypatch) -> None:
    configure(project, '[tool.repro-hooks.absolute-paths]\ndisable = ["RH101"]\n')
    (project / "src").mkdir()
    (project / "src" / "load.py").write_text("df = open('/home/ann/x.csv')\n")
    monkeypatch.chdir(project / "src")
    assert run(capsys, "absolute-paths", "load.py")[:2] == (0, [])


def test_nearest_pyproject_without_the_table_is_passed_over(project, capsys, monkeypatch) -> None:
    configure(project, '[tool.repro-hooks.absolute-paths]\ndisable = ["RH101"]\n')
    (project / "sub").mkdir()
    (project / "sub" / "pyproject.toml").write_text("[tool.black]\nline-length = 88\n")
    (project / "sub" / "load.py").write_text("df = open('/home/ann/x.csv')\n")
    monkeypatch.chdir(project / "sub")
    assert run(capsys, "absolute-paths", "load.py")[:2] == (0, [])


def test_no_configuration_means_every_default(project, capsys) -> None:
    (project / "load.py").write_text("df = open('/home/ann/x.csv')\n")
    assert run(capsys, "absolute-paths", "load.py")[:2] == (1, [("load.py", None, 1, 11, "RH101")])


def test_config_flag_names_a_file(project, capsys) -> None:
    (project / "load.py").write_text("df = open('/home/ann/x.csv')\n")
    (project / "team.toml").write_text('[absolute-paths]\ndisable = ["RH101"]\n')
    assert run(capsys, "absolute-paths", "--config", "team.toml", "load.py")[:2] == (0, [])
    (project / "ci").mkdir()  # a pyproject.toml elsewhere, holding the table
    (project / "ci" / "pyproject.toml").write_text(
        '[tool.repro-hooks.absolute-paths]\ndisable = ["RH1"]\n'
    )
    assert run(capsys, "absolute-paths", "--config", "ci/pyproject.toml", "load.py")[:2] == (0, [])


# -- strict validation -----------------------------------------------------------------------
BAD_CONFIGS = [
    ('[tool.repro-hooks]\nexlude = ["x"]\n', "[tool.repro-hooks] unknown key 'exlude'"),
    (
        "[tool.repro-hooks.absolute-paths]\nextra-root = ['/srv']\n",
        "[tool.repro-hooks.absolute-paths] unknown key 'extra-root'",
    ),
    (
        "[tool.repro-hooks.absolute-paths]\nextra-roots = '/srv'\n",
        "[tool.repro-hooks.absolute-paths] extra-roots: expected a list of strings",
    ),
    (
        "[tool.repro-hooks.absolute-paths]\nallowed-paths = ['data/raw']\n",
        "allowed-paths: 'data/raw' is not an absolute path",
    ),
    (
        "[tool.repro-hooks.absolute-paths]\ndisable = ['RH201']\n",
        "[tool.repro-hooks.absolute-paths] disable: 'RH201' is not a code or prefix here",
    ),
    (
        "[tool.repro-hooks.inline-secrets]\nenable = ['RH29']\n",
        "[tool.repro-hooks.inline-secrets] enable: 'RH29' is not a code or prefix here",
    ),
    ("[tool.repro-hooks]\ndisable = ['E501']\n", "disable: 'E501' is not a code or prefix"),
    ("[tool.repro-hooks]\ndisable = 'RH101'\n", "disable: expected a list of strings"),
    (
        "[tool.repro-hooks.inline-secrets]\nextra-placeholders = ['(unclosed']\n",
        "extra-placeholders: '(unclosed' is not a regular expression",
    ),
    ("[tool.repro-hooks.gitignore]\nrequired = ['../.env']\n", "required: '../.env' is not a path"),
    (
        "[tool.repro-hooks.requirements-current]\npairs = [{in = 'a.in'}]\n",
        "pairs: {'in': 'a.in'} is not a table with exactly the keys \"in\" and \"txt\"",
    ),
    ("[tool.repro-hooks]\nexclude = ['../x']\n", "exclude: '../x' is not a pattern"),
    ("[tool.repro-hooks]\nabsolute-paths = 1\n", "[tool.repro-hooks.absolute-paths] must be a"),
    ("[tool.repro-hooks\n", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD_CONFIGS)
@pytest.mark.parametrize("hook", ["absolute-paths", "gitignore"])
def test_bad_configuration_is_exit_2_naming_the_key(project, capsys, text, message, hook) -> None:
    """Every hook refuses the whole file, whichever hook's table holds the mistake."""
    (project / "pyproject.toml").write_text(text)
    status, rows, err = run(capsys, hook)
    assert (status, rows) == (2, [])
    assert message in err
    assert str(project / "pyproject.toml") in err
    assert "Traceback" not in err


def test_missing_config_file_is_exit_2(project, capsys) -> None:
    status, _, err = run(capsys, "absolute-paths", "--config", "nope.toml")
    assert status == 2
    assert "--config: 'nope.toml' is not a file" in err


def test_pyproject_named_by_flag_must_hold_the_table(project, capsys) -> None:
    (project / "pyproject.toml").write_text("[tool.black]\n")
    status, _, err = run(capsys, "absolute-paths", "--config", "pyproject.toml")
    assert status == 2
    assert "no [tool.repro-hooks] table" in err


# -- excludes --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "path", "excluded"),
    [
        ("scratch/", "scratch/a.py", True),
        ("scratch/", "notebooks/scratch/a.py", True),
        ("/scratch", "notebooks/scratch/a.py", False),
        ("/scratch", "scratch/a.py", True),
        ("*.generated.py", "src/deep/x.generated.py", True),
        ("*.generated.py", "src/x.py", False),
        ("notebooks/*.ipynb", "notebooks/a.ipynb", True),
        ("notebooks/*.ipynb", "notebooks/old/a.ipynb", False),
        ("notebooks/**/*.ipynb", "notebooks/old/a.ipynb", True),
        ("notebooks/**/*.ipynb", "notebooks/a.ipynb", True),
        ("legacy", "legacy/a.py", True),
        ("legacy", "legacy_new/a.py", False),
        ("a?.py", "ab.py", True),
        ("a?.py", "a/b.py", False),
    ],
)
def test_exclude_patterns(pattern, path, excluded) -> None:
    assert bool(_glob_regex(pattern).match(path)) is excluded


def test_exclude_skips_files_for_every_file_hook(project, capsys) -> None:
    configure(project, '[tool.repro-hooks]\nexclude = ["scratch/"]\n')
    (project / "scratch").mkdir()
    (project / "scratch" / "try.py").write_text("f = open('/home/ann/x.csv')\n")
    (project / "main.py").write_text("f = open('/home/ann/x.csv')\n")
    files = ["scratch/try.py", "main.py"]
    assert run(capsys, "absolute-paths", *files)[:2] == (1, [("main.py", None, 1, 10, "RH101")])


def test_hook_exclude_applies_to_that_hook_only(project, capsys) -> None:
    configure(project, '[tool.repro-hooks.absolute-paths]\nexclude = ["setup/*.py"]\n')
    (project / "setup").mkdir()
    key = "Kx81Lm4Tr7Vb2Nc9Wd"  # a password the secret check reports
    (project / "setup" / "a.py").write_text(f"f = open('/home/ann/x.csv')\npassword = '{key}'\n")
    assert run(capsys, "absolute-paths", "setup/a.py")[:2] == (0, [])
    assert run(capsys, "inline-secrets", "setup/a.py")[:2] == (
        1,
        [("setup/a.py", None, 2, 12, "RH202")],
    )


# -- absolute-paths --------------------------------------------------------------------------
def test_extra_roots_and_allowed_paths(project, capsys) -> None:
    configure(
        project,
        "[tool.repro-hooks.absolute-paths]\n"
        'extra-roots = ["/srv/lab", "L:\\\\shared"]\n'
        'allowed-paths = ["/data/team", "/home/shared/models"]\n',
    )
    (project / "a.py").write_text(
        "raw = '/srv/lab/raw/2024.parquet'\n"  # reported anywhere, like a home folder
        "mark = '/srv/laboratory/x'\n"  # not under the root
        "x = pd.read_csv('/data/team/x.csv')\n"  # allowed
        "y = pd.read_csv('/data/other/x.csv')\n"  # still RH106
        "m = load('/home/shared/models/m.pt')\n"  # allowed, although a home folder
        "w = open(r'l:\\shared\\w.csv')\n"  # drive letters in any case: the builtin RH102
    )
    nb = write_notebook(project / "n.ipynb", [code_cell("!ls /srv/lab/raw\n")])
    status, rows, _ = run(capsys, "absolute-paths", "a.py", nb.name)
    assert status == 1
    assert rows == [
        ("a.py", None, 1, 7, "RH107"),
        ("a.py", None, 4, 17, "RH106"),
        ("a.py", None, 6, 10, "RH102"),
        ("n.ipynb", 1, 1, 5, "RH107"),
    ]


@pytest.mark.parametrize(
    ("table", "codes"),
    [
        ('disable = ["RH104"]', ["RH101", "RH106"]),
        ('disable = ["RH10"]', []),
        ('enable = ["RH101"]', ["RH101"]),
        ('enable = ["RH1"]\ndisable = ["RH106"]', ["RH101", "RH104"]),
    ],
)
def test_enable_and_disable_codes(project, capsys, table, codes) -> None:
    configure(project, f"[tool.repro-hooks.absolute-paths]\n{table}\n")
    (project / "a.py").write_text(
        "a = open('/home/ann/x.csv')\nb = open('/media/usb/x.csv')\nc = open('/srv/x/y.csv')\n"
    )
    status, rows, _ = run(capsys, "absolute-paths", "a.py")
    assert [row[4] for row in rows] == codes
    assert status == (1 if codes else 0)


def test_enable_does_not_hide_files_that_cannot_be_read(project, capsys) -> None:
    configure(project, '[tool.repro-hooks.absolute-paths]\nenable = ["RH101"]\n')
    (project / "bad.ipynb").write_text("{not json")
    assert run(capsys, "absolute-paths", "bad.ipynb")[:2] == (
        1,
        [("bad.ipynb", None, None, None, "RH902")],
    )


def test_top_level_disable_applies_to_every_hook(project, capsys) -> None:
    configure(project, '[tool.repro-hooks]\ndisable = ["RH902"]\n')
    (project / "bad.ipynb").write_text("{not json")
    assert run(capsys, "absolute-paths", "bad.ipynb")[:2] == (0, [])
    assert run(capsys, "inline-secrets", "bad.ipynb")[:2] == (0, [])


# -- inline-secrets --------------------------------------------------------------------------
def test_extra_placeholders(project, capsys) -> None:
    (project / "a.py").write_text(
        "api_key = 'test-Kx81Lm4Tr7Vb2Nc9'\npassword = 'Kx81Lm4Tr7Vb2Nc9Wd'\n"
    )
    status, rows, _ = run(capsys, "inline-secrets", "a.py")
    assert (status, [row[2:] for row in rows]) == (1, [(1, 11, "RH202"), (2, 12, "RH202")])
    configure(project, '[tool.repro-hooks.inline-secrets]\nextra-placeholders = ["^test-"]\n')
    assert run(capsys, "inline-secrets", "a.py")[:2] == (1, [("a.py", None, 2, 12, "RH202")])


# -- gitignore -------------------------------------------------------------------------------
def test_gitignore_required_entries(project, capsys) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    (project / ".gitignore").write_text(".env\nvenv/\n")
    assert run(capsys, "gitignore")[:2] == (0, [])
    configure(project, '[tool.repro-hooks.gitignore]\nrequired = [".env", "secrets/"]\n')
    assert run(capsys, "gitignore")[:2] == (1, [("secrets/", None, None, None, "RH402")])
    # the command line still wins over the file
    assert run(capsys, "gitignore", "--require", ".env")[:2] == (0, [])


def test_gitignore_codes_can_be_disabled(project, capsys) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    assert {row[4] for row in run(capsys, "gitignore")[1]} == {"RH401", "RH402"}
    configure(project, '[tool.repro-hooks.gitignore]\ndisable = ["RH402"]\n')
    assert run(capsys, "gitignore")[:2] == (1, [(".env", None, None, None, "RH401")])


# -- requirements-current --------------------------------------------------------------------
@pytest.fixture
def renamed(project: Path) -> Path:
    """Real ``pip-compile env/gpu.in --output-file=locks/gpu.txt`` output."""
    shutil.copytree(FIXTURES / "renamed", project, dirs_exist_ok=True)
    return project


def test_configured_pair_is_checked_by_its_input(renamed, capsys) -> None:
    assert run(capsys, "requirements-current", "env/gpu.in")[:2] == (
        1,
        [("env/gpu.in", None, None, None, "RH310")],  # by name, it wants env/gpu.txt
    )
    configure(
        renamed,
        '[tool.repro-hooks.requirements-current]\npairs = [{in = "env/gpu.in", txt = '
        '"locks/gpu.txt"}]\n',
    )
    assert run(capsys, "requirements-current", "env/gpu.in")[:2] == (0, [])
    assert run(capsys, "requirements-current")[:2] == (0, [])  # no file: every pair
    with (renamed / "env" / "gpu.in").open("a") as handle:
        handle.write("rich\n")
    assert run(capsys, "requirements-current", "env/gpu.in")[:2] == (
        1,
        [("env/gpu.in", None, 3, 1, "RH301")],
    )


def test_configured_pair_with_a_missing_side(renamed, capsys) -> None:
    configure(
        renamed,
        '[tool.repro-hooks.requirements-current]\npairs = [{in = "env/gpu.in", txt = '
        '"locks/cpu.txt"}]\n',
    )
    assert run(capsys, "requirements-current", "env/gpu.in")[:2] == (
        1,
        [("env/gpu.in", None, None, None, "RH310")],
    )
