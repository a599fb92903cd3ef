"""Concrete syntax trees (libcst) for the analyses that follow values through code, such
as absolute-paths' home-folder data-flow. String sites do not need them (they come from
the standard library's parser); this module is imported only when such an analysis runs,
as libcst costs ~0.15 s to import and far more than :mod:`ast` to parse.

A statement nested deeper than :data:`~repro_hooks.sources.parse.MAX_DEPTH` raises
:class:`~repro_hooks.sources.parse.TooDeep`: libcst's parser crashes the process on a few
thousand nested brackets, and its tree walks exceed Python's recursion limit on a few
hundred (a long implicit string concatenation).
"""

from __future__ import annotations

import ast

import libcst as cst
import libcst.metadata

from repro_hooks.sources.lexing import LexState
from repro_hooks.sources.parse import MAX_DEPTH, TooDeep

_FIXED_LEVELS = 20  # module, statement line, statement, expression wrappers


def parse_cst(python: str) -> libcst.metadata.MetadataWrapper | None:
    """The concrete tree of ``python``, ``None`` when it does not parse; raises
    :class:`TooDeep`."""
    state = LexState()
    for line in python.split("\n"):
        state.feed(line)
        if state.deepest > MAX_DEPTH:
            raise TooDeep
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


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``os.path.join`` for an attribute chain, ``df.to_csv`` for ``df.to_csv``; ``None``
    for anything more complex (a call result is kept as its callee: ``Path(x).open``)."""
    parts: list[str] = []
    while True:
        if isinstance(node, cst.Name):
            parts.append(node.value)
            return ".".join(reversed(parts))
        if isinstance(node, cst.Attribute):
            parts.append(node.attr.value)
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Subscript):
            node = node.value
        else:
            return ".".join(reversed(parts)) if parts else None


def _string_value(node: cst.SimpleString) -> str | None:
    try:
        value = node.evaluated_value
    except (ValueError, SyntaxError):
        return None
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def _fstring_value(node: cst.FormattedString) -> str:
    prefix = "".join(c for c in node.prefix if c.lower() != "f")
    quote = node.start[len(node.prefix) :]
    pieces: list[str] = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            try:
                text = ast.literal_eval(f"{prefix}{quote}{part.value}{quote}")
            except (ValueError, SyntaxError):
                text = part.value
            pieces.append(str(text).replace("{{", "{").replace("}}", "}"))
        else:
            pieces.append("{}")
    return "".join(pieces)


def literal_value(node: cst.BaseExpression) -> str | None:
    """The decoded value of a string literal node, or ``None`` if it is not one."""
    if isinstance(node, cst.SimpleString):
        return _string_value(node)
    if isinstance(node, cst.FormattedString):
        return _fstring_value(node)
    if isinstance(node, cst.ConcatenatedString):
        left, right = literal_value(node.left), literal_value(node.right)
        return None if left is None or right is None else left + right
    return None


