"""Rule documentation: every code a hook can report, in ruff's rule-doc shape.

Each check module declares ``RULES``; ``repro-hooks explain`` and ``docs/rules.md`` are
generated from them, so a code cannot exist without its documentation.
"""

from __future__ import annotations

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
