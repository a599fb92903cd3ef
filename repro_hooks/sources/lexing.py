"""A line-at-a-time Python lexer that knows only what a line starts inside of.

Enough to tell where statements start without parsing: IPython escapes are recognised
only there, and top-level statements are the blocks that are parsed on demand.
"""

from __future__ import annotations

from dataclasses import dataclass

_CONTINUATION_KEYWORDS = ("else", "elif", "except", "finally")


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
        i, n = 0, len(line)
        self.continued = False
        while i < n:
            char = line[i]
            if self.quote is not None:
                if char == "\\":
                    i += 2
                    continue
                if line.startswith(self.quote, i):
                    i += len(self.quote)
                    self.quote = None
                    continue
                i += 1
                continue
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
            elif char == "\\" and i == n - 1:
                self.continued = True
            i += 1
        if self.quote is not None and len(self.quote) == 1 and not line.endswith("\\"):
            self.quote = None  # an unterminated one-line string: a syntax error, not ours


def top_level_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` line-index ranges of top-level statements, decorators with their
    definition and ``else``/``except`` branches with their statement."""
    starts: list[int] = []
    state = LexState()
    joins_next = False
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if (
            state.at_statement_start()
            and stripped
            and not stripped.startswith("#")
            and line[0] not in " \t"
        ):
            words = stripped.split(":", 1)[0].split(None, 1)  # none: the line starts with ':'
            word = words[0] if words else ""
            if not joins_next and word not in _CONTINUATION_KEYWORDS:
                starts.append(index)
            joins_next = stripped.startswith("@")
        state.feed(line)
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    ends = [*starts[1:], len(lines)]
    return list(zip(starts, ends, strict=True))
