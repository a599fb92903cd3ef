"""Rule documentation: every code the suite can report, in ruff's rule-doc shape.

Each check module declares ``RULES``; the suite's own codes (unused suppressions, files
that could not be checked) are declared here. ``repro-hooks explain``, ``docs/rules.md``
and the SARIF rule table are generated from them, so a code cannot exist without its
documentation.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """``code`` (``RH101``), a kebab-case ``name``, and the four parts of its doc."""

    code: str
    name: str
    what: str
    why: str
    example: str
    instead: str


UNUSED_SUPPRESSION = "RH001"
UNREADABLE, NOT_A_NOTEBOOK, UNDECODABLE, INTERNAL_ERROR = "RH901", "RH902", "RH903", "RH999"

SUITE_RULES: tuple[Rule, ...] = (
    Rule(
        UNUSED_SUPPRESSION,
        "unused-suppression",
        "A `# repro: ignore[...]` comment or a `repro-ignore` cell tag that suppresses "
        "nothing: its code is not reported on that line or cell, or is not a code at all.",
        "A stale suppression hides the next real problem on the same line, and readers "
        "cannot tell which exemptions still matter.",
        "df = pd.read_csv('data/train.csv')  # repro: ignore[RH101]",
        "df = pd.read_csv('data/train.csv')",
    ),
    Rule(
        UNREADABLE,
        "unreadable-file",
        "A file that could not be opened or read at all (missing, a folder, no permission).",
        "A file the hooks cannot read is a file they cannot vouch for.",
        "a broken symbolic link staged as `data_loader.py`",
        "Commit the file itself, or fix its permissions.",
    ),
    Rule(
        NOT_A_NOTEBOOK,
        "not-a-notebook",
        "An `.ipynb` file that is not a Jupyter notebook: invalid JSON (a merge conflict "
        "left in it, a truncated save) or JSON without a list of cells.",
        "Jupyter cannot open it, so nobody can re-run it.",
        "analysis.ipynb with `<<<<<<< HEAD` lines from a merge",
        "Resolve the conflict with `nbdime mergetool`, or re-save the notebook from Jupyter.",
    ),
    Rule(
        UNDECODABLE,
        "undecodable-file",
        "A file whose bytes are not valid in its declared or default encoding (UTF-8).",
        "Python and Jupyter cannot read it either, on any machine.",
        "a Latin-1 `.py` file without a `# -*- coding: latin-1 -*-` line",
        "Re-save the file as UTF-8.",
    ),
    Rule(
        INTERNAL_ERROR,
        "not-checked",
        "A file the checks could not finish (nested too deeply to analyse).",
        "The file was not checked, so a problem in it may go unnoticed.",
        "a generated module with thousands of nested brackets",
        "Exclude generated files in `[tool.repro-hooks]` or report the file to repro-hooks.",
    ),
)

CHECK_MODULES = (
    "repro_hooks.checks.absolute_paths",
    "repro_hooks.checks.inline_secrets",
    "repro_hooks.checks.requirements_current",
    "repro_hooks.checks.gitignore",
)


@functools.cache
def all_rules() -> dict[str, Rule]:
    """Every rule by code, in code order (imports the check modules)."""
    rules = [*SUITE_RULES]
    for module in CHECK_MODULES:
        rules.extend(importlib.import_module(module).RULES)
    return {rule.code: rule for rule in sorted(rules, key=lambda rule: rule.code)}
