"""Concrete syntax trees (libcst) for rewriting code with ``--fix``, which must keep every
character it does not change. Finding needs none of them (string sites and data-flow come
from the standard library's parser); this module is imported only when a fix runs, as
libcst costs ~0.15 s to import and far more than :mod:`ast` to parse.

A statement nested deeper than :data:`~repro_hooks.sources.parse.MAX_DEPTH` raises
:class:`~repro_hooks.sources.parse.TooDeep`: libcst's parser crashes the process on a few
thousand nested brackets, and its tree walks exceed Python's recursion limit on a few
hundred (a long implicit string concatenation).
"""

from __future__ import annotations

import libcst as cst
import libcst.metadata

from repro_hooks.sources.parse import MAX_DEPTH, TooDeep, refuse_too_deep

_FIXED_LEVELS = 20  # module, statement line, statement, expression wrappers


def parse_cst(python: str) -> libcst.metadata.MetadataWrapper | None:
    """The concrete tree of ``python``, ``None`` when it does not parse; raises
    :class:`TooDeep`."""
    refuse_too_deep(python)
    try:
        module = cst.parse_module(python)
    except (cst.ParserSyntaxError, RecursionError, ValueError):
        return None
    # Every level of nesting takes at least one character (a bracket, an operator, a
    # string piece), past a few fixed levels: a short statement cannot be too deep.
    if len(python) > MAX_DEPTH - _FIXED_LEVELS and _deeper_than(module, MAX_DEPTH):
        raise TooDeep
    return libcst.metadata.MetadataWrapper(module, unsafe_skip_copy=True)


def _deeper_than(module: cst.Module, limit: int) -> bool:
    """Whether the tree nests more than ``limit`` nodes deep (walked without recursion)."""
    pending: list[tuple[cst.CSTNode, int]] = [(module, 0)]
    while pending:
        node, depth = pending.pop()
        if depth > limit:
            return True
        pending += [(child, depth + 1) for child in node.children]
    return False
