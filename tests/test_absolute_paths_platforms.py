"""absolute-paths on hosted platforms, strings that are not paths, home folders reached by
code, and relative paths that leave the work tree (RH108): exact codes, cells, lines and
columns, in real git work trees."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from notebooks import as_source_lines, code_cell, markdown_cell, write_notebook

from repro_hooks.cli import main

PLATFORM_ON = "[tool.repro-hooks.absolute-paths]\nreport-platform-paths = true\n"


def git_tree(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *files: str
) -> list[tuple[str, int | None, int, int, str]]:
    monkeypatch.chdir(tmp_path)
    main(["absolute-paths", "--format", "json", *files])
    return [
        (f["path"], f["cell"], f["line"], f["column"], f["code"])
        for f in json.loads(capsys.readouterr().out)
    ]


def notebook(path: Path, *sources: str, metadata: dict | None = None) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = [markdown_cell("# Notes"), *(code_cell(as_source_lines(s)) for s in sources)]
    write_notebook(path, cells)
    if metadata:
        data = json.loads(path.read_text())
        data["metadata"].update(metadata)
        path.write_text(json.dumps(data, indent=1))
    return path.name if path.parent == Path(".") else str(path)


KAGGLE = (
    "import pandas as pd\n"
    "train = pd.read_csv('/kaggle/input/titanic/train.csv')\n"
    "!ls /kaggle/input\n"
    "sub.to_csv('/kaggle/working/submission.csv')\n"
    "sys.path.append('/kaggle/usr/lib/helpers')\n"
)


def test_platform_paths_are_not_reported_by_default(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    notebook(tmp_path / "kernel.ipynb", KAGGLE, "drive.mount('/content/drive')\n")
    assert run(tmp_path, capsys, monkeypatch, "kernel.ipynb") == []


def test_report_platform_paths_names_the_platform(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    (tmp_path / "pyproject.toml").write_text(PLATFORM_ON)
    notebook(tmp_path / "kernel.ipynb", KAGGLE, metadata={"kaggle": {"accelerator": "gpu"}})
    monkeypatch.chdir(tmp_path)
    main(["absolute-paths", "--format", "json", "kernel.ipynb"])
    found = json.loads(capsys.readouterr().out)
    assert [(f["cell"], f["line"], f["column"], f["code"]) for f in found] == [
        (2, 2, 21, "RH103"),
        (2, 3, 5, "RH103"),
        (2, 4, 12, "RH103"),
        (2, 5, 17, "RH103"),
    ]
    assert "exists only on Kaggle (the notebook is written for it)" in found[0]["message"]


def test_own_drive_is_always_reported_and_the_mount_never_by_default(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    source = (
        "from google.colab import drive\n"
        "drive.mount('/content/gdrive')\n"
        "df = pd.read_csv('/content/gdrive/My Drive/data/x.csv')\n"
        "!unzip -q /content/data.zip -d /content/data\n"
    )
    notebook(tmp_path / "colab.ipynb", source)
    assert run(tmp_path, capsys, monkeypatch, "colab.ipynb") == [("colab.ipynb", 2, 3, 18, "RH109")]


@pytest.mark.parametrize(
    "source",
    [
        "answer = re.search(r'\\\\boxed\\s*\\{(.*?)\\}', text)\n",
        "logo = '/tTVvzB4A1qLm9XkPz3RwE8YhNcJ2uFgD5sKa7bHeQ=='\n",
        "score = float(cell.replace('/100', ''))\n",
        "out = os.environ.get('OUT', '/kaggle/working/x')\n",
        "ok = Path('/content/drive/MyDrive').exists()\n",
        "root = os.getenv('DATA', default='/srv/data')\n",
    ],
)
def test_strings_that_are_no_path(tmp_path, capsys, monkeypatch, source):
    git_tree(tmp_path)
    (tmp_path / "m.py").write_text(source)
    assert run(tmp_path, capsys, monkeypatch, "m.py") == []


def test_path_arithmetic_in_a_test_touches_no_disk(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_paths.py").write_text(
        "def test_join():\n"
        "    assert Path('/srv/r') / 'x' == PurePath('/srv/r/x')\n"
        "    base = Path('/srv/data/run')\n"
        "    text = Path('/srv/data/real.txt').read_text()\n"
    )
    assert run(tmp_path, capsys, monkeypatch, "tests/test_paths.py") == [
        ("tests/test_paths.py", None, 4, 17, "RH106")
    ]


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        ("HOME = os.path.expanduser('~')\ndata = HOME + '/workspace/data'\nos.chdir(data)\n", 2, 8),
        ("df = pd.read_csv(Path.home() / 'data' / 'x.csv')\n", 1, 18),
        (
            "root = os.path.join(os.environ['HOME'], 'data')\n"
            "for f in os.listdir(root):\n    pass\n",
            1,
            8,
        ),
        ("os.chdir(os.path.expanduser('~/projects/abacus'))\n", 1, 29),
        ("train = load_data(os.path.expanduser('~/data/kaggle'))\n", 1, 38),
        ("ds = CocoDataset(root=os.path.expanduser('~/data/coco'))\n", 1, 42),
        ("d = f\"{os.path.expanduser('~')}/data\"\nnp.load(d + '/x.npy')\n", 1, 5),
    ],
)
def test_home_folder_reached_by_code(tmp_path, capsys, monkeypatch, source, line, column):
    git_tree(tmp_path)
    (tmp_path / "m.py").write_text(source)
    assert run(tmp_path, capsys, monkeypatch, "m.py") == [("m.py", None, line, column, "RH101")]


@pytest.mark.parametrize(
    "source",
    [
        "cache = os.path.join(os.path.expanduser('~'), '.cache', 'x')\nopen(cache)\n",
        "out = Path.home() / 'results'\nout.mkdir(exist_ok=True)\nos.listdir(out)\n",
        "logs = os.path.expanduser('~/logs/')\nos.listdir(logs)\n"
        "TensorBoard(log_dir=logs + 'run')\n",
        "HOME = os.path.expanduser('~')\nHOME = '/tmp'\nos.chdir(HOME + '/data')\n",
        "p = os.path.join(os.environ['HOME'], 'key.json')\nwith open(p, 'w') as f:\n    pass\n",
    ],
)
def test_home_folder_places_the_code_owns(tmp_path, capsys, monkeypatch, source):
    git_tree(tmp_path)
    (tmp_path / "m.py").write_text(source)
    assert run(tmp_path, capsys, monkeypatch, "m.py") == []


def test_relative_path_leaving_the_work_tree(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    notebook(
        tmp_path / "notebooks" / "eda.ipynb",
        "a = pd.read_csv('../data/in_repo.csv')\nb = pd.read_csv('../../data/next_to_clone.csv')\n",
        "!cp ../../raw/x.csv data/\n",
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "load.py").write_text(
        "X = pd.read_csv('../data/x.csv')\nY = 'data/y.csv'\n"
    )
    assert run(tmp_path, capsys, monkeypatch, "notebooks/eda.ipynb", "src/load.py") == [
        ("notebooks/eda.ipynb", 2, 2, 17, "RH108"),
        ("notebooks/eda.ipynb", 3, 1, 5, "RH108"),
        ("src/load.py", None, 1, 17, "RH108"),
    ]


def test_kaggle_relative_input_is_the_platform_folder(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    notebook(
        tmp_path / "k.ipynb",
        "df = pd.read_csv('../input/titanic/train.csv')\n",
        metadata={"kaggle": {}},
    )
    assert run(tmp_path, capsys, monkeypatch, "k.ipynb") == []
    (tmp_path / "pyproject.toml").write_text(PLATFORM_ON)
    assert run(tmp_path, capsys, monkeypatch, "k.ipynb") == [("k.ipynb", 2, 1, 18, "RH103")]


def test_outside_a_work_tree_relative_paths_are_not_judged(tmp_path, capsys, monkeypatch):
    (tmp_path / "m.py").write_text("X = pd.read_csv('../../data/x.csv')\n")
    assert run(tmp_path, capsys, monkeypatch, "m.py") == []


def test_relative_paths_follow_the_notebooks_cd(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    notebook(
        tmp_path / "notebooks" / "eda.ipynb",
        "%cd ..\n",
        "df = pd.read_csv('data/x.csv')\nup = pd.read_csv('../outside.csv')\n",
        "%cd {os.getcwd()}/tools\n",
        "%cd ../../..\nx = open('../../y.csv')\n",
    )
    assert run(tmp_path, capsys, monkeypatch, "notebooks/eda.ipynb") == [
        ("notebooks/eda.ipynb", 3, 2, 18, "RH108")
    ]


def test_list_methods_named_like_file_operations(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    (tmp_path / "m.py").write_text(
        "ids.remove('/m/01s55n')\nnames.copy('/srv/a/b')\nos.remove('/srv/data/x')\n"
    )
    assert run(tmp_path, capsys, monkeypatch, "m.py") == [("m.py", None, 3, 11, "RH106")]


def test_naming_rh103_in_enable_turns_it_on(tmp_path, capsys, monkeypatch):
    git_tree(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.repro-hooks.absolute-paths]\nenable = ["RH101", "RH103"]\n'
    )
    (tmp_path / "m.py").write_text(
        "x = open('/kaggle/input/a/b.csv')\ny = open('/srv/data/c.csv')\n"
    )
    assert run(tmp_path, capsys, monkeypatch, "m.py") == [("m.py", None, 1, 10, "RH103")]
