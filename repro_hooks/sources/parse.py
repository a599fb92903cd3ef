"""Parsing one statement of Python with the standard library's parser, exact and fast.

A statement nested deeper than :data:`MAX_DEPTH` is not analysed: brackets that deep make
parsers fail or crash (CPython's stops at 200), and a chain of operators that deep exhausts
the parser's recursion. Such a statement raises :class:`TooDeep`, is checked line by line
and reported on its own; the rest of the file is checked.
"""

from __future__ import annotations

import ast
import warnings

from repro_hooks.sources.lexing import LexState

# Brackets open at once: far beyond written code.
MAX_DEPTH = 200


class TooDeep(Exception):
    """A statement nested more than :data:`MAX_DEPTH` levels deep."""


def refuse_too_deep(python: str) -> None:
    """Raise :class:`TooDeep` if ``python`` opens more than :data:`MAX_DEPTH` brackets at
    once: checked before any parser sees it."""
    # Each bracket open at once is a character of its own: counting them all (in strings
    # too) bounds the depth at C speed, and only a text past the bound is lexed.
    opening = python.count("(") + python.count("[") + python.count("{")
    if opening > MAX_DEPTH:
        state = LexState()
        for line in python.split("\n"):
            state.feed(line)
            if state.deepest > MAX_DEPTH:
                raise TooDeep


def parse_python(python: str) -> ast.Module | None:
    """The tree of ``python``, ``None`` when it does not parse; raises :class:`TooDeep`."""
    refuse_too_deep(python)
    try:
        with warnings.catch_warnings():
            # '\d' in a user's string is their business, not a line on our stderr.
            warnings.simplefilter("ignore")
            return ast.parse(python)
    except (RecursionError, MemoryError):
        raise TooDeep from None
    except (SyntaxError, ValueError):
        return None
