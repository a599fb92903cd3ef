"""``--format sarif`` and ``--format github`` through the CLI, on real files.

SARIF output is validated against the official SARIF 2.1.0 schema
(``tests/fixtures/sarif``, see its README), offline.
"""

from __future__ import annotations

import json
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jsonschema.validators import validator_for
from notebooks import as_source_lines, code_cell, markdown_cell, write_notebook

from repro_hooks import __version__
from repro_hooks.cli import main
from repro_hooks.core.finding import Finding
from repro_hooks.output.formats import render_github
from repro_hooks.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text())

PY_FILE, NOTEBOOK, BROKEN = "load data.py", "analysis.ipynb", "broken.ipynb"
HOME_PATH = "/home/michael/data.csv"
# RFC 3986 URI-reference characters: unreserved, reserved, and %XX escapes only.
URI_REFERENCE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})+")


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


def sarif(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    status, out = run(capsys, *argv[:1], "--format", "sarif", *argv[1:])
    return status, json.loads(out)


def messages(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[tuple[str, str], str]:
    """The message of each finding by path and code, from ``--format json``."""
    _, out = run(capsys, *argv[:1], "--format", "json", *argv[1:])
    return {(finding["path"], finding["code"]): finding["message"] for finding in json.loads(out)}


def assert_valid_sarif(log: dict[str, Any]) -> None:
    validator_for(SCHEMA).check_schema(SCHEMA)
    validator_for(SCHEMA)(SCHEMA).validate(log)
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert URI_REFERENCE.fullmatch(uri), uri


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


# --format sarif


def test_sarif_validates_and_locates_each_kind_of_finding(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = ("absolute-paths", PY_FILE, NOTEBOOK, BROKEN)
    message = messages(capsys, *files)
    status, log = sarif(capsys, *files)
    assert status == 1
    assert_valid_sarif(log)
    notebook, broken, py = log["runs"][0]["results"]

    assert py["ruleId"] == "RH101"
    assert py["level"] == "error"
    assert py["message"] == {"text": message[PY_FILE, "RH101"]}
    assert py["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "load%20data.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 3, "startColumn": 18},
            }
        }
    ]

    assert notebook["ruleId"] == "RH101"
    assert notebook["message"] == {"text": f"cell 2:2:18: {message[NOTEBOOK, 'RH101']}"}
    assert notebook["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "analysis.ipynb", "uriBaseId": "%SRCROOT%"}
            },
            "properties": {"cell": 2, "cellLine": 2, "cellColumn": 18},
        }
    ]

    assert broken["ruleId"] == "RH902"
    assert broken["message"] == {"text": message[BROKEN, "RH902"]}
    broken_file = {"uri": "broken.ipynb", "uriBaseId": "%SRCROOT%"}
    assert broken["locations"] == [{"physicalLocation": {"artifactLocation": broken_file}}]


def test_sarif_tool_and_rules(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, log = sarif(capsys, "absolute-paths", PY_FILE)
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("repro-hooks", __version__)
    rules = all_rules()
    assert [rule["id"] for rule in driver["rules"]] == list(rules)
    for descriptor, rule in zip(driver["rules"], rules.values(), strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"] == {"text": rule.what}
        assert descriptor["fullDescription"] == {"text": f"{rule.what} {rule.why}"}
        assert descriptor["defaultConfiguration"] == {"level": "error"}
        for part in (rule.what, rule.why):
            assert part in descriptor["help"]["text"]
            assert part in descriptor["help"]["markdown"]
        for part in (rule.example, rule.instead):
            assert f"```\n{part}\n```" in descriptor["help"]["markdown"]
        # GitHub's limits for what it displays.
        assert len(rule.name) <= 255 and len(descriptor["fullDescription"]["text"]) <= 1024
    for result in run_["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_clean_run_is_valid_with_no_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clean.py").write_text("df = pd.read_csv('data/data.csv')\n")
    status, log = sarif(capsys, "absolute-paths", "clean.py")
    assert status == 0
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"]


def test_sarif_absolute_path_is_a_file_uri(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / PY_FILE
    _, log = sarif(capsys, "absolute-paths", str(path))
    assert_valid_sarif(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": path.as_uri()}
    assert location["artifactLocation"]["uri"].endswith("/load%20data.py")


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that takes any bytes")
def test_sarif_uri_keeps_an_undecodable_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    name = b"caf\xe9.py".decode("utf-8", "surrogateescape")  # Latin-1 bytes, as argv has them
    (tmp_path / name).write_text(f"open('{HOME_PATH}')\n")
    _, log = sarif(capsys, "absolute-paths", name)
    assert_valid_sarif(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "caf%E9.py"


def test_sarif_is_deterministic(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "absolute-paths", "--format", "sarif", BROKEN, PY_FILE, NOTEBOOK)
    second = run(capsys, "absolute-paths", "--format", "sarif", NOTEBOOK, BROKEN, PY_FILE)
    assert first == second
    assert first[1] == json.dumps(json.loads(first[1]), indent=2) + "\n"


def test_the_schema_rejects_what_github_cannot_use() -> None:
    """The validator is live: a region without a line and a result without a message fail."""
    log = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "RH101"}]}],
    }
    with pytest.raises(jsonschema.ValidationError):
        validator_for(SCHEMA)(SCHEMA).validate(log)
    log["runs"][0]["results"][0] = {
        "message": {"text": "m"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {}}}],
    }
    with pytest.raises(jsonschema.ValidationError):
        validator_for(SCHEMA)(SCHEMA).validate(log)


# Secrets


def test_secret_never_printed_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    key = "sk-proj-" + random_key(40)
    (tmp_path / "keys.py").write_text(f'api_key = "{key}"\n')
    write_notebook(tmp_path / "keys.ipynb", [code_cell(f'client = OpenAI(api_key="{key}")\n')])
    for output_format in ("sarif", "github"):
        status, out = run(
            capsys, "inline-secrets", "--format", output_format, "keys.py", "keys.ipynb"
        )
        assert status == 1
        assert out.count("RH201") >= 2, out
        assert key not in out
        assert key[8:] not in out


# Cost of the new formats


def test_text_format_imports_neither_sarif_nor_other_checks(project: Path) -> None:
    code = (
        "import sys\n"
        "from repro_hooks.cli import main\n"
        f"status = main(['absolute-paths', {str(project / PY_FILE)!r}])\n"
        "print(status, 'repro_hooks.output.sarif' in sys.modules,"
        " 'repro_hooks.hooks.inline_secrets.check' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == "1 False False"


@pytest.mark.parametrize(
    ("terminal", "no_color", "coloured"),
    [(True, False, True), (True, True, False), (False, False, False)],
)
def test_text_is_coloured_only_on_a_terminal_without_no_color(
    tmp_path: Path, terminal: bool, no_color: bool, coloured: bool
) -> None:
    import os
    import pty

    (tmp_path / "a.py").write_text(f"df = open('{HOME_PATH}')\n")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    reader, writer = pty.openpty() if terminal else os.pipe()
    command = [sys.executable, "-m", "repro_hooks", "absolute-paths", "a.py"]
    status = subprocess.run(command, cwd=tmp_path, env=env, stdout=writer).returncode
    os.close(writer)
    output = os.read(reader, 65536).decode()
    os.close(reader)
    assert status == 1
    assert "a.py" in output and "RH101" in output
    assert ("\x1b[" in output) is coloured
