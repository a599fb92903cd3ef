"""Parsing one block of Python: the standard library's parser, exact and fast."""

from __future__ import annotations

import ast


def parse_python(python: str) -> ast.Module | None:
    """The block's tree, or ``None`` when Python cannot parse it (Python 2, a typo)."""
    try:
        return ast.parse(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
