"""Edit text in a notebook's cell sources, keeping every other byte of the file.

``--fix`` must not re-serialise a notebook: its indentation, key order, escapes and
outputs stay as Jupyter (or another tool) wrote them. The JSON text is scanned once for
the ``source`` strings of the cells, each string's decoded characters are mapped to their
offsets in the file, and only the bytes of the edited characters are replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class NotebookEditError(ValueError):
    """The notebook's JSON could not be scanned, or an edit does not match the source."""


@dataclass(frozen=True)
class CellEdit:
    """Replace ``old`` at ``line:column`` (1-based, newlines normalised to ``\\n`` as the
    source layer reads them) of cell ``cell`` (1-based over all cells) with ``new``."""

    cell: int
    line: int
    column: int
    old: str
    new: str


@dataclass(frozen=True)
class _Piece:
    """One JSON string of a cell's source: its span in the file and, per decoded
    character, that character's span."""

    start: int
    end: int
    spans: list[tuple[int, int]]
    text: str


def edit_cells(text: str, edits: Sequence[CellEdit]) -> str:
    """``text`` (a notebook's JSON) with ``edits`` applied to its cell sources."""
    sources = _cell_sources(text)
    replacements: list[tuple[int, int, str]] = []
    ascii_only = "\\u" in text and not any(ord(char) > 127 for char in text)
    for edit in edits:
        if not edit.old:
            raise NotebookEditError("an edit must replace some text")
        pieces = sources.get(edit.cell)
        if pieces is None:
            raise NotebookEditError(f"cell {edit.cell} has no source")
        piece, first = _locate(pieces, edit.line, edit.column)
        last = first + len(edit.old)
        if piece.text[first:last] != edit.old:
            where = f"cell {edit.cell}:{edit.line}:{edit.column}"
            raise NotebookEditError(f"{where} does not hold the text to replace")
        encoded = json.dumps(edit.new, ensure_ascii=ascii_only)[1:-1]
        replacements.append((piece.spans[first][0], piece.spans[last - 1][1], encoded))
    for start, end, encoded in sorted(replacements, reverse=True):
        text = text[:start] + encoded + text[end:]
    return text


def _locate(pieces: list[_Piece], line: int, column: int) -> tuple[_Piece, int]:
    """The piece and index in it of ``line:column`` of the joined, normalised source."""
    current_line, current_column = 1, 1
    for piece in pieces:
        for index, char in enumerate(piece.text):
            if (current_line, current_column) == (line, column):
                return piece, index
            if char == "\r" and piece.text[index + 1 : index + 2] == "\n":
                continue  # \r\n reads as one newline
            if char in "\r\n":
                current_line, current_column = current_line + 1, 1
            else:
                current_column += 1
    raise NotebookEditError(f"no line {line} column {column} in the cell")


def _cell_sources(text: str) -> dict[int, list[_Piece]]:
    scanner = _Scanner(text)
    root = scanner.value(0, path=())
    if not isinstance(root, dict):
        raise NotebookEditError("not a notebook: the JSON is not an object")
    return scanner.sources


class _Scanner:
    """A JSON reader that keeps the position of each string under ``cells[i].source``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sources: dict[int, list[_Piece]] = {}
        self.end = 0

    def value(self, position: int, path: tuple[object, ...]) -> object:
        position = _WHITESPACE.match(self.text, position).end()  # type: ignore[union-attr]
        char = self.text[position : position + 1]
        if char == "{":
            return self._object(position + 1, path)
        if char == "[":
            return self._array(position + 1, path)
        if char == '"':
            match = _STRING.match(self.text, position)
            if match is None:
                raise NotebookEditError(f"unterminated string at {position}")
            self.end = match.end()
            if path == ("key",):
                return str(json.loads(match[0]))
            if len(path) >= 3 and path[0] == "cells" and path[2] == "source":
                assert isinstance(path[1], int)
                piece = _decode(self.text, match.start(), match.end())
                self.sources.setdefault(path[1] + 1, []).append(piece)
            return None  # other strings (outputs, metadata) are skipped, not decoded
        match = _SCALAR.match(self.text, position)
        if match is None:
            raise NotebookEditError(f"not JSON at {position}")
        self.end = match.end()
        return match[0]

    def _object(self, position: int, path: tuple[object, ...]) -> dict[str, object]:
        result: dict[str, object] = {}
        position = self._skip(position)
        if self.text.startswith("}", position):
            self.end = position + 1
            return result
        while True:
            key = self.value(position, ("key",))
            if not isinstance(key, str):
                raise NotebookEditError(f"an object key is not a string at {position}")
            position = self._skip(self.end)
            if not self.text.startswith(":", position):
                raise NotebookEditError(f"':' expected at {position}")
            inner = (*path, key) if path in ((), ("cells",)) or _is_cell(path) else ("-",)
            result[key] = self.value(position + 1, inner)
            position = self._skip(self.end)
            if self.text.startswith("}", position):
                self.end = position + 1
                return result
            if not self.text.startswith(",", position):
                raise NotebookEditError(f"',' expected at {position}")
            position += 1

    def _array(self, position: int, path: tuple[object, ...]) -> list[object]:
        result: list[object] = []
        position = self._skip(position)
        if self.text.startswith("]", position):
            self.end = position + 1
            return result
        index = 0
        while True:
            inner = (*path, index) if path in (("cells",),) or _is_source(path) else ("-",)
            result.append(self.value(position, inner))
            position = self._skip(self.end)
            if self.text.startswith("]", position):
                self.end = position + 1
                return result
            if not self.text.startswith(",", position):
                raise NotebookEditError(f"',' expected at {position}")
            position += 1
            index += 1

    def _skip(self, position: int) -> int:
        return _WHITESPACE.match(self.text, position).end()  # type: ignore[union-attr]


def _is_cell(path: tuple[object, ...]) -> bool:
    return len(path) == 2 and path[0] == "cells" and isinstance(path[1], int)


def _is_source(path: tuple[object, ...]) -> bool:
    return len(path) == 3 and path[0] == "cells" and path[2] == "source"


def _decode(text: str, start: int, end: int) -> _Piece:
    """The JSON string at ``text[start:end]`` (quotes included), decoded, with the span of
    each decoded character in ``text``."""
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    index = start + 1
    stop = end - 1
    while index < stop:
        char = text[index]
        if char != "\\":
            chars.append(char)
            spans.append((index, index + 1))
            index += 1
            continue
        kind = text[index + 1]
        if kind != "u":
            chars.append(_ESCAPES.get(kind, kind))
            spans.append((index, index + 2))
            index += 2
            continue
        code = int(text[index + 2 : index + 6], 16)
        width = 6
        if 0xD800 <= code < 0xDC00 and text.startswith("\\u", index + 6):
            low = int(text[index + 8 : index + 12], 16)
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            width = 12
        chars.append(chr(code))
        spans.append((index, index + width))
        index += width
    return _Piece(start, end, spans, "".join(chars))
