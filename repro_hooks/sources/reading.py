"""Read a staged ``.py`` or ``.ipynb`` file into a :class:`SourceFile`.

Notebooks are read with :mod:`json` (fast, and the outputs are needed as text only);
``nbformat`` upgrades the rare notebook older than format 4. Every field the hooks read is
validated as it is read, here and nowhere else: a shape or type format 4 does not allow
becomes a :class:`Malformed` entry for its cell (or the notebook), that part is skipped,
and the rest is still checked. Only a file with no list of cells is not a notebook.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tokenize
from typing import Any

from repro_hooks.core.rule import NOT_A_NOTEBOOK, UNDECODABLE, UNREADABLE
from repro_hooks.sources.ipython import split_cell
from repro_hooks.sources.units import CodeUnit, Malformed, OutputText, SourceFile

NOTEBOOK_SUFFIX = ".ipynb"


class SourceError(Exception):
    """A file that cannot be checked: ``code`` (RH9xx) and a message saying why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# The most any check reads of one file: a notebook with its images is a few megabytes.
MAX_FILE_SIZE = 100_000_000


class NotReadable(Exception):
    """A file refused or failed: the reason, for a message."""


def read_regular_file(path: str | os.PathLike[str], limit: int = MAX_FILE_SIZE) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Anything else is refused
    before it is opened: a FIFO or ``/dev/stdin`` would block, ``/dev/zero`` never ends."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(f"{_file_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise NotReadable(f"larger than {limit // 1_000_000} MB, the most repro-hooks reads")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except (OSError, ValueError) as error:
        raise NotReadable(getattr(error, "strerror", None) or str(error)) from None
    if len(data) > limit:
        raise NotReadable(f"larger than {limit // 1_000_000} MB, the most repro-hooks reads")
    return data


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def read_source(path: str) -> SourceFile:
    try:
        data = read_regular_file(path)
    except NotReadable as error:
        raise SourceError(UNREADABLE, f"could not read the file: {error}") from None
    if path.endswith(NOTEBOOK_SUFFIX):
        return read_notebook(path, data)
    text = decode_python(data)
    return SourceFile(path, [CodeUnit(cell=None, text=text, python=text)])


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_python(data: bytes) -> str:
    """Decode as Python does: a BOM or PEP 263 coding line, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        message = f"could not decode the file as Python source: {error}"
        raise SourceError(UNDECODABLE, message) from None
    return normalise_newlines(text.removeprefix("\ufeff"))


def read_notebook(path: str, data: bytes) -> SourceFile:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SourceError(UNDECODABLE, f"not UTF-8, so not a notebook: {error.reason}") from None
    except (ValueError, RecursionError) as error:
        raise SourceError(NOT_A_NOTEBOOK, f"not a notebook: invalid JSON ({error})") from None
    if not isinstance(notebook, dict):
        raise SourceError(NOT_A_NOTEBOOK, "not a notebook: the JSON is not an object")
    source = SourceFile(path, [], is_notebook=True)
    reader = _Reader(source)
    notebook = _upgrade(reader.version(notebook), notebook)
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise SourceError(NOT_A_NOTEBOOK, "not a notebook: it has no list of cells")
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        source.metadata_keys = frozenset(key for key in metadata if isinstance(key, str))
    language = reader.kernel_language(metadata)
    if language is not None and language != "python":
        source.other_language = language
        source.malformed.clear()
        return source
    for number, cell in enumerate(cells, start=1):
        reader.cell(number, cell)
    return source


CELL_TYPES = ("code", "markdown", "raw")
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error")
_RESAVE = "re-save the notebook from Jupyter"


def _kind(value: object) -> str:
    """A JSON value's type as a message names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


class _Reader:
    """Reads a notebook's fields into ``source``, recording each one that format 4 does
    not allow: what it is, what it should be, and what was skipped for it."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source

    def malformed(
        self, cell: int | None, field: str, value: object, expected: str, skipped: str
    ) -> None:
        message = (
            f"`{field}` is {_kind(value)}, not {expected}, which notebook format 4 does not "
            f"allow: {skipped}; {_RESAVE}"
        )
        self.source.malformed.append(Malformed(cell, message))

    def text(self, cell: int | None, field: str, value: object, skipped: str) -> str | None:
        """A multiline string: a string, or a list of strings (joined)."""
        if isinstance(value, str):
            return value
        if not isinstance(value, list):
            self.malformed(cell, field, value, "a string or a list of strings", skipped)
            return None
        try:
            return "".join(value)
        except TypeError:  # not every part is a string: say which
            index, part = next((i, p) for i, p in enumerate(value) if not isinstance(p, str))
            self.malformed(cell, f"{field}[{index}]", part, "a string", skipped)
            return None

    def version(self, notebook: dict[str, Any]) -> int:
        version = notebook.get("nbformat", 4)
        if isinstance(version, int) and not isinstance(version, bool):
            return version
        self.malformed(None, "nbformat", version, "a number", "it was read as format 4")
        return 4

    def kernel_language(self, metadata: object) -> str | None:
        """The notebook's kernel language, lower-cased, if its metadata says."""
        python = "its kernel was taken to be Python"
        if not isinstance(metadata, dict):
            if metadata is not None:
                self.malformed(None, "metadata", metadata, "an object", python)
            return None
        language = None
        for key, field in (("language_info", "name"), ("kernelspec", "language")):
            section = metadata.get(key)
            if section is None:
                continue
            if not isinstance(section, dict):
                self.malformed(None, f"metadata.{key}", section, "an object", python)
                continue
            value = section.get(field)
            if isinstance(value, str):
                language = language or value.strip().lower() or None
            elif value is not None:
                self.malformed(None, f"metadata.{key}.{field}", value, "a string", python)
        return language

    def cell(self, number: int, cell: object) -> None:
        skipped = "this cell was not checked"
        if not isinstance(cell, dict):
            self.malformed(number, f"cells[{number - 1}]", cell, "an object", skipped)
            return
        cell_type = cell.get("cell_type")
        if cell_type not in CELL_TYPES:
            expected = "one of " + ", ".join(f'"{name}"' for name in CELL_TYPES)
            self.malformed(number, "cell_type", cell_type, expected, skipped)
            return
        if cell_type != "code":
            return
        text = self.text(number, "source", cell.get("source", ""), skipped)
        if text is None:
            return
        text = normalise_newlines(text)
        python, commands = split_cell(text)
        tags = self.tags(number, cell.get("metadata", {}))
        count = self.execution_count(number, cell.get("execution_count"))
        kinds = self.outputs(number, cell.get("outputs", []))
        self.source.units.append(
            CodeUnit(number, text, python, commands, tags, count, frozenset(kinds))
        )

    def execution_count(self, cell: int, value: object) -> int | None:
        """A saved execution count: an integer from 0 (the schema's range), or null."""
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        expected = "an integer from 0 or null"
        self.malformed(cell, "execution_count", value, expected, "it was not read")
        return None

    def tags(self, cell: int, metadata: object) -> frozenset[str]:
        skipped = "its tags were not read"
        if not isinstance(metadata, dict):
            self.malformed(cell, "metadata", metadata, "an object", skipped)
            return frozenset()
        tags = metadata.get("tags", [])
        if not isinstance(tags, list):
            self.malformed(cell, "metadata.tags", tags, "a list of strings", skipped)
            return frozenset()
        read = []
        for index, tag in enumerate(tags):
            if isinstance(tag, str):
                read.append(tag)
            else:
                field = f"metadata.tags[{index}]"
                self.malformed(cell, field, tag, "a string", "that tag was not read")
        return frozenset(read)

    def outputs(self, cell: int, outputs: object) -> list[str]:
        """Text a cell printed: streams, ``text/plain`` results and tracebacks; never
        images, HTML, widget state or metadata. Returns the output types read."""
        if not isinstance(outputs, list):
            self.malformed(cell, "outputs", outputs, "a list", "its outputs were not checked")
            return []
        kinds = []
        for index, output in enumerate(outputs):
            text = self.output_text(cell, f"outputs[{index}]", output)
            kind = output.get("output_type") if isinstance(output, dict) else None
            if kind in OUTPUT_TYPES:
                kinds.append(str(kind))
            if text and isinstance(output, dict):
                self.source.outputs.append(
                    OutputText(cell, index + 1, str(kind), normalise_newlines(text))
                )
        return kinds

    def output_text(self, cell: int, field: str, output: object) -> str | None:
        skipped = "that output was not checked"
        if not isinstance(output, dict):
            self.malformed(cell, field, output, "an object", skipped)
            return None
        kind = output.get("output_type")
        if kind == "stream":
            return self.text(cell, f"{field}.text", output.get("text", ""), skipped)
        if kind in ("execute_result", "display_data"):
            data = output.get("data", {})
            if not isinstance(data, dict):
                self.malformed(cell, f"{field}.data", data, "an object", skipped)
                return None
            plain = data.get("text/plain", "")
            return self.text(cell, f'{field}.data["text/plain"]', plain, skipped)
        if kind == "error":
            traceback = output.get("traceback", [])
            if not isinstance(traceback, list):
                expected = "a list of strings"
                self.malformed(cell, f"{field}.traceback", traceback, expected, skipped)
                return None
            if self.text(cell, f"{field}.traceback", traceback, skipped) is None:
                return None
            return "\n".join(traceback)
        expected = "one of " + ", ".join(f'"{name}"' for name in OUTPUT_TYPES)
        self.malformed(cell, f"{field}.output_type", kind, expected, skipped)
        return None


def _upgrade(version: int, notebook: dict[str, Any]) -> dict[str, Any]:
    """Bring a format 1-3 notebook to format 4 with nbformat (rare, so imported lazily)."""
    if version >= 4:
        return notebook
    import nbformat

    try:
        old = nbformat.from_dict(notebook)  # type: ignore[no-untyped-call]
        upgraded = nbformat.convert(old, 4)  # type: ignore[no-untyped-call]
    except Exception as error:  # nbformat raises many kinds on malformed old notebooks
        raise SourceError(
            NOT_A_NOTEBOOK, f"not a readable nbformat {version} notebook: {error}"
        ) from None
    return dict(upgraded)
