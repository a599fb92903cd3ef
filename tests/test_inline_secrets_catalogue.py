"""The provider catalogue: every format converts to a Python regex, fires through the
keyword pre-filter on a value drawn from its own regex, and the false alarms seen on
gitleaks' published false samples stay away. Sample values are drawn with fixed seeds."""

from __future__ import annotations

import json
import random
import re
import warnings
from pathlib import Path

import pytest
from regex_samples import generate

from repro_hooks.hooks.inline_secrets.check import check_source, unit_hits
from repro_hooks.hooks.inline_secrets.providers import FORMATS, GLOBAL_ALLOW
from repro_hooks.hooks.inline_secrets.tokens import at_word_starts, catalogue
from repro_hooks.sources import read_source

IDS = [token_format.id for token_format in FORMATS]


def test_one_record_per_id() -> None:
    assert len(IDS) == len(set(IDS))
    assert len(FORMATS) >= 200


@pytest.mark.parametrize("index", range(len(FORMATS)), ids=IDS)
def test_regexes_compile_without_warnings(index: int) -> None:
    token_format = FORMATS[index]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        re.compile(token_format.regex, re.ASCII)
        for allow in token_format.allow:
            for regex in allow.regexes:
                re.compile(regex, re.ASCII)
    assert token_format.keywords, "the pre-filter needs a keyword"


def test_global_allow_compiles() -> None:
    for regex in GLOBAL_ALLOW.regexes:
        re.compile(regex, re.ASCII)


@pytest.mark.parametrize("index", range(len(FORMATS)), ids=IDS)
def test_every_format_fires_through_the_prefilter(index: int) -> None:
    """A value drawn from the format's own regex passes the keyword scan and is reported
    as that format (a few seeds: a draw can fall under the entropy floor)."""
    formats = catalogue()
    token_format = formats.formats[index]
    for seed in range(40):
        sample = generate(token_format.regex, random.Random(seed))
        if index in formats.candidates(sample) and any(formats.matches_of(index, sample)):
            return
    pytest.fail(f"no sample of {token_format.id} fired through the pre-filter")


@pytest.mark.parametrize("index", range(len(FORMATS)), ids=IDS)
def test_the_prefilter_knows_every_keyword_in_any_case(index: int) -> None:
    for keyword in FORMATS[index].keywords:
        for text in (keyword, keyword.upper(), f"x = '{keyword.lower()}'"):
            assert index in catalogue().candidates(text)


def test_the_prefilter_finds_every_keyword_of_a_text_that_holds_many() -> None:
    """Keywords one to a line, in a random order (fixed seeds): each keyword's formats are
    candidates, whatever keywords stand before and after it."""
    keywords = sorted({(k, i) for i, f in enumerate(FORMATS) for k in f.keywords})
    for seed in range(50):
        chosen = random.Random(seed).sample(keywords, 40)
        text = "\n".join(f"a {keyword}_b" for keyword, _ in chosen)
        candidates = set(catalogue().candidates(text))
        assert {index for _, index in chosen} <= candidates, seed


def test_unrelated_text_wakes_no_format() -> None:
    assert catalogue().candidates("import pandas as pd\ndf = pd.read_csv('data.csv')\n") == []


def findings_in(tmp_path: Path, source: str) -> list[tuple[str, int]]:
    path = tmp_path / "module.py"
    path.write_text(source)
    (unit,) = read_source(str(path)).units
    return [(hit.code, hit.line) for hit in unit_hits(unit)]


