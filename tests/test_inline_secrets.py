"""inline-secrets end to end: VALID/INVALID cases as data, in .py files, notebook cells and
notebook outputs, with the exact code and place asserted through the CLI.

Every secret is generated at run time (random, in the right format), so none is committed,
and every test asserts that no output, text or JSON, holds a generated secret whole.
"""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from repro_hooks.cli import main
from repro_hooks.core.masking import mask
from repro_hooks.hooks.inline_secrets.rules import RULES

RANDOM = random.Random(20261202)  # fixed: a failure names a case that can be run again
ALNUM = string.ascii_letters + string.digits


def chars(length: int, alphabet: str = ALNUM) -> str:
    return "".join(RANDOM.choice(alphabet) for _ in range(length))


def mixed(length: int) -> str:
    """Random letters and digits with at least one of each case and a digit."""
    return chars(length - 3) + RANDOM.choice("ABCDEFGH") + RANDOM.choice("abcdefgh") + "7"


def random_uuid() -> str:
    return str(uuid.UUID(int=RANDOM.getrandbits(128), version=4))


def hex_digest(length: int) -> str:
    return chars(length - 2, "0123456789abcdef") + "a7"


def private_key() -> str:
    body = "\n".join(chars(64, ALNUM + "+/") for _ in range(3))
    return f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----"


def jwt() -> str:
    import base64

    def part(data: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part({'sub': chars(8)})}.{chars(43)}"


GENERATORS: dict[str, Callable[[], str]] = {
    "github": lambda: "ghp_" + mixed(36),
    # AWS access key ids use base32 letters and digits (no 0, 1, 8, 9).
    "aws": lambda: "AKIA" + chars(15, string.ascii_uppercase + "234567") + "Q",
    "openai": lambda: "sk-proj-" + mixed(48),
    "hf": lambda: "hf_" + chars(33, string.ascii_letters) + "Q",  # letters only
    "google": lambda: "AIza" + mixed(35),
    "slack": lambda: f"xoxb-{chars(11, string.digits)}-{chars(12, string.digits)}-{chars(24)}",
    "stripe": lambda: "sk_live_" + mixed(24),
    "jwt": jwt,
    "uuid": random_uuid,
    "random": lambda: mixed(32),
    "base64": lambda: mixed(36) + "/+Ab",
    "hex": lambda: hex_digest(40),
    "password": lambda: chars(6, string.ascii_letters) + "#" + chars(3, string.digits),
    "private_key": private_key,
}


@dataclass(frozen=True)
class Case:
    """``source`` with ``§`` replaced by a fresh ``kind`` value; the finding expected
    (``code``, ``cell``, ``line``, ``column``), or none when ``code`` is ``None``."""

    source: str
    kind: str = "random"
    code: str | None = None
    line: int | None = None
    column: int | None = None
    cell: int | None = None

    def render(self) -> tuple[str, str]:
        secret = GENERATORS[self.kind]()
        return self.source.replace("§", secret), secret


# -- .py files ---------------------------------------------------------------------------
INVALID_PY = [
    Case('api_key = "§"\n', "uuid", "RH202", 1, 11),
    Case('os.environ["MY_API_KEY"] = "§"\n', "random", "RH202", 1, 28),
    Case('openai.api_key = "§"\n', "openai", "RH201", 1, 19),
    Case('s3 = boto3.client("s3", aws_access_key_id="§")\n', "aws", "RH201", 1, 44),
    Case('boto3.client("s3", aws_secret_access_key="§")\n', "base64", "RH202", 1, 42),
    Case('headers = {"Authorization": "Bearer §"}\n', "random", "RH201", 1, 37),
    Case('headers = {"X-API-Key": "§"}\n', "random", "RH202", 1, 25),
    Case('engine = create_engine("postgresql://admin:§@db/prod")\n', "password", "RH203", 1, 24),
    Case('os.environ.setdefault("HF_TOKEN", "§")\n', "hf", "RH201", 1, 36),
    Case('import os\n# token = "§"\n', "github", "RH201", 2, 12),
    Case('url = f"https://maps.example.com/api?key=§&q={query}"\n', "google", "RH201", 1, 42),
    Case('client = WebClient(token="§")\n', "slack", "RH201", 1, 27),
    Case('stripe.api_key = "§"\n', "stripe", "RH201", 1, 19),
    Case('session_token = "§"\n', "jwt", "RH201", 1, 18),
    Case('KEY = """\n§\n"""\n', "private_key", "RH204", 2, 1),
    Case('password = "§"\n', "password", "RH202", 1, 12),
    Case('connect(**{"password": "§"})\n', "password", "RH202", 1, 24),
    Case('wandb.login(key="§")\n', "hex", "RH202", 1, 17),
    Case('def connect(token="§"):\n    pass\n', "random", "RH202", 1, 19),
    Case('print "python 2"\napi_key = "§"\n', "random", "RH202", 2, 11),
    Case('x = 1\nOPENAI_API_KEY: str = (\n    "§"\n)\n', "random", "RH202", 3, 5),
    # a secret word that starts its line, after a line with no candidate
    Case('import os\npassword = "§"\n', "password", "RH202", 2, 12),
    Case('x = 1\ntoken = "§"\n', "random", "RH202", 2, 9),
]

