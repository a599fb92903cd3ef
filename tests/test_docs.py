"""Every hook id is in the README and the hook manifest; every code has its doc."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from repro_hooks.hooks import HOOK_MODULES

ROOT = Path(__file__).resolve().parents[1]
CHECK_MODULES = [module.replace(".hooks.", ".checks.") for module in HOOK_MODULES.values()]


@pytest.mark.parametrize("hook_id", HOOK_MODULES)
def test_hook_id_in_readme_and_manifest(hook_id):
    assert f"`{hook_id}`" in (ROOT / "README.md").read_text()
    assert f"- id: {hook_id}\n" in (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert (ROOT / "docs" / "hooks" / f"{hook_id}.md").is_file()


@pytest.mark.parametrize("module", CHECK_MODULES)
def test_every_rule_is_documented(module):
    rules = importlib.import_module(module).RULES
    assert rules
    for rule in rules:
        assert re.fullmatch(r"RH\d{3}", rule.code)
        assert all([rule.name, rule.what, rule.why, rule.example, rule.instead]), rule.code


def test_codes_are_unique_across_hooks():
    codes = [r.code for m in CHECK_MODULES for r in importlib.import_module(m).RULES]
    assert len(codes) == len(set(codes))
