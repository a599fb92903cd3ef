"""A line-at-a-time Python lexer that knows only what a line starts inside of.

Enough to tell where statements start without parsing: IPython escapes are recognised
only there, and top-level statements are the blocks that are parsed on demand.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

_CONTINUATION_KEYWORDS = frozenset({"else", "elif", "except", "finally"})
_FIRST_WORD = re.compile(r"[^\s:]*")


@dataclass
class LexState:
    """Where a line starts: inside a string, inside brackets, after a backslash; and where
    the comment of the line last fed starts, if it has one."""

    quote: str | None = None
    depth: int = 0
    continued: bool = False
    deepest: int = 0  # the most brackets open at once so far
    comment: int | None = None  # the column of the last line's comment's "#"

    def at_statement_start(self) -> bool:
        return self.quote is None and self.depth == 0 and not self.continued

    def feed(self, line: str) -> None:
        """Move past ``line``, jumping from one character that matters to the next."""
        i, n = 0, len(line)
        self.continued = False
        self.comment = None
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
                self.comment = i
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


class StatementBlocks:
    """The top-level statements of a text, as line-index ranges ``(start, end)``: a
    decorator goes with its definition, ``else``/``except`` with their statement, leading
    comments with the first statement. Lexed lazily, only as far as the last line asked
    about: a check that wants the imports at the top of a long module lexes the top."""

    def __init__(self, lines: list[str]) -> None:
        self._count = len(lines)
        self._starts = [0]
        self._pending = _statement_starts(lines)
        self._exhausted = False

    def holding(self, index: int) -> tuple[int, int]:
        """The block that holds line ``index`` (0-based, within the text)."""
        while not self._exhausted and self._starts[-1] <= index:
            self._lex_next()
        position = bisect_right(self._starts, index) - 1
        return self._block(position)

    def every(self) -> list[tuple[int, int]]:
        while not self._exhausted:
            self._lex_next()
        return [self._block(position) for position in range(len(self._starts))]

    def _block(self, position: int) -> tuple[int, int]:
        last = position + 1 == len(self._starts)
        return self._starts[position], self._count if last else self._starts[position + 1]

    def _lex_next(self) -> None:
        start = next(self._pending, None)
        if start is None:
            self._exhausted = True
        else:
            self._starts.append(start)


def _statement_starts(lines: list[str]) -> Iterator[int]:
    """The indexes of the lines after the first that start a top-level statement."""
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
                continues = word is not None and word[0] in _CONTINUATION_KEYWORDS
                if index and not joins_next and not continues:
                    yield index
                joins_next = stripped.startswith("@")
        state.feed(line)
