"""Split shell text into words with their positions, the way a POSIX shell quotes.

Operators (``;``, ``|``, ``&``, ``<``, ``>``, parentheses) end a word and are dropped, so
``2>/dev/null`` yields ``/dev/null``; ``{var}`` and ``$var`` stay inside words, since
IPython expands them at run time.
"""

from __future__ import annotations

from collections.abc import Sequence

from repro_hooks.sources.units import Word

_OPERATORS = frozenset(";|&<>()")


def shell_words(text: str, positions: Sequence[tuple[int, int]]) -> tuple[Word, ...]:
    """Words of ``text``; ``positions[i]`` is the (line, column) of ``text[i]``."""
    words: list[Word] = []
    value: list[str] = []
    start: int | None = None
    i, n = 0, len(text)

    def flush(end: int) -> None:
        nonlocal start
        if start is not None:
            line, column = positions[start]
            words.append(Word("".join(value), text[start:end], line, column))
        value.clear()
        start = None

    while i < n:
        char = text[i]
        if char.isspace() or char in _OPERATORS or text.startswith("\\\n", i):
            # a backslash-newline continues the command: it separates words like a space
            flush(i)
            i += 2 if char == "\\" else 1
            continue
        if start is None:
            start = i
        if char == "'":
            end = text.find("'", i + 1)
            end = n if end < 0 else end
            value.append(text[i + 1 : end])
            i = end + 1
        elif char == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\" and i + 1 < n and text[i + 1] in '"\\$`':
                    i += 1
                value.append(text[i])
                i += 1
            i += 1
        elif char == "\\" and i + 1 < n:
            value.append(text[i + 1])
            i += 2
        else:
            value.append(char)
            i += 1
    flush(n)
    return tuple(words)
