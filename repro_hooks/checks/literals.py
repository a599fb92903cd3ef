"""Every string literal of a code unit, with the context that decides what it means.

Shared by the checks that judge string values (paths, secrets). Context comes from the
libcst tree: what the string is assigned or passed to, whether it heads a path built with
``+``, ``%``, ``/``, ``os.path.join`` or an f-string, whether it is a docstring, a decorator
argument or a comparison operand. A unit that does not parse is scanned by
:func:`fallback_sites`, a tokenizer-level scan with the context one line can give.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from repro_hooks.sources import CodeUnit


@dataclass(frozen=True)
class StringSite:
    """One string literal (implicitly concatenated parts count as one).

    ``value`` is decoded; in an f-string each ``{expression}`` reads ``{}``. ``is_head`` is
    false when the string is appended to something else (``data_dir + '/train'``,
    ``os.path.join(root, '/x')``, an f-string that starts with an expression). ``name`` is
    what the value is given to: an assignment target's last part, a keyword, a dict key, a
    parameter, ``os.environ['X']``'s key. ``call`` is the dotted name of the call it is an
    argument of (through ``+``, ``%``, joins and method calls on the string), and
    ``call_keywords`` that call's keyword arguments as source text.
    """

    value: str
    line: int
    column: int
    is_fstring: bool = False
    is_head: bool = True
    name: str | None = None
    target: str | None = None
    call: str | None = None
    keyword: str | None = None
    argument_index: int | None = None
    call_keywords: tuple[tuple[str, str], ...] = ()
    in_comparison: bool = False
    is_docstring: bool = False
    in_decorator: bool = False
    is_subscript: bool = False

    def call_keyword(self, keyword: str) -> str | None:
        return dict(self.call_keywords).get(keyword)


def string_sites(unit: CodeUnit, lines: Iterable[int] | None = None) -> Iterator[StringSite]:
    """String literals of ``unit.python`` (only of the top-level statements holding
    ``lines``, if given), from the tree, or by tokens where it won't parse."""
    blocks = [(0, unit.python, unit.syntax_tree)] if lines is None else unit.syntax_trees(lines)
    for offset, text, wrapper in blocks:
        if wrapper is None:
            sites: Iterable[StringSite] = fallback_sites(text)
        else:
            from repro_hooks.checks.tree_context import tree_sites  # imports libcst

            # A notebook cell that starts with a string displays it: that is no docstring.
            sites = tree_sites(wrapper, module_docstring=unit.cell is None and offset == 0)
        for site in sites:
            yield replace(site, line=site.line + offset) if offset else site


# -- the token-level fallback -------------------------------------------------------------
_QUOTE_OR_COMMENT = re.compile(r"""(?P<prefix>\b[rRbBuUfF]{1,2})?(?P<quote>'''|\"\"\"|'|")|#""")
_NAME_BEFORE = re.compile(r"""(?:(?P<name>[A-Za-z_]\w*)\s*=|["'](?P<key>\w+)["']\s*:)\s*$""")
_CALL_BEFORE = re.compile(r"(?P<call>[A-Za-z_][\w.]*)\s*\(\s*$")


def fallback_sites(python: str) -> Iterator[StringSite]:
    """String literals found by scanning characters, for code no parser accepts
    (Python 2 ``print "x"``, a typo); context is what the same line shows before it."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", python)]
    position = 0
    while True:
        match = _QUOTE_OR_COMMENT.search(python, position)
        if match is None:
            return
        if match[0] == "#":
            newline = python.find("\n", match.end())
            position = len(python) if newline < 0 else newline
            continue
        quote = match["quote"]
        end = _closing_quote(python, match.end(), quote)
        literal = python[match.start() : end]
        position = end
        prefix = (match["prefix"] or "").lower()
        line = _line_of(line_starts, match.start())
        line_start = line_starts[line - 1]
        before = python[line_start : match.start()]
        value = _fallback_value(literal, prefix, quote)
        name_match = _NAME_BEFORE.search(before)
        call_match = _CALL_BEFORE.search(before)
        yield StringSite(
            value=value,
            line=line,
            column=match.start() - line_start + 1,
            is_fstring="f" in prefix,
            is_head=not before.rstrip().endswith(("+", "%", "/")),
            name=(name_match["name"] or name_match["key"]) if name_match else None,
            call=call_match["call"] if call_match else None,
        )


def _closing_quote(text: str, start: int, quote: str) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i + len(quote)
        if len(quote) == 1 and text[i] == "\n":
            return i
        i += 1
    return len(text)


def _line_of(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts)
    while low + 1 < high:
        middle = (low + high) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle
    return low + 1


def _fallback_value(literal: str, prefix: str, quote: str) -> str:
    body_prefix = prefix.replace("f", "").replace("u", "")
    body = literal[len(prefix) :]
    try:
        value = ast.literal_eval(body_prefix + body)
    except (ValueError, SyntaxError, MemoryError):
        inner = body[len(quote) :]
        return inner[: -len(quote)] if inner.endswith(quote) else inner
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return re.sub(r"\{[^{}]*\}", "{}", value) if "f" in prefix else str(value)
