"""A line-at-a-time Python lexer that knows only what a line starts inside of.

Enough to tell where statements start without parsing: IPython escapes are recognised
only there, and top-level statements are the blocks that are parsed on demand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTINUATION_KEYWORDS = frozenset({"else", "elif", "except", "finally"})
_FIRST_WORD = re.compile(r"[^\s:]*")


@dataclass
class LexState:
    """Where a line starts: inside a string, inside brackets, after a backslash."""

    quote: str | None = None
    depth: int = 0
    continued: bool = False
    deepest: int = 0  # the most brackets open at once so far

    def at_statement_start(self) -> bool:
        return self.quote is None and self.depth == 0 and not self.continued

    def feed(self, line: str) -> None:
        """Move past ``line``, jumping from one character that matters to the next."""
        i, n = 0, len(line)
        self.continued = False
        while i < n:
            if self.quote is not None:
                found = _INSIDE[self.quote].search(line, i)
                if found is None:
                    break
                if found[0] == "\\":
                    i = found.start() + 2
                else:
                    i = found.end()
                    self.quote = None
                continue
            found = _OUTSIDE.search(line, i)
            if found is None:
                break
            i, char = found.start(), found[0]
            if char == "#":
                break
            if char in "([{":
                self.depth += 1
                self.deepest = max(self.deepest, self.depth)
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            elif char in "'\"":
                self.quote = char * 3 if line.startswith(char * 3, i) else char
                i += len(self.quote)
                continue
            elif i == n - 1:  # a backslash ending the line
                self.continued = True
            i += 1
        if self.quote is not None and len(self.quote) == 1 and not line.endswith("\\"):
            self.quote = None  # an unterminated one-line string: a syntax error, not ours


# The characters that change where a line is, outside and inside each kind of string.
_OUTSIDE = re.compile(r"[#()\[\]{}'\"\\]")
_INSIDE = {quote: re.compile(r"\\|" + quote) for quote in ("'", '"', "'''", '"""')}


def top_level_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` line-index ranges of top-level statements, decorators with their
    definition and ``else``/``except`` branches with their statement."""
    starts: list[int] = []
    state = LexState()
    joins_next = False
    for index, line in enumerate(lines):
        if (
            line
            and line[0] not in " \t#"
            and state.quote is None
            and not state.depth
            and not state.continued
        ):
            stripped = line.lstrip()
            if stripped and not stripped.startswith("#"):
                word = _FIRST_WORD.match(stripped)
                if not joins_next and (word is None or word[0] not in _CONTINUATION_KEYWORDS):
                    starts.append(index)
                joins_next = stripped.startswith("@")
        state.feed(line)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))
