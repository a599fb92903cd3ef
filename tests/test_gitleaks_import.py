"""scripts/import_gitleaks_rules.py: Go RE2 syntax becomes Python ``re`` with the same
meaning (a scoped ``(?i)`` keeps alternation as it was, a repeated group stops capturing)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "import_gitleaks_rules.py"
_spec = importlib.util.spec_from_file_location("import_gitleaks_rules", _SCRIPT)
assert _spec is not None and _spec.loader is not None
importer = importlib.util.module_from_spec(_spec)
sys.modules["import_gitleaks_rules"] = importer
_spec.loader.exec_module(importer)


@pytest.mark.parametrize(
    ("go", "python"),
    [
        (r"dp\.pt\.(?i)[a-z0-9]{43}", r"dp\.pt\.(?i:[a-z0-9]{43})"),
        (r"a(?i)b|c", r"a(?i:b)|(?i:c)"),
        (r"(x(?i)y|z)w", r"(x(?i:y)|(?i:z))w"),
        (r"(?i)abc", r"(?i)abc"),
        (r"abc\z", r"abc\Z"),
        (r"[[:alnum:]]{4}", r"[A-Za-z0-9]{4}"),
        (r"x-([a-z]{4}-){3}y", r"x-(?:[a-z]{4}-){3}y"),
        (r"\b(tok_[a-z]{8})" + importer._SUFFIX, None),  # gitleaks' end of a token
    ],
)
def test_go_to_python(go: str, python: str | None) -> None:
    converted = importer.go_to_python(go)
    if python is not None:
        assert converted == python
    else:  # a token's end also allows notebook punctuation: "&" in a URL query, ",", ")"
        assert re.search(converted, "https://x.example/?k=tok_abcdefgh&q=1")
        assert re.search(converted, "f(tok_abcdefgh, 2)")
        assert not re.search(converted, "tok_abcdefghij")


@pytest.mark.parametrize(
    ("go", "matching", "not_matching"),
    [
        (r"a(?i)b|c", ["aB", "C"], ["AB", "aC"]),
        (
            r"(?i)[a-z0-9]{14}\.(?-i:atlasv1)\.x",
            ["ABCDEFGHIJKLMN.atlasv1.X"],
            ["abcdefghijklmn.ATLASV1.x"],
        ),
    ],
)
def test_flags_keep_their_meaning(go: str, matching: list[str], not_matching: list[str]) -> None:
    pattern = re.compile(importer.go_to_python(go))
    assert all(pattern.fullmatch(text) for text in matching)
    assert not any(pattern.fullmatch(text) for text in not_matching)
