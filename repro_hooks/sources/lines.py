"""Where a text's lines start, so that an offset becomes a line and column by bisection:
the one way the source layer and the hooks place a match found in a whole text."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate


class LineTable:
    """The offset of each line's start in one text (lines end with ``\\n``)."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]

    def line(self, offset: int) -> int:
        """The 1-based line holding ``offset``."""
        return bisect_right(self._starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of ``offset``."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def char_column(line: str, byte_offset: int) -> int:
    """The 0-based character column of UTF-8 ``byte_offset`` on ``line``: the standard
    library's parser counts columns in bytes, the user's editor in characters."""
    if line.isascii():
        return byte_offset
    return len(line.encode()[:byte_offset].decode("utf-8", "replace"))