VALID_PY = [
    Case('key = "name"\n'),
    Case('api_key = "<YOUR_API_KEY>"\n'),
    Case('api_key = "YOUR_TOKEN_HERE"\n'),
    Case('token = "xxxxxxxxxxxxxxxxxxxx"\n'),
    Case('password = "changeme"\n'),
    Case('password = ""\n'),
    Case('db_password = "${DB_PASSWORD}"\n'),
    Case('dsn = f"postgresql://{user}:{password}@db/prod"\n'),
    Case('token_source = "env:HF_TOKEN"\n'),
    Case('os.environ["GOOGLE_APPLICATION_CREDENTIALS"] = "service_account.json"\n'),
    Case('bos_token = "<bos>"\nstart_token = "<start_of_turn>model\\n"\n'),
    Case("os.environ['TOKENIZERS_PARALLELISM'] = 'false'\n"),
    Case('TOKENIZER_PATH = "./paligemma_tokenizer.model"\n'),
    Case('config = {"input_tokens": "batch.encoder_input", "embed_tokens": "fp16"}\n'),
    Case('secret_label = "your-secret-label"\n'),
    Case('os.environ["OPENAI_API_KEY"] = "dummy"\n'),
    Case('api_key = os.environ.get("OPENAI_API_KEY")\n'),
    Case('engine = create_engine("postgresql://postgres:password@localhost:5432/postgres")\n'),
    Case('model_name = "meta-llama/Llama-2-7b-chat-hf"\n'),
    Case('commit_sha = "§"\n', "hex"),
    Case('assert hashlib.sha256(data).hexdigest() == "§"\n', "hex"),
    Case('if api_token == "§":\n    pass\n', "hex"),
    Case('run_id = "§"\n', "uuid"),
    Case('cache_key = "§"\n', "random"),
    Case('message = "§"\n', "random"),
    Case('api_key = "§"  # pragma: allowlist secret\n', "uuid"),
    Case('# pragma: allowlist nextline secret\ntoken = "§"\n', "github"),
    Case('def f():\n    """Pass api_key="§" in tests only."""\n', "random"),
    Case('aws_key = "AKIAIOSFODNN7EXAMPLE"\n'),
    Case('KEY = "-----BEGIN PRIVATE KEY-----\\nMIIE...\\n-----END PRIVATE KEY-----"\n'),
]


# -- notebooks: code cells, magics, shell lines and outputs --------------------------------
INVALID_CELLS = [
    # the column is the value's, not the magic's or the name's
    Case("%env OPENAI_API_KEY=§", "openai", "RH205", 1, 21),
    Case("%env MY_API_KEY=§", "random", "RH205", 1, 17),
    Case("%set_env MY_SECRET §", "random", "RH205", 1, 20),
    Case("import os\n!export HF_TOKEN=§", "hf", "RH205", 2, 18),
    Case("!export API_TOKEN=§", "random", "RH205", 1, 19),
    Case('!curl -H "Authorization: token §" https://api.github.com', "github", "RH205", 1, 32),
    Case('!curl -H "Authorization: Bearer §" https://example.com', "random", "RH205", 1, 33),
    Case("!curl -u admin:§ https://example.com", "password", "RH205", 1, 16),
    Case("!wandb login §", "hex", "RH205", 1, 14),
    Case("!echo machine example.com login me password § >> ~/.netrc", "password", "RH205", 1, 45),
    Case("%%bash\nexport API_KEY=§\necho done", "random", "RH205", 2, 16),
    Case('%%writefile config.yaml\napi_key: "§"', "random", "RH205", 2, 11),
    Case("""!echo '{"username":"me","key":"§"}' > ~/.kaggle/kaggle.json""", "hex", "RH205", 1, 32),
    Case('%%writefile kaggle.json\n{"username": "me", "key": "§"}', "hex", "RH205", 2, 28),
    Case('import openai\nopenai.api_key = "§"', "uuid", "RH202", 2, 18),
    Case('x = !echo hi\napi_key = "§"', "random", "RH202", 2, 11),
]

