"""What the source layer hands to checks: code units with positions in the user's file.

Positions are kept exact by construction: a unit's ``python`` text has the same lines and
columns as the cell (or file) it came from, with IPython syntax replaced in place, and
every shell or magic word carries its own line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from repro_hooks.core.lazy import lazy
from repro_hooks.sources.lines import LineTable

if TYPE_CHECKING:
    import ast

    import libcst.metadata

    from repro_hooks.sources.lexing import StatementBlocks

Tree = TypeVar("Tree")


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

    @lazy
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @lazy
    def line_table(self) -> LineTable:
        """Where each line of ``python`` starts: a match's offset in ``python`` to its line
        and column (the same as in ``text``)."""
        return LineTable(self.python)

    @lazy
    def text_line_table(self) -> LineTable:
        """Where each line of ``text`` starts, for matches found in the text as written
        (magics and shell lines included)."""
        return LineTable(self.text)

    def statement_lines(self, line: int) -> range:
        """The lines (1-based) of the top-level statement that holds ``line``, with the
        blank and comment lines after it, found without parsing."""
        start, end = self._blocks.holding(line - 1)
        return range(start + 1, end + 1)

    def syntax_trees(
        self, lines: Iterable[int] | None = None
    ) -> Iterator[tuple[int, str, ast.Module | None]]:
        """Parse the top-level statements that hold ``lines`` (1-based; every statement
        when ``None``), each on its own and one at a time: the one way a unit is parsed.

        Yields ``(line offset, block text, tree or None)`` per block; ``None`` when the
        block does not parse (Python 2, a typo) or is nested too deeply to analyse (its
        first line is then in :attr:`too_deep`, for the engine to report). Only the
        candidates' statements are parsed, and no tree is kept once its block is read."""
        from repro_hooks.sources.parse import parse_python

        yield from self._parsed(lines, parse_python)

    def concrete_trees(
        self, lines: Iterable[int] | None = None
    ) -> Iterator[tuple[int, str, libcst.metadata.MetadataWrapper | None]]:
        """:meth:`syntax_trees` as libcst's concrete trees with positions, for a ``--fix``
        that rewrites code (:mod:`repro_hooks.sources.cst`)."""
        from repro_hooks.sources.cst import parse_cst

        yield from self._parsed(lines, parse_cst)

    def _parsed(
        self, lines: Iterable[int] | None, parse: Callable[[str], Tree | None]
    ) -> Iterator[tuple[int, str, Tree | None]]:
        from repro_hooks.sources.parse import TooDeep

        blocks = self._blocks
        if lines is None:
            chosen = blocks.every()
        else:
            count = len(self.python_lines)
            chosen = sorted({blocks.holding(line - 1) for line in lines if 0 < line <= count})
        for start, end in chosen:
            block = "\n".join(self.python_lines[start:end])
            try:
                tree = parse(block)
            except TooDeep:
                tree = None
                self.too_deep.add(start + 1)
            yield start, block, tree

    @lazy
    def python_lines(self) -> list[str]:
        """The lines of ``python`` (the same lines as the text's)."""
        return self.python.split("\n")

    @lazy
    def _blocks(self) -> StatementBlocks:
        from repro_hooks.sources.lexing import StatementBlocks

        return StatementBlocks(self.python_lines)


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