@pytest.mark.parametrize(
    "source",
    [
        # an AWS key shape inside an ordinary upper-case word
        'motto = "TODAYINASIAASACKOFRICEFELLOVER"\n',
        'GREETING = "WELCOMETOAKIAPLACEHOLDERSTRINGS"\n',
        # identifiers that hold a token prefix
        "hf_required_parameters_for_the_model_loader = load()\n",
        'name = "hf_hub_download_with_retries_enabled"\n',
        # masked placeholders
        'uri = "neo4j://neo4j:[PASSWORD]@localhost:7687"\n',
        'token = "xoxb-[TOKEN]"\n',
        # repeated-digit and 5555555 placeholders
        'card_token = "5555555555554444"\n',
        'api_key = "1111111111111111111111111111111111111111"\n',
        'key = "AKIA5555555555555555"\n',
        # a Slack configuration token's example text
        'refresh = "xoxe.xoxp-1-initial"\n',
        # a comma-separated list of API method names given to a token name
        'slack_token_scopes = "chat:write,channels:read,users:read,files:write"\n',
        'token_methods = "conversations.list,conversations.history,users.info"\n',
        # CamelCase words and key ids are not keys
        'bucket_key = "SalesResults-1.2"\n',
        'kms_key_id = "555ea4a3-d53a-4412-9c66-3a7cb667b0d6"\n',
        # times, host:port and repository ids under a secret-like name
        'tok = "2024-01-01T00:00:00Z"\n',
        'login("localhost:8080")\n',
        'api_token = "sentence-transformers/all-MiniLM-L6-v2"\n',
        'c = Tokenizer("bert-base-uncased-finetuned")\n',
        # a repository id passed to a client
        'client = Client("gokaygokay/Florence-2")\n',
        'model.push_to_hub("my-gemma-2b-finetuned-v1")\n',
    ],
)
def test_listed_false_alarms_stay_away(source: str, tmp_path: Path) -> None:
    assert findings_in(tmp_path, source) == []


def key(seed: int, length: int = 40) -> str:
    rng = random.Random(seed)
    return generate(f"[A-Za-z0-9]{{{length - 2}}}", rng) + "7q"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # no name to go by: a provider's shape, or a key given on its own to a client
        ('c = OnepasswordClient(token="ops_eyJ' + key(1, 260) + '")\n', [("RH201", 1)]),
        ('ProjectKeyClient(api_key="' + key(2) + '")\n', [("RH202", 1)]),
        ('client = Client("' + key(3, 32) + '")\n', [("RH202", 1)]),
        ('session = connect("https://api.example.com", "' + key(4) + '")\n', [("RH202", 1)]),
        ('llm = Mistral("' + key(10, 32) + '")\n', [("RH202", 1)]),
        ('run = UUID("9f0c6a9e-4b1d-4c7e-9a51-0d3e2f1b7c42")\n', []),
        ('doc = ObjectId("5f1d7a3c9b2e4f0a1c3d5e7f")\n', []),
        # configuration text held in a string, each value at its own line
        ('script = "export CO_API_KEY=' + key(5) + '"\n', [("RH201", 1)]),  # Cohere's name
        ('script = "export MY_SERVICE_API_KEY=' + key(5) + '"\n', [("RH202", 1)]),
        ('cfg = """\nservice:\n  api_token: ' + key(6) + '\n"""\n', [("RH202", 3)]),
        ('payload = \'{"user": "me", "secret": "' + key(7) + "\"}'\n", [("RH202", 1)]),
        ('ini = """[default]\naws_secret_access_key = ' + key(8) + '\n"""\n', [("RH202", 2)]),
        # a token in a URL query, before an "&"
        (
            'url = f"https://maps.example.com/api?key=AIza' + key(9, 35) + '&q={q}"\n',
            [("RH201", 1)],
        ),
    ],
)
def test_no_name_and_configuration_text(
    source: str, expected: list[tuple[str, int]], tmp_path: Path
) -> None:
    assert findings_in(tmp_path, source) == expected


def output_findings(tmp_path: Path, source: str, printed: str) -> list[tuple[str, int | None]]:
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": [printed]}],
        "source": source.splitlines(keepends=True),
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "shown.ipynb"
    path.write_text(json.dumps(notebook))
    return [(f.code, f.cell) for f in check_source(read_source(str(path)))]