VALID_CELLS = [
    Case("%env TOKENIZERS_PARALLELISM=false"),
    Case("%env OPENAI_API_KEY"),
    Case('!curl -H "Authorization: Bearer $API_TOKEN" https://example.com'),
    Case("!export HF_TOKEN={hf_token}"),
    Case("!pip install transformers --upgrade"),
    Case('%%bash\nexport API_KEY="$(cat ~/.api_key)"'),
    Case("%env API_KEY=§  # pragma: allowlist secret", "random"),
]

INVALID_OUTPUTS = [
    ({"output_type": "stream", "name": "stdout", "text": ["token:\n", "§\n"]}, "github"),
    (
        {
            "output_type": "execute_result",
            "data": {"text/plain": ["'§'"]},
            "metadata": {},
            "execution_count": 1,
        },
        "aws",
    ),
    ({"output_type": "error", "ename": "E", "evalue": "", "traceback": ["key §"]}, "hf"),
    # a value printed beside a name that says what it is
    ({"output_type": "stream", "name": "stdout", "text": ["api_key=§\n"]}, "random"),
    ({"output_type": "stream", "name": "stdout", "text": ["{'CO_API_KEY': '§'}"]}, "random"),
]

VALID_OUTPUTS = [
    ({"output_type": "stream", "name": "stdout", "text": ["sha §\n"]}, "hex"),
    ({"output_type": "stream", "name": "stdout", "text": ["run §\n"]}, "uuid"),
    ({"output_type": "stream", "name": "stdout", "text": ["cache_key=§\n"]}, "random"),
    ({"output_type": "stream", "name": "stdout", "text": ["{'input_ids': '§'}\n"]}, "random"),
    (
        {
            "output_type": "display_data",
            "data": {"image/png": "§", "text/plain": ["<Fig>"]},
            "metadata": {"id": "§"},
        },
        "github",
    ),
    (
        {
            "output_type": "display_data",
            "data": {
                "application/vnd.jupyter.widget-view+json": {"model_id": "§"},
                "text/plain": ["HBox()"],
            },
            "metadata": {},
        },
        "aws",
    ),
]


