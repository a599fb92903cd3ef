"""Every rule's examples, run through its hook (Fixit's VALID/INVALID): each ``invalid``
example is reported with the rule's code, no ``valid`` one is. The same examples are the
rule's docs, so docs and behaviour cannot drift apart.

An example is a file at the root of a git work tree, tracked; one that starts with
``# pyproject.toml: key = value`` runs with that setting of its hook."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from repro_hooks.cli import main
from repro_hooks.registry import hooks

CASES = [
    pytest.param(record.id, rule.code, text, verdict, id=f"{rule.code}-{verdict}-{index}")
    for record in hooks()
    for rule in record.rules
    for verdict, texts in (("invalid", rule.invalid), ("valid", rule.valid))
    for index, text in enumerate(texts)
]


@pytest.mark.parametrize(("hook_id", "code", "text", "verdict"), CASES)
def test_rule_example(
    hook_id: str,
    code: str,
    text: str,
    verdict: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (record,) = [record for record in hooks() if record.id == hook_id]
    files = record.example_tree(text)
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    setting = re.match(r"# pyproject\.toml: (.+)\n", text)
    if setting:
        table = f"[tool.repro-hooks.{hook_id}]\n{setting[1]}\n"
        (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    monkeypatch.chdir(tmp_path)
    status = main([hook_id, "--format", "json", *files])
    reported = {finding["code"] for finding in json.loads(capsys.readouterr().out)}
    if verdict == "invalid":
        assert code in reported and status == 1
    else:
        assert code not in reported


def test_source_hook_rules_carry_examples() -> None:
    """At least most rules of the hooks that read code show both kinds of example."""
    rules = [rule for record in hooks() if record.scope == "sources" for rule in record.rules]
    with_examples = [rule for rule in rules if rule.valid and rule.invalid]
    assert len(with_examples) >= 0.8 * len(rules)
