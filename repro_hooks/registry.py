"""The hooks: one line per hook, each naming the package that holds its ``HOOK`` record.

The order is the order of ``--help``, the docs and ``.pre-commit-hooks.yaml``; no code
number depends on it (each record writes its prefix out). A package is imported only when
its hook is needed, so one hook's run never imports another's.
"""

from __future__ import annotations

import functools
import importlib

from repro_hooks.core.config import Schema
from repro_hooks.core.rule import SUITE_RULES, Rule
from repro_hooks.engine.hook import Hook

HOOK_PACKAGES: dict[str, str] = {
    "absolute-paths": "repro_hooks.hooks.absolute_paths",
    "inline-secrets": "repro_hooks.hooks.inline_secrets",
    "requirements-current": "repro_hooks.hooks.requirements_current",
    "gitignore": "repro_hooks.hooks.gitignore",
    "declared-imports": "repro_hooks.hooks.declared_imports",
    "notebook-order": "repro_hooks.hooks.notebook_order",
}


@functools.cache
def hook(hook_id: str) -> Hook:
    record = importlib.import_module(HOOK_PACKAGES[hook_id]).HOOK
    assert isinstance(record, Hook) and record.id == hook_id, HOOK_PACKAGES[hook_id]
    return record


def hooks() -> tuple[Hook, ...]:
    return tuple(hook(hook_id) for hook_id in HOOK_PACKAGES)


def schemas() -> tuple[Schema, ...]:
    """What the configuration needs to know of every hook."""
    return tuple(record.schema for record in hooks())


@functools.cache
def all_rules() -> dict[str, Rule]:
    """Every rule by code, in code order: the suite's own and every hook's."""
    rules = [*SUITE_RULES, *(rule for record in hooks() for rule in record.rules)]
    return {rule.code: rule for rule in sorted(rules, key=lambda rule: rule.code)}


def rule_hooks() -> dict[str, str]:
    """Code -> the id of the hook that reports it; the suite's own codes are absent."""
    return {rule.code: record.id for record in hooks() for rule in record.rules}


def suite_codes() -> tuple[str, ...]:
    return tuple(rule.code for rule in SUITE_RULES)
