"""Read a staged ``.py`` or ``.ipynb`` file into a :class:`SourceFile`.

Notebooks are read with :mod:`json` (fast, and the outputs are needed as text only);
``nbformat`` upgrades the rare notebook older than format 4. No notebook is validated
against its schema: a hook must check what it can of a slightly-off file, not refuse it.
"""

from __future__ import annotations

import io
import json
import tokenize
from typing import Any

from repro_hooks.core.rule import NOT_A_NOTEBOOK, UNDECODABLE, UNREADABLE
from repro_hooks.sources.ipython import split_cell
from repro_hooks.sources.units import CodeUnit, OutputText, SourceFile

NOTEBOOK_SUFFIX = ".ipynb"


class SourceError(Exception):
    """A file that cannot be checked: ``code`` (RH9xx) and a message saying why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def read_source(path: str) -> SourceFile:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise SourceError(UNREADABLE, f"could not read the file: {error.strerror}") from None
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
    except ValueError as error:
        raise SourceError(NOT_A_NOTEBOOK, f"not a notebook: invalid JSON ({error})") from None
    if not isinstance(notebook, dict):
        raise SourceError(NOT_A_NOTEBOOK, "not a notebook: the JSON is not an object")
    notebook = _upgrade(notebook)
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise SourceError(NOT_A_NOTEBOOK, "not a notebook: it has no list of cells")
    metadata = notebook.get("metadata")
    keys = (
        frozenset(key for key in metadata if isinstance(key, str))
        if isinstance(metadata, dict)
        else frozenset()
    )
    source = SourceFile(path, [], is_notebook=True, metadata_keys=keys)
    language = kernel_language(metadata)
    if language is not None and language != "python":
        source.other_language = language
        return source
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = normalise_newlines(_joined(cell.get("source")))
        python, commands = split_cell(text)
        outputs = cell.get("outputs")
        count = _count(cell.get("execution_count"))
        unit = CodeUnit(number, text, python, commands, _tags(cell), count, _output_types(outputs))
        source.units.append(unit)
        source.outputs += _outputs(number, outputs)
    return source


def _count(value: object) -> int | None:
    """A saved execution count: an integer from 0 (the schema's range), never a bool."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _output_types(outputs: object) -> frozenset[str]:
    if not isinstance(outputs, list):
        return frozenset()
    kinds = (output.get("output_type") for output in outputs if isinstance(output, dict))
    return frozenset(kind for kind in kinds if isinstance(kind, str))


def _tags(cell: dict[str, Any]) -> frozenset[str]:
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    if not isinstance(tags, list):
        return frozenset()
    return frozenset(tag for tag in tags if isinstance(tag, str))


def _upgrade(notebook: dict[str, Any]) -> dict[str, Any]:
    """Bring a format 1-3 notebook to format 4 with nbformat (rare, so imported lazily)."""
    version = notebook.get("nbformat")
    if not isinstance(version, int) or version >= 4:
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


def kernel_language(metadata: object) -> str | None:
    """The notebook's kernel language, lower-cased, if its metadata says."""
    if not isinstance(metadata, dict):
        return None
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        section = metadata.get(key)
        if isinstance(section, dict) and isinstance(section.get(field), str):
            return section[field].strip().lower() or None
    return None


def _joined(source: object) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return ""


def _outputs(cell: int, outputs: object) -> list[OutputText]:
    """Text a cell printed: streams, ``text/plain`` results and tracebacks; never images,
    HTML, widget state or metadata."""
    found: list[OutputText] = []
    if not isinstance(outputs, list):
        return found
    for index, output in enumerate(outputs, start=1):
        if not isinstance(output, dict):
            continue
        kind = output.get("output_type")
        if kind == "stream":
            text = _joined(output.get("text"))
        elif kind in ("execute_result", "display_data"):
            data = output.get("data")
            text = _joined(data.get("text/plain")) if isinstance(data, dict) else ""
        elif kind == "error":
            text = "\n".join(_joined([line]) for line in output.get("traceback") or [])
        else:
            continue
        if text:
            found.append(OutputText(cell, index, str(kind), normalise_newlines(text)))
    return found
