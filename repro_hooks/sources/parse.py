"""libcst parsing, imported only when a unit is parsed (it costs ~0.15 s to import).

A statement nested deeper than :data:`MAX_DEPTH` is not analysed: libcst's parser crashes
the process on a few thousand nested brackets, and its tree walks exceed Python's
recursion limit on a few hundred (a long implicit string concatenation). Such a
statement raises :class:`TooDeep` and is reported on its own; the rest of the file is
checked.
"""

from __future__ import annotations

import libcst
import libcst.metadata

from repro_hooks.sources.lexing import LexState

# Nesting levels (brackets before parsing, tree nodes after): far beyond written code, well
# inside what libcst and Python's recursion limit can walk.
MAX_DEPTH = 200
_FIXED_LEVELS = 20  # module, statement line, statement, expression wrappers


class TooDeep(Exception):
    """A statement nested more than :data:`MAX_DEPTH` levels deep."""


def parse_python(python: str) -> libcst.metadata.MetadataWrapper | None:
    """The tree of ``python``, ``None`` when it does not parse; raises :class:`TooDeep`."""
    state = LexState()
    for line in python.split("\n"):
        state.feed(line)
        if state.deepest > MAX_DEPTH:
            raise TooDeep
    try:
        module = libcst.parse_module(python)
    except (libcst.ParserSyntaxError, RecursionError, ValueError):
        return None
    # Every level of nesting takes at least one character (a bracket, an operator, a
    # string piece), past a few fixed levels: a short statement cannot be too deep.
    if len(python) > MAX_DEPTH - _FIXED_LEVELS and _deeper_than(module, MAX_DEPTH):
        raise TooDeep
    return libcst.metadata.MetadataWrapper(module, unsafe_skip_copy=True)


def _deeper_than(module: libcst.Module, limit: int) -> bool:
    """Whether the tree nests more than ``limit`` nodes deep (walked without recursion)."""
    pending: list[tuple[libcst.CSTNode, int]] = [(module, 0)]
    while pending:
        node, depth = pending.pop()
        if depth > limit:
            return True
        pending += [(child, depth + 1) for child in node.children]
    return False
