"""Every string literal of a code unit, with the context that decides what it means.

Shared by the hooks that judge string values (paths, secrets). Context comes from the
syntax tree (:mod:`tree_sites`): what the string is assigned or passed to, whether it heads
a path built with ``+``, ``%``, ``/``, ``os.path.join`` or an f-string, whether it is a
docstring, a decorator argument or a comparison operand. A statement that does not parse
is scanned by :func:`fallback_sites`, with the context one line can give.

The plainest statement of all, a call given one string on a line of its own
(``df = pd.read_csv('data/x.csv')``), is read as written: it is the commonest line of a
notebook, and what the parser would say of it is known (a test holds the two to each
other).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import replace
from keyword import iskeyword

from repro_hooks.core.lazy import LazyRegex
from repro_hooks.sources.sites import StringSite
from repro_hooks.sources.units import CodeUnit

_DOTTED = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
# ``[target =] dotted.call('one plain string')  # comment``: no escape, no other quote.
_PLAIN_CALL = LazyRegex(
    rf"(?:(?P<target>{_DOTTED})[ \t]*=[ \t]*)?(?P<call>{_DOTTED})[ \t]*\([ \t]*"
    r"(?P<raw>[rRuU]?(?P<quote>['\"])(?P<value>[^'\"\\\n]*)(?P=quote))[ \t]*\)[ \t]*(?:#.*)?"
)


def string_sites(unit: CodeUnit, lines: Iterable[int] | None = None) -> Iterator[StringSite]:
    """String literals of ``unit.python``: of the top-level statements holding ``lines``
    (1-based), or of every statement when ``lines`` is ``None``, in the order written.
    Each statement is parsed once, on its own, so a unit with one candidate line parses
    one statement; a plain call statement is not parsed at all."""
    if lines is None:
        return _parsed_sites(unit, None)
    plain: list[StringSite] = []
    to_parse: set[int] = set()
    for line in lines:
        site = _plain_call_site(unit, line)
        if site is None:
            to_parse.add(line)
        else:
            plain.append(site)
    plain.sort(key=_position)
    if not to_parse:
        return iter(plain)
    if not plain:
        return _parsed_sites(unit, to_parse)
    return heapq.merge(plain, _parsed_sites(unit, to_parse), key=_position)


def _position(site: StringSite) -> tuple[int, int]:
    return site.line, site.column


def _plain_call_site(unit: CodeUnit, line: int) -> StringSite | None:
    """The one string of line ``line`` if the line is a whole top-level statement that
    calls a name with that string alone, as the parser's tree would give it; else
    ``None``."""
    python = unit.python_lines
    if not 0 < line <= len(python):
        return None
    match = _PLAIN_CALL.fullmatch(python[line - 1])
    if match is None or unit.statement_lines(line) != range(line, line + 1):
        return None
    names = (match["target"] or "").split(".") + match["call"].split(".")
    if any(iskeyword(name) for name in names):
        return None  # "None = f('x')", "if('x')": syntax errors, read as such
    raw = match["raw"]
    return StringSite(
        match["value"],
        line,
        match.start("raw") + 1,
        raw=raw,
        call=match["call"],
        argument=0,
        call_arguments=(raw,),
    )


def _parsed_sites(unit: CodeUnit, lines: Iterable[int] | None) -> Iterator[StringSite]:
    wanted = None if lines is None else sorted(set(lines))
    for offset, text, tree in unit.syntax_trees(wanted):
        if tree is None:
            from repro_hooks.sources.literals import fallback_sites

            for site in fallback_sites(text):
                yield replace(site, line=site.line + offset) if offset else site
        else:
            from repro_hooks.sources.tree_sites import tree_sites

            # A notebook cell that starts with a string displays it: that is no docstring.
            docstring = unit.cell is None and offset == 0
            yield from tree_sites(tree, text, docstring, offset, wanted)
