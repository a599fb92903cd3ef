"""What the source layer hands to checks: code units with positions in the user's file.

Positions are kept exact by construction: a unit's ``python`` text has the same lines and
columns as the cell (or file) it came from, with IPython syntax replaced in place, and
every shell or magic word carries its own line and column.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst.metadata


@dataclass(frozen=True)
class Word:
    """One shell word, unquoted (``text``) and as written (``raw``), at ``line:column``."""

    text: str
    raw: str
    line: int
    column: int


@dataclass(frozen=True)
class Command:
    """A ``!`` shell escape, a ``%`` magic, or one line of a non-Python cell body.

    ``kind`` is ``"shell"`` (``!cmd``, ``%%bash`` lines, ``%sx``), ``"magic"`` (``%cd ...``,
    ``%%writefile ...`` header) or ``"text"`` (a line of a body that is neither Python nor
    shell, such as ``%%writefile config.yaml`` content). ``name`` is the magic's name
    (``"cd"``, ``"bash"``), or ``"!"`` for a shell escape. ``args`` is everything after the
    name, starting at ``line:column``.
    """

    kind: str
    name: str
    args: str
    line: int
    column: int
    words: tuple[Word, ...]


@dataclass(frozen=True)
class OutputText:
    """Text a notebook cell printed or displayed (``stream``, ``text/plain``, ``error``)."""

    cell: int
    output: int
    kind: str
    text: str


@dataclass(eq=False)
class CodeUnit:
    """One code cell or one ``.py`` file.

    ``text`` is the source as the user wrote it (newlines normalised to ``\\n``);
    ``python`` is the same text with IPython syntax replaced by ``pass``/``None`` or blank
    lines, so that a Python parser sees valid code at the original positions. ``cell`` is
    1-based over all of a notebook's cells, ``None`` for a ``.py`` file.
    ``execution_count`` is the cell's saved count (``None`` if it did not run, and for any
    value that is not a count: ``true``, ``-1``, ``2.0``); ``output_types`` are the
    ``output_type`` values of its outputs (``"stream"``, ``"error"``, ...).
    """

    cell: int | None
    text: str
    python: str
    commands: tuple[Command, ...] = ()
    tags: frozenset[str] = frozenset()
    execution_count: int | None = None
    output_types: frozenset[str] = frozenset()
    # First lines of the statements too deeply nested to analyse (see ``syntax_trees``).
    too_deep: set[int] = field(default_factory=set)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def syntax_trees(
        self, lines: Iterable[int] | None = None
    ) -> list[tuple[int, str, libcst.metadata.MetadataWrapper | None]]:
        """Parse the top-level statements that hold ``lines`` (1-based; every statement
        when ``None``), each on its own: the one way a unit is parsed.

        Returns ``(line offset, block text, tree or None)`` per block; ``None`` when the
        block does not parse (Python 2, a typo) or is nested too deeply to analyse (its
        first line is then in :attr:`too_deep`, for the engine to report). A libcst parse
        costs far more than finding candidates, so a 1,000-line module with one suspicious
        line parses one statement."""
        from repro_hooks.sources.parse import TooDeep, parse_python

        wanted = None if lines is None else sorted(set(lines))
        python_lines = self.python.split("\n")
        trees = []
        for start, end in self._blocks:
            # The first wanted line after the block's start: is it inside the block?
            after = 0 if wanted is None else bisect.bisect_right(wanted, start)
            if wanted is None or (after < len(wanted) and wanted[after] <= end):
                block = "\n".join(python_lines[start:end])
                try:
                    tree = parse_python(block)
                except TooDeep:
                    tree = None
                    self.too_deep.add(start + 1)
                trees.append((start, block, tree))
        return trees

    def python_line(self, offset: int) -> int:
        """The 1-based line of ``python[offset]`` (a table lookup: no counting of the
        newlines before it, which grows with the square of the matches in a big file)."""
        return bisect.bisect_right(self._line_starts, offset)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts += [match.end() for match in re.finditer("\n", self.python)]
        return starts

    @cached_property
    def _blocks(self) -> list[tuple[int, int]]:
        from repro_hooks.sources.lexing import top_level_blocks

        return top_level_blocks(self.python.split("\n"))


@dataclass(eq=False)
class SourceFile:
    """A ``.py`` file or notebook as checks see it: code units and, for notebooks, outputs.

    ``other_language`` names the language of a notebook whose kernel is not Python; such a
    notebook has no code units, and the engine reports it once instead of checking it.
    ``malformed`` lists the parts of a notebook that format 4 does not allow, each skipped
    and reported by the engine while the rest is checked. ``metadata_keys`` are the
    top-level keys of a notebook's metadata (``kernelspec``, ``colab``, ``kaggle``, ...):
    they tell which tool or service wrote the notebook.
    """

    path: str
    units: list[CodeUnit]
    outputs: list[OutputText] = field(default_factory=list)
    is_notebook: bool = False
    other_language: str | None = None
    malformed: list[Malformed] = field(default_factory=list)
    metadata_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Malformed:
    """A part of a notebook of a shape or type format 4 does not allow: in ``cell``
    (``None``: the notebook as a whole), with a message saying what was skipped."""

    cell: int | None
    message: str
