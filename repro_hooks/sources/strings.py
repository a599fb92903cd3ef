"""Every string literal of a code unit, with the context that decides what it means.

Shared by the hooks that judge string values (paths, secrets). Context comes from the
syntax tree (:mod:`tree_sites`): what the string is assigned or passed to, whether it heads
a path built with ``+``, ``%``, ``/``, ``os.path.join`` or an f-string, whether it is a
docstring, a decorator argument or a comparison operand. A statement that does not parse
is scanned by :func:`fallback_sites`, with the context one line can give.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from repro_hooks.sources.sites import StringSite
from repro_hooks.sources.units import CodeUnit


def string_sites(unit: CodeUnit, lines: Iterable[int] | None = None) -> Iterator[StringSite]:
    """String literals of ``unit.python``: of the top-level statements holding ``lines``
    (1-based), or of every statement when ``lines`` is ``None``. Each statement is parsed
    once, on its own, so a unit with one candidate line parses one statement."""
    for offset, text, tree in unit.syntax_trees(lines):
        if tree is None:
            from repro_hooks.sources.literals import fallback_sites

            for site in fallback_sites(text):
                yield replace(site, line=site.line + offset) if offset else site
        else:
            from repro_hooks.sources.tree_sites import tree_sites

            # A notebook cell that starts with a string displays it: that is no docstring.
            docstring = unit.cell is None and offset == 0
            yield from tree_sites(tree, text, module_docstring=docstring, line_offset=offset)
