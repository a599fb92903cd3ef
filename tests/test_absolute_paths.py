"""absolute-paths: Fixit-style VALID/INVALID examples, each run as a .py file and as the
second cell of a notebook (after a markdown cell), with the exact code, line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from notebooks import as_source_lines, code_cell, markdown_cell, write_notebook

from repro_hooks.cli import main

# (source, code, line, column): the first finding expected; columns are 1-based.
INVALID: list[tuple[str, str, int, int]] = [
    ("df = pd.read_csv('/home/michael/project_abacus/data/ticket_data.csv')\n", "RH101", 1, 18),
    ('sales = r"C:\\Users\\anna\\Documents\\sales.csv"\n', "RH101", 1, 9),
    ("train = pd.read_csv('/content/drive/MyDrive/train.csv')\n", "RH109", 1, 21),
    ("import sys\nsys.path.append('/Users/jane/code/lib')\n", "RH101", 2, 17),
    ("df = pd.read_csv('~/data/sales.csv')\n", "RH101", 1, 18),
    ("images = glob(r'D:\\datasets\\cover\\*.jpg')\n", "RH102", 1, 15),
    ("share = open(r'\\\\fileserver\\team\\data.csv')\n", "RH102", 1, 14),
    ("x = np.load('/mnt/c/Users/anna/x.npy')\n", "RH102", 1, 13),
    ("vol = '/media/fabian/data/raw'\n", "RH104", 1, 7),
    ("vol = '/Volumes/USB/data.csv'\n", "RH104", 1, 7),
    ("scratch = '/scratch/u123/run1'\n", "RH104", 1, 11),
    ("url = 'file:///home/jane/data.csv'\n", "RH101", 1, 7),
    ("data = load_dataset('/path/to/dataset/')\n", "RH105", 1, 21),
    ("os.chdir('/srv/projects/abacus')\n", "RH106", 1, 10),
    ("df.to_csv('/data/out/result.csv')\n", "RH106", 1, 11),
    ("p = os.path.join('/opt2/data', name)\n", "RH106", 1, 18),
    ("p = '/home/jane/' + name + '/x.csv'\n", "RH101", 1, 5),
    ("cmd = 'cp /home/jane/raw.csv data/'\n", "RH101", 1, 11),
    (
        "CMD = ('python train.py '\n       '--data /content/drive/MyDrive/x')\n",
        "RH109",
        2,
        16,
    ),
    ("def load(path='/home/jane/data.csv'):\n    return path\n", "RH101", 1, 15),
    (  # a home folder reached by code, placed in characters after a non-ASCII one
        "HOME = os.path.expanduser('~')\nnom = 'é'; data = HOME + '/workspace/data'\n"
        "os.chdir(data)\n",
        "RH101",
        2,
        19,
    ),
    ("print 'python 2', open('/home/jane/x.csv')\n", "RH101", 1, 24),
]

VALID: list[str] = [
    "df = pd.read_csv('data/ticket_data.csv')\n",
    "files = glob('data/*.csv')\n",
    "df = pd.read_csv('gs://bucket/x.csv')\n",
    "r = requests.get(BASE + '/api/v1/users')\n",
    "@app.route('/x')\ndef x():\n    pass\n",
    "subprocess.run(['ls'], stdout=open('/dev/null', 'w'))\n",
    "ckpt = open('/tmp/model.ckpt', 'wb')\n",
    "shebang = '/usr/bin/env'\nopen('/etc/hosts')\n",
    "pattern = re.compile(r'/home/(\\w+)/')\n",
    "parts = path.split('/')\n",
    "with tf.device('/cpu:0'):\n    pass\n",
    "with tf.device('/gpu:{}'.format(i)):\n    pass\n",
    "day = '2020/01/01'\n",
    "train = data_dir + '/train'\n",
    "files = os.path.join(root, '/val/*.tfrec')\n",
    'def f():\n    """Reads /home/jane/data.csv."""\n',
    "# df = pd.read_csv('/home/jane/x.csv')\n",
    "mnist = datasets.MNIST('~/.pytorch/MNIST_data/', download=True)\n",
    "home = os.path.expanduser('~')\n",
    "if os.path.exists('/kaggle/working'):\n    pass\n",
    "IN_COLAB = os.getcwd().startswith('/content')\n",
    "if os.getcwd() == '/content':\n    pass\n",
    "static = Flask(__name__, static_url_path='/static')\n",
    "me.colab_show(path='/chat')\n",
    "path = '/'\n",
    "hatch = '//////'\n",
    "page = requests.get('https://example.com/home/user/x')\n",
]

# Notebook-only syntax: (cell source, code, line, column).
NOTEBOOK_INVALID: list[tuple[str, str, int, int]] = [
    ("%cd /home/jane/project\n", "RH101", 1, 5),
    ("!cp /home/jane/raw.csv data/\n", "RH101", 1, 5),
    ("import os\nfiles = !ls /content/drive/MyDrive\n", "RH109", 2, 13),
    ("for f in files:\n    !cp {f} /media/usb/backup\n", "RH104", 2, 13),
    ("%%bash\ncd data\ncp x.csv /home/jane/out/\n", "RH101", 3, 10),
    ("%%time\ndf = pd.read_csv('/home/jane/x.csv')\n", "RH101", 2, 18),
    ("%run /srv/projects/abacus/setup.py\n", "RH106", 1, 6),
    ("%cd 'C:\\Users\\anna\\project'\n", "RH101", 1, 5),
    ("%pip install /home/jane/pkgs/mylib\n", "RH101", 1, 14),
    ("%env DATA_DIR=/home/jane/data\n", "RH101", 1, 15),
    ("%%writefile config.yaml\ndata: /content/drive/MyDrive/x\n", "RH109", 2, 7),
]

NOTEBOOK_VALID: list[str] = [
    "%cd data\n",
    "!ls /tmp > /dev/null 2>&1\n",
    "%matplotlib inline\nimport pandas as pd\n",
    "%%bash\necho $HOME\nls data/\n",
    "df.head?\n",
    "%%html\n<a href='/home'>home</a>\n",
    "!mkdir -p ~/.kaggle\n",
]


def run_json(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    status = main(["absolute-paths", "--format", "json", *map(str, paths)])
    return status, json.loads(capsys.readouterr().out)


def as_py(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "module.py"
    path.write_text(source, encoding="utf-8")
    return path


def as_cell(tmp_path: Path, source: str) -> Path:
    cells = [markdown_cell("# Analysis"), code_cell(as_source_lines(source))]
    return write_notebook(tmp_path / "analysis.ipynb", cells)


@pytest.mark.parametrize(("source", "code", "line", "column"), INVALID)
@pytest.mark.parametrize("form", ["py", "ipynb"])
def test_invalid(tmp_path, capsys, form, source, code, line, column):
    path = as_py(tmp_path, source) if form == "py" else as_cell(tmp_path, source)
    status, findings = run_json([path], capsys)
    assert status == 1
    first = findings[0]
    assert (first["code"], first["line"], first["column"]) == (code, line, column)
    assert first["cell"] == (None if form == "py" else 2)
    assert "relative" in first["message"]


@pytest.mark.parametrize("source", VALID)
@pytest.mark.parametrize("form", ["py", "ipynb"])
def test_valid(tmp_path, capsys, form, source):
    path = as_py(tmp_path, source) if form == "py" else as_cell(tmp_path, source)
    assert run_json([path], capsys) == (0, [])


@pytest.mark.parametrize(("source", "code", "line", "column"), NOTEBOOK_INVALID)
def test_notebook_syntax_invalid(tmp_path, capsys, source, code, line, column):
    status, findings = run_json([as_cell(tmp_path, source)], capsys)
    assert status == 1
    assert [(f["cell"], f["code"], f["line"], f["column"]) for f in findings][:1] == [
        (2, code, line, column)
    ]


@pytest.mark.parametrize("source", NOTEBOOK_VALID)
def test_notebook_syntax_valid(tmp_path, capsys, source):
    assert run_json([as_cell(tmp_path, source)], capsys) == (0, [])


def test_text_output_is_ruff_style(tmp_path, capsys):
    path = as_cell(tmp_path, "x = 1\ndf = pd.read_csv('/home/michael/data.csv')\n")
    assert main(["absolute-paths", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:cell 2:2:18: RH101 home folder path '/home/michael/data.csv'")
    assert out.splitlines()[1:] == ["Found 1 finding in 1 file."]


def test_markdown_and_outputs_are_not_code(tmp_path, capsys):
    output = {"output_type": "stream", "name": "stdout", "text": ["/home/jane/x.csv\n"]}
    cells = [markdown_cell("Data lives in /home/jane/x.csv"), code_cell("print(1)\n", [output])]
    path = write_notebook(tmp_path / "n.ipynb", cells)
    assert run_json([path], capsys) == (0, [])


def test_every_finding_names_each_line_of_a_long_command(tmp_path, capsys):
    source = "!python /content/a.py \\\n  --src /content/drive/x \\\n  --dst /content/drive/y\n"
    status, findings = run_json([as_cell(tmp_path, source)], capsys)
    assert status == 1
    assert [(f["line"], f["column"]) for f in findings] == [(2, 9), (3, 9)]


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        # the path in the second piece of an implicit concatenation, on its own line
        ('cmd = ("python train.py "\n       "--data /home/jane/d.csv")\n', 2, 16),
        # after an escaped newline in a triple-quoted string: the source line, not the value's
        ('script = """cd x\\nls\nrm -r /home/jane/old\n"""\n', 2, 7),
        # after an escaped quote, columns count the characters as written
        ("cmd = 'say \\'hi\\' > /home/jane/out.txt'\n", 1, 21),
    ],
)
def test_embedded_path_is_placed_where_it_is_written(tmp_path, capsys, source, line, column):
    status, findings = run_json([as_py(tmp_path, source)], capsys)
    assert status == 1
    assert [(f["line"], f["column"], f["code"]) for f in findings] == [(line, column, "RH101")]