@pytest.mark.parametrize(
    ("source", "printed", "expected"),
    [
        # a cell that shows a name saying key or token, and prints a key
        ("client = connect()\nclient.token", f"'{key(11, 32)}'", [("RH206", 1)]),
        ("print(api_key)", f"{key(12, 40)}\n", [("RH206", 1)]),
        ('os.environ["SERVICE_TOKEN"]', f"'{key(13, 40)}'", [("RH206", 1)]),
        # anything else printed with it is data
        ("for key, val in row.items():\n    print(f'{key}: {val}')", f"id: {key(14, 22)}\n", []),
        ("model.config", f"run {key(15, 32)}\n", []),
        ("print(api_key_path)", "keys/service-account-2024.json\n", []),
    ],
)
def test_a_shown_key_in_an_output(
    source: str, printed: str, expected: list[tuple[str, int | None]], tmp_path: Path
) -> None:
    assert output_findings(tmp_path, source, printed) == expected


def cell_findings(tmp_path: Path, source: str) -> list[tuple[str, int | None, int | None, str]]:
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "advice.ipynb"
    path.write_text(json.dumps(notebook))
    findings = check_source(read_source(str(path)))
    return [(f.code, f.line, f.column, f.message) for f in findings]


SET_OUTSIDE = "set it outside the notebook (a git-ignored .env read by python-dotenv, or the shell)"


@pytest.mark.parametrize(
    ("source", "code", "line", "column", "advice"),
    [
        (f'os.environ["SERVICE_API_KEY"] = "{key(20)}"', "RH202", 1, 33, SET_OUTSIDE),
        (f'os.environ.setdefault("SERVICE_TOKEN", "{key(21)}")', "RH202", 1, 40, SET_OUTSIDE),
        (f"%env SERVICE_API_KEY={key(22)}", "RH205", 1, 22, SET_OUTSIDE),
        (f"%%bash\nexport SERVICE_TOKEN={key(23)}", "RH205", 2, 22, SET_OUTSIDE),
        (f"%%writefile .env\nSERVICE_TOKEN={key(24)}", "RH205", 2, 15, SET_OUTSIDE),
        (f'service_api_key = "{key(25)}"', "RH202", 1, 19, "read with os.environ.get"),
        (f'cfg = """\nservice:\n  api_token: {key(26)}\n"""', "RH202", 3, 14, SET_OUTSIDE),
    ],
)
def test_advice_and_column_fit_the_code(
    source: str, code: str, line: int, column: int, advice: str, tmp_path: Path
) -> None:
    ((found_code, found_line, found_column, message),) = cell_findings(tmp_path, source)
    assert (found_code, found_line, found_column) == (code, line, column)
    assert advice in message


BOUNDED = [i for i, f in enumerate(FORMATS) if re.match(r"(\(\?i\))?\\b", f.regex)]


@pytest.mark.parametrize("index", BOUNDED, ids=[IDS[i] for i in BOUNDED])
def test_a_format_at_word_starts_finds_what_its_leading_boundary_finds(index: int) -> None:
    """Searched without its leading ``\\b`` and the boundary checked after, a format finds
    exactly the matches of its own regex, whatever stands around a value (fixed seeds)."""
    regex = FORMATS[index].regex
    original = re.compile(regex, re.ASCII)
    stripped = re.compile(re.sub(r"^(\(\?i\))?\\b", r"\1", regex, count=1), re.ASCII)
    rnd = random.Random(index)
    for _ in range(12):
        sample = generate(regex, rnd)
        for before, after in (("", ""), ("x", ""), ("_", " "), (" ", "x"), ("é", "\n"), ("-", "")):
            text = f"{before}{sample}{after} {sample[1:]}{before}{sample}"
            expected = [m.span() for m in original.finditer(text)]
            assert [m.span() for m in at_word_starts(stripped, text)] == expected
