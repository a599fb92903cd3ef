"""A string literal of a code unit, with the context that decides what it means, and the
one way to place a character of its value in the file.

A match found in a literal's decoded value (a path after an escaped ``\\n``, a token in the
third line of a triple-quoted string, the second piece of an implicit concatenation) is
reported where it is written: :meth:`StringSite.locate` maps the value's index to the
source by decoding the literal as written (:func:`value_offsets`).
"""

from __future__ import annotations

from dataclasses import dataclass

from repro_hooks.core.lazy import lazy

_SIMPLE_ESCAPES = frozenset("\\'\"abfnrtv")
_PREFIX_LETTERS = frozenset("rRbBuUfF")


@dataclass(frozen=True)
class StringSite:
    """One string literal (implicitly concatenated parts count as one).

    ``value`` is decoded; in an f-string each ``{expression}`` reads ``{}``. ``raw`` is the
    literal as written, starting at ``line:column``. ``is_head`` is false when the string
    is appended to something else (``data_dir + '/train'``, ``os.path.join(root, '/x')``,
    an f-string that starts with an expression). ``name`` is what the value is given to:
    an assignment target's last part, a keyword, a dict key, a parameter,
    ``os.environ['X']``'s key. ``call`` is the dotted name of the call it is an argument of
    (through ``+``, ``%``, joins and method calls on the string), ``keyword`` the keyword
    it is passed as or ``argument`` its position (0-based), ``call_keywords`` that call's
    keyword arguments and ``call_arguments`` its positional ones as source text, and
    ``then`` the method called on the call's result (``exists`` in
    ``Path('/x').exists()``).
    """

    value: str
    line: int
    column: int
    raw: str = ""
    is_fstring: bool = False
    is_head: bool = True
    name: str | None = None
    call: str | None = None
    keyword: str | None = None
    argument: int | None = None
    then: str | None = None
    call_keywords: tuple[tuple[str, str], ...] = ()
    call_arguments: tuple[str, ...] = ()
    in_comparison: bool = False
    is_docstring: bool = False
    in_decorator: bool = False

    @lazy
    def _offsets(self) -> list[int] | None:
        offsets = value_offsets(self.raw)
        return offsets if offsets is not None and len(offsets) == len(self.value) else None

    def locate(self, index: int) -> tuple[int, int]:
        """The 1-based line and column where ``value[index]`` is written; the literal's
        start when the value cannot be mapped back (an escape-built character)."""
        offsets = self._offsets
        if offsets is None or not 0 <= index < len(offsets):
            return self.line, self.column
        offset = offsets[index]
        newlines = self.raw.count("\n", 0, offset)
        if not newlines:
            return self.line, self.column + offset
        return self.line + newlines, offset - self.raw.rfind("\n", 0, offset)


def first_part_end(raw: str) -> int:
    """The index just past the closing quote of the first literal in ``raw`` (as written,
    prefix included), or -1 if ``raw`` does not start with a literal this reads."""
    i = 0
    while i < len(raw) and raw[i] in _PREFIX_LETTERS:
        i += 1
    prefix = raw[:i].lower()
    quote = raw[i : i + 3] if raw.startswith(('"""', "'''"), i) else raw[i : i + 1]
    if quote not in ('"', "'", '"""', "'''"):
        return -1
    return _part_offsets(raw, i + len(quote), quote, "r" in prefix, "f" in prefix, [])


def value_offsets(raw: str) -> list[int] | None:
    """For each character of the decoded value of the literal ``raw`` (as written, parts of
    an implicit concatenation included), its offset in ``raw``; ``None`` if ``raw`` is not
    a literal this reads. f-string holes read ``{}``, as in :attr:`StringSite.value`."""
    offsets: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        i = _skip_between_parts(raw, i)
        if i >= n:
            break
        start = i
        while i < n and raw[i] in _PREFIX_LETTERS:
            i += 1
        prefix = raw[start:i].lower()
        quote = raw[i : i + 3] if raw.startswith(('"""', "'''"), i) else raw[i : i + 1]
        if quote not in ('"', "'", '"""', "'''"):
            return None
        i += len(quote)
        i = _part_offsets(raw, i, quote, "r" in prefix, "f" in prefix, offsets)
        if i < 0:
            return None
    return offsets


def _skip_between_parts(raw: str, i: int) -> int:
    """Past white space, comments, parentheses and line continuations between parts."""
    n = len(raw)
    while i < n:
        if raw[i] in " \t\n\r\f()":
            i += 1
        elif raw[i] == "\\" and raw.startswith("\\\n", i):
            i += 2
        elif raw[i] == "#":
            newline = raw.find("\n", i)
            i = n if newline < 0 else newline
        else:
            break
    return i


def _part_offsets(
    raw: str, i: int, quote: str, is_raw: bool, is_fstring: bool, offsets: list[int]
) -> int:
    """Offsets of one part's characters, appended to ``offsets``; the index after its
    closing quote, or -1 if it does not close."""
    n = len(raw)
    while i < n:
        if raw.startswith(quote, i):
            return i + len(quote)
        char = raw[i]
        if is_fstring and char in "{}":
            if raw.startswith(char * 2, i):
                offsets.append(i)
                i += 2
                continue
            if char == "{":
                offsets += [i, i]  # the hole reads "{}"
                i = _past_hole(raw, i)
                continue
        if char == "\\" and i + 1 < n:
            i = _escape(raw, i, is_raw, offsets)
            continue
        offsets.append(i)
        i += 1
    return -1


def _escape(raw: str, i: int, is_raw: bool, offsets: list[int]) -> int:
    following = raw[i + 1]
    if is_raw:
        offsets += [i, i + 1]  # both characters stay
        return i + 2
    if following == "\n":
        return i + 2  # a continued line: no character
    if following in _SIMPLE_ESCAPES:
        offsets.append(i)
        return i + 2
    width = {"x": 2, "u": 4, "U": 8}.get(following)
    if width is not None:
        offsets.append(i)
        return i + 2 + width
    if following == "N" and raw.startswith("{", i + 2):
        offsets.append(i)
        close = raw.find("}", i + 2)
        return i + 3 if close < 0 else close + 1
    if following in "01234567":
        end = i + 2
        while end < min(len(raw), i + 4) and raw[end] in "01234567":
            end += 1
        offsets.append(i)
        return end
    offsets += [i, i + 1]  # an unknown escape keeps its backslash
    return i + 2


def _past_hole(raw: str, i: int) -> int:
    """The index after the ``}`` closing the f-string hole opened at ``i``."""
    depth = 0
    quote: str | None = None
    n = len(raw)
    while i < n:
        char = raw[i]
        if quote is not None:
            if raw.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
        elif char in "\"'":
            quote = raw[i : i + 3] if raw.startswith(char * 3, i) else char
            i += len(quote)
            continue
        elif char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n
