"""String literals of code that no parser accepts (Python 2 ``print "x"``, a typo): a
character-level scan with the context one line can give (:mod:`tree_sites` gives the full
context of code that parses)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from repro_hooks.sources.sites import StringSite

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
            raw=literal,
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
