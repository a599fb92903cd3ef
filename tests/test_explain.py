"""``repro-hooks explain``: one rule or all of them, as Markdown, beside the hooks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from repro_hooks.cli import main
from repro_hooks.output.explain import anchor, fence_language
from repro_hooks.registry import HOOK_PACKAGES, all_rules

ROOT = Path(__file__).resolve().parents[1]
SECTION_HEADINGS = ["## What it does", "## Why is this bad", "## Example", "## Use instead"]
# Written out independently of the code, which derives the hook from the declaring module.
HOOK_BY_HUNDREDS = {
    "1": "absolute-paths",
    "2": "inline-secrets",
    "3": "requirements-current",
    "4": "gitignore",
    "5": "declared-imports",
    "6": "notebook-order",
}


def explain(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["explain", *args])
    out, err = capsys.readouterr()
    return status, out, err


def section(capsys: pytest.CaptureFixture[str], code: str) -> str:
    """One rule's part of the --all page."""
    out = explain(capsys, "--all")[1]
    return re.search(rf"^## {code} .*?(?=^## |\Z)", out, re.MULTILINE | re.DOTALL)[0]


def test_one_rule_has_heading_hook_four_sections_and_its_examples(capsys):
    status, out, err = explain(capsys, "RH101")
    lines = out.splitlines()
    assert (status, err) == (0, "")
    assert lines[:3] == ["# RH101 home-folder-path", "", "Reported by: `absolute-paths`"]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [*SECTION_HEADINGS, "## Reported", "## Not reported"]
    assert "```python\n%cd /home/jane/project\n```" in out
    assert "```python\ndf = pd.read_csv('/home/michael/" in out
    assert out.endswith("```\n")


@pytest.mark.parametrize("query", ["rh101", "Rh101", "home-folder-path", "HOME-FOLDER-PATH"])
def test_code_and_name_ignore_case(capsys, query):
    expected = explain(capsys, "RH101")
    assert explain(capsys, query) == expected


@pytest.mark.parametrize("query", ["RH1234", "no-such-rule"])
def test_unknown_code_is_a_usage_error(capsys, query):
    status, out, err = explain(capsys, query)
    assert (status, out) == (2, "")
    assert f"'{query}'" in err
    assert "repro-hooks explain --all" in err


@pytest.mark.parametrize("args", [[], ["RH101", "--all"]])
def test_needs_exactly_one_of_code_and_all(capsys, args):
    with pytest.raises(SystemExit) as exit_info:
        explain(capsys, *args)
    assert exit_info.value.code == 2


@pytest.mark.parametrize("code", list(all_rules()))
def test_hook_is_the_one_that_reports_the_code(capsys, code):
    hook = HOOK_BY_HUNDREDS.get(code[2])
    expected = "every hook" if hook is None else f"`{hook}`"
    assert f"\nReported by: {expected}\n" in explain(capsys, code)[1]


def test_all_lists_every_rule_once_in_code_order(capsys):
    status, out, err = explain(capsys, "--all")
    assert (status, err) == (0, "")
    assert out.startswith("# repro-hooks rules\n")
    assert re.findall(r"^## (RH\d{3}) ", out, re.MULTILINE) == sorted(all_rules())
    assert re.findall(r"^\| \[(RH\d{3})\]", out, re.MULTILINE) == sorted(all_rules())


def test_all_contents_links_reach_the_headings(capsys):
    out = explain(capsys, "--all")[1]
    headings = {anchor(h) for h in re.findall(r"^#+ (.*)$", out, re.MULTILINE)}
    links = re.findall(r"\]\(#([^)]+)\)", out)
    assert len(links) == len(all_rules())
    assert set(links) <= headings


def test_all_fences_open_with_a_language_and_close(capsys):
    fences = [line for line in explain(capsys, "--all")[1].splitlines() if line.startswith("```")]
    assert fences
    assert all(line != "```" for line in fences[::2])
    assert all(line == "```" for line in fences[1::2])
    assert len(fences) % 2 == 0


@pytest.mark.parametrize(
    ("example", "language"),
    [
        ("df = pd.read_csv('data/train.csv')", "python"),
        ("# ignore the cache\ncache = {}", "python"),
        ("%env OPENAI_API_KEY=sk-proj-...", "python"),
        ("# set the key first\n!curl -H 'Authorization: Bearer $TOKEN' https://x", "python"),
        ("$ git ls-files\n.env", "console"),
        ("# .gitignore\n.env", "gitignore"),
        ("# .git/info/exclude\nvenv/", "gitignore"),
        ("# .dockerignore\n.git", "gitignore"),
        ("In [1]: import pandas as pd\nIn [ ]: pd.__version__", "text"),
        ("In [ ]: x = 1", "text"),
        ("Re-save the file as UTF-8.", None),
        ("requirements.in: `pandas<2`", None),
    ],
)
def test_fence_language(example, language):
    assert fence_language(example) == language


def test_shell_gitignore_and_prose_examples(capsys):
    assert "### Example\n\n```console\n$ git ls-files\n" in section(capsys, "RH403")
    assert "### Example\n\n```gitignore\n# .gitignore\n" in section(capsys, "RH401")
    text = section(capsys, "RH302")
    prose, _, tested = text.partition("### Reported")
    assert "\n\nrequirements.in: `pandas<2`\n\nrequirements.txt: `pandas==2.1.0`\n" in prose
    assert "```" not in prose
    # Examples of several files are shown as `head` shows them.
    assert "\n\n```text\n==> requirements.in <==\nclick<8\n==> requirements.txt <==\n" in tested


@pytest.mark.parametrize(
    ("heading", "fragment"),
    [
        ("RH101 home-folder-path", "rh101-home-folder-path"),
        ("Why is this bad?", "why-is-this-bad"),
        ("a_b & c", "a_b--c"),
    ],
)
def test_anchor_follows_github(heading, fragment):
    assert anchor(heading) == fragment


def test_explain_is_a_command_not_a_hook(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert re.search(r"^ +explain +\S", capsys.readouterr().out, re.MULTILINE)
    assert "explain" not in HOOK_PACKAGES
    assert "explain" not in (ROOT / ".pre-commit-hooks.yaml").read_text()


def test_help_imports_no_check_module():
    probe = (
        "import contextlib, io, sys\n"
        "from repro_hooks.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('repro_hooks.hooks.')"
        " and not m.endswith(('.rules', 'hooks.' + m.split('.')[2]))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


@pytest.mark.parametrize("columns", [50, 120])
def test_help_is_wrapped_to_the_terminal_width(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = capsys.readouterr().out
    lines = text[text.index("\noptions:") :].splitlines()  # usage words are never split
    assert max(len(line) for line in lines) <= columns - 2
    assert max(len(line) for line in lines) > columns - 20


def test_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "repro_hooks", "explain", "RH201"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("# RH201 known-token-format\n\nReported by: `inline-secrets`\n")
