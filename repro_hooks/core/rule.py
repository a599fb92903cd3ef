"""A rule: one code the suite can report, documented in ruff's rule-doc shape.

Each hook package declares its ``RULES``; the suite's own codes (unused suppressions,
files that could not be checked) are declared here. ``repro-hooks explain``,
``docs/rules.md`` and the SARIF rule table are generated from them, so a code cannot exist
without its documentation. As in Fixit, a rule carries ``valid`` and ``invalid`` examples:
they are its tests (``tests/test_rule_examples.py``) as well as its docs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """``code`` (``RH101``), a kebab-case ``name``, the four parts of its doc, and
    examples a test runs through the hook: each of ``invalid`` must be reported with
    this code, none of ``valid`` may be. ``fixable``: the hook's ``--fix`` repairs it."""

    code: str
    name: str
    what: str
    why: str
    example: str
    instead: str
    valid: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    fixable: bool = False


UNUSED_SUPPRESSION = "RH001"
UNREADABLE, NOT_A_NOTEBOOK, UNDECODABLE = "RH901", "RH902", "RH903"
OTHER_LANGUAGE, MALFORMED_NOTEBOOK, INTERNAL_ERROR = "RH904", "RH905", "RH999"
# Codes any hook can report: the suite's own, not one hook's.
SUITE_PREFIXES = ("RH0", "RH9")

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
        OTHER_LANGUAGE,
        "not-a-python-notebook",
        "A notebook whose kernel runs another language (R, Julia, ...): the hooks read "
        "Python only, so its cells were not checked.",
        "A notebook that was not checked may hold any of the problems the hooks block; "
        "saying so once is better than passing it in silence.",
        "analysis.ipynb with the kernel `ir` (language R)",
        "Exclude the notebook in `[tool.repro-hooks]`, or disable RH904 if the project "
        "keeps notebooks in other languages on purpose.",
    ),
    Rule(
        MALFORMED_NOTEBOOK,
        "malformed-notebook",
        "A notebook field of a shape or type that notebook format 4 does not allow (an "
        "error output whose `traceback` is a number, a cell `source` that is not text): "
        "that cell, output or field was skipped, and the rest of the notebook was checked.",
        "Jupyter may refuse the notebook or lose the field, and the part that was skipped "
        "may hold any of the problems the hooks block.",
        '{"output_type": "error", "ename": "KeyError", "evalue": "x", "traceback": 5}',
        '{"output_type": "error", "ename": "KeyError", "evalue": "x", "traceback": []}',
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