def notebook(cells: list[dict[str, object]]) -> str:
    return json.dumps(
        {
            "cells": cells,
            "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def code_cell(source: str, outputs: list[object] | None = None) -> dict[str, object]:
    return {
        "cell_type": "code",
        "id": "c0ffee",
        "metadata": {},
        "execution_count": None,
        "outputs": outputs or [],
        "source": source.splitlines(keepends=True),
    }


MARKDOWN = {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]}


def run_hook(path: Path, secret: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list]:
    """Run the hook in both formats; assert the secret is in neither; return JSON results."""
    status = main(["inline-secrets", str(path)])
    text = capsys.readouterr()
    assert main(["inline-secrets", "--format", "json", str(path)]) == status
    captured = capsys.readouterr()
    for output in (text.out, text.err, captured.out, captured.err):
        assert secret not in output
        assert "Traceback" not in output
    return status, json.loads(captured.out)


def expect(status: int, found: list[dict[str, object]], case: Case, path: Path) -> None:
    if case.code is None:
        assert (status, found) == (0, [])
        return
    assert status == 1
    assert [(f["code"], f["cell"], f["line"], f["column"]) for f in found] == [
        (case.code, case.cell, case.line, case.column)
    ]
    assert found[0]["path"] == str(path)


@pytest.mark.parametrize("case", INVALID_PY + VALID_PY, ids=lambda case: case.source[:40])
def test_python_file(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, secret = case.render()
    path = tmp_path / "module.py"
    path.write_text(source)
    status, found = run_hook(path, secret, capsys)
    expect(status, found, case, path)


@pytest.mark.parametrize("case", INVALID_CELLS + VALID_CELLS, ids=lambda case: case.source[:40])
def test_notebook_cell(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The cell is the third (after a markdown and a clean code cell): cells count all."""
    source, secret = case.render()
    path = tmp_path / "analysis.ipynb"
    path.write_text(notebook([MARKDOWN, code_cell("x = 1"), code_cell(source)]))
    status, found = run_hook(path, secret, capsys)
    expect(status, found, Case(case.source, case.kind, case.code, case.line, case.column, 3), path)


@pytest.mark.parametrize("case", INVALID_PY, ids=lambda case: case.source[:40])
def test_python_cases_in_a_cell(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, secret = case.render()
    path = tmp_path / "cell.ipynb"
    path.write_text(notebook([MARKDOWN, code_cell(source)]))
    status, found = run_hook(path, secret, capsys)
    expect(status, found, Case(case.source, case.kind, case.code, case.line, case.column, 2), path)


@pytest.mark.parametrize(("output", "kind"), INVALID_OUTPUTS + VALID_OUTPUTS)
def test_output(
    output: dict[str, object], kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = GENERATORS[kind]()
    rendered = json.loads(json.dumps(output, ensure_ascii=False).replace("§", secret))
    path = tmp_path / "outputs.ipynb"
    path.write_text(notebook([MARKDOWN, code_cell("print(x)", [rendered])]))
    status, found = run_hook(path, secret, capsys)
    expected = [("RH206", 2, None, None)] if (output, kind) in INVALID_OUTPUTS else []
    assert [(f["code"], f["cell"], f["line"], f["column"]) for f in found] == expected
    assert status == (1 if expected else 0)


def test_findings_in_one_file_keep_going(tmp_path: Path, capsys) -> None:
    """A corrupt notebook is an RH9xx finding; the next file is still checked."""
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    module = tmp_path / "module.py"
    source, secret = Case('token = "§"\n', "github").render()
    module.write_text(source)
    assert main(["inline-secrets", "--format", "json", str(broken), str(module)]) == 1
    output = capsys.readouterr().out
    assert secret not in output
    found = json.loads(output)
    assert [f["code"] for f in found] == ["RH902", "RH201"]


def test_clean_run_prints_empty_json(tmp_path: Path, capsys) -> None:
    path = tmp_path / "clean.py"
    path.write_text("print('hello')\n")
    assert main(["inline-secrets", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("length", range(4, 80))
def test_mask_never_shows_the_value(length: int) -> None:
    value = chars(length)
    masked = mask(value)
    assert value not in masked
    assert str(length) in masked


def test_every_code_is_documented() -> None:
    codes = [rule.code for rule in RULES]
    emitted = {case.code for case in INVALID_PY + INVALID_CELLS if case.code} | {"RH206"}
    assert sorted(set(codes)) == sorted(codes)
    assert emitted == set(codes)


def test_clean_file_imports_neither_detect_secrets_nor_libcst(tmp_path: Path) -> None:
    """What keeps a clean commit under a quarter second: the heavy imports are lazy."""
    path = tmp_path / "clean.ipynb"
    path.write_text(notebook([code_cell("import pandas as pd\ndf = pd.read_csv('x.csv')")]))
    probe = (
        "import sys\nfrom repro_hooks.cli import main\n"
        f"assert main(['inline-secrets', {str(path)!r}]) == 0\n"
        "print(sorted(m for m in ('libcst', 'detect_secrets') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_a_hook_run_imports_only_what_it_needs(tmp_path: Path) -> None:
    """Start-up is most of a small commit's run: no pathlib (config and registry records
    use os.path), no shutil (argparse is told the width), no pool modules below the
    workers' threshold, no other hook's check. ``-S``: without site, nothing but the run
    itself imports (an editable install's finder imports pathlib)."""
    path = tmp_path / "clean.ipynb"
    path.write_text(notebook([code_cell("import pandas as pd\ndf = pd.read_csv('x.csv')")]))
    probe = (
        f"import sys\nsys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})\n"
        "before = set(sys.modules)\nfrom repro_hooks.cli import main\n"
        f"assert main(['inline-secrets', {str(path)!r}]) == 0\n"
        "unwanted = ('pathlib', 'shutil', 'urllib.parse', 'multiprocessing', 'pickle')\n"
        "print(sorted(m for m in set(sys.modules) - before if m in unwanted"
        " or (m.startswith('repro_hooks.hooks.') and m.endswith('.check')"
        " and 'inline_secrets' not in m)))"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", probe], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "[]", result.stderr


@pytest.mark.parametrize("word", ["tbd", "xxx", "Your", "here", "Fake", "mock", "todo"])
def test_short_placeholder_word_inside_a_random_key_is_still_a_key(word):
    """One random key in a few hundred holds such a word by chance; it is no placeholder."""
    from repro_hooks.hooks.inline_secrets.context import SecretName, credential_in

    key = chars(12) + "7" + word + "7" + chars(12) + "aB"
    assert credential_in(key, SecretName.KEY) == key


def test_token_after_an_escaped_newline_is_reported_once_where_it_stands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The decoded value has a newline the source line does not: the token is placed by
    the literal as written, so it is not reported a second time at a wrong line."""
    token = "ghp_" + mixed(36)
    source = f'note = """first line\\nsame line\n{token}\n"""\n'
    path = tmp_path / "m.py"
    path.write_text(source)
    status, found = run_hook(path, token, capsys)
    assert status == 1
    assert [(f["line"], f["column"], f["code"]) for f in found] == [(2, 1, "RH201")]
