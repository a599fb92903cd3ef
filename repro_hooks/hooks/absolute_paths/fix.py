"""``absolute-paths --fix``: absolute paths into the repository become relative ones.

``/home/michael/project_abacus/data/x.csv`` in a clone at ``/home/michael/project_abacus``
names a file of the project. In a notebook it becomes the path from the notebook's folder
(``../data/x.csv`` in ``notebooks/``), since Jupyter runs a notebook there; in a module, a
path built from the module's own place, ``str(Path(__file__).parent.parent / "data/x.csv")``,
which holds wherever the script is run from (``from pathlib import Path`` is added if the
module lacks it). The literal is found with libcst (the string sites of the source layer);
only its characters change: a module keeps every other byte, a notebook its JSON layout
(:mod:`repro_hooks.sources.notebook_edit`). A file is written only if something changed,
atomically, never through a symbolic link or outside the work tree; a second run finds
nothing to change.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from repro_hooks.core.config import HookConfig
from repro_hooks.hooks.absolute_paths.check import file_facts, is_not_a_path
from repro_hooks.sources import SourceError, SourceFile, StringSite, read_source, string_sites
from repro_hooks.sources.notebook_edit import CellEdit, NotebookEditError, edit_cells
from repro_hooks.sources.reading import decode_python

_PREFIX = re.compile(r"[rRuUfF]{0,2}")
_PATH_IMPORTED = re.compile(r"^(?:from\s+pathlib\s+import\s+[^#\n]*\bPath\b)", re.MULTILINE)


@dataclass(frozen=True)
class Rewrite:
    """Replace the literal ``old`` written at ``line:column`` of ``cell`` with ``new``."""

    cell: int | None
    line: int
    column: int
    old: str
    new: str


def fix_files(paths: Sequence[str], config: HookConfig) -> list[str]:
    """Rewrite the files among ``paths`` that name files of their own repository by
    absolute path; return the paths changed."""
    changed = []
    for path in paths:
        try:
            if fix_file(path):
                changed.append(path)
        except (OSError, SourceError, ValueError, RecursionError) as error:
            print(f"repro-hooks absolute-paths: could not fix {path}: {error}", file=sys.stderr)
    return changed


def fix_file(path: str) -> bool:
    if os.path.islink(path):
        return False
    source = read_source(path)
    facts = file_facts(source)
    if facts.base is None or not _inside(os.path.realpath(path), facts.base.root):
        return False
    rewrites = list(_rewrites(source, facts.base.root, _folder_in_tree(path, facts.base.root)))
    if not rewrites:
        return False
    with open(path, "rb") as handle:
        data = handle.read()
    if source.is_notebook:
        text = data.decode("utf-8-sig")
        edits = [CellEdit(r.cell or 0, r.line, r.column, r.old, r.new) for r in rewrites]
        new_text = edit_cells(text, edits)
        bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
        _write(path, (bom + new_text).encode("utf-8"))
    else:
        _write(path, _edit_module(data, rewrites))
    return True


def _folder_in_tree(path: str, root: str) -> str:
    """The file's folder relative to the work tree root (``notebooks``; ``.`` at the root),
    through symbolic links on either side."""
    folder = os.path.dirname(os.path.realpath(path))
    return os.path.relpath(folder, os.path.realpath(root)).replace(os.sep, "/")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _rewrites(source: SourceFile, root: str, folder: str) -> Iterator[Rewrite]:
    """The rewrites of one file whose folder is ``folder`` in the work tree at ``root``."""
    # The root as the author wrote it may go through a symbolic link (the shell's $PWD).
    logical = [path for path in (os.environ.get("PWD"), os.getcwd()) if path]
    roots = {root, os.path.realpath(root)} | {
        path for path in logical if os.path.realpath(path) == os.path.realpath(root)
    }
    facts = file_facts(source)
    for unit in source.units:
        lines = {
            number
            for number, line in enumerate(unit.python_lines, 1)
            if any(candidate in line for candidate in roots)
        }
        if not lines:
            continue
        for site in string_sites(unit, lines):
            new = _relative_literal(site, roots, folder, source.is_notebook)
            if new is not None and not is_not_a_path(site, facts):
                yield Rewrite(unit.cell, site.line, site.column, site.raw, new)


def _relative_literal(
    site: StringSite, roots: set[str], folder: str, in_notebook: bool
) -> str | None:
    """The literal that names the same file relatively from ``folder`` (relative to the
    work tree root), or ``None`` if ``site`` is not a one-line literal that starts with a
    path inside the work tree."""
    raw = site.raw
    prefix = _PREFIX.match(raw)
    quote_at = prefix.end() if prefix else 0
    triple = raw.startswith(('"""', "'''"), quote_at)
    quote = raw[quote_at : quote_at + (3 if triple else 1)]
    body = raw[quote_at + len(quote) : len(raw) - len(quote)]
    if not site.is_head or "\n" in raw or not raw.endswith(quote) or "\\" in body:
        return None
    root = next((r for r in roots if body == r or body.startswith(r.rstrip("/") + "/")), None)
    if root is None:
        return None
    tail = body[len(root) :].lstrip("/")
    letters = raw[:quote_at]
    if in_notebook:
        head, hole, rest = tail.partition("{")  # an f-string: the text before its first hole
        folder_part, _, name = head.rpartition("/")
        relative = posixpath.relpath(posixpath.join(".", folder_part), folder)
        new_body = f"{'' if relative == '.' else relative + '/'}{name}{hole}{rest}".rstrip("/")
        return f"{letters}{quote}{new_body or '.'}{quote}"
    ups = 0 if folder == "." else folder.count("/") + 1
    base = "Path(__file__).parent" + ".parent" * ups
    if not tail:
        return f"str({base})"
    if "f" in letters.lower():
        return f"{letters}{quote}{{{base}}}/{tail}{quote}"
    return f"str({base} / {letters}{quote[0]}{tail}{quote[0]})"


def _edit_module(data: bytes, rewrites: list[Rewrite]) -> bytes:
    """The module with each literal replaced, and ``from pathlib import Path`` added when
    a rewrite uses ``Path`` and the module does not import it; every other byte kept."""
    text = decode_python(data)
    raw_text = data.decode("utf-8", errors="surrogateescape")
    lines = raw_text.splitlines(keepends=True)
    for rewrite in sorted(rewrites, key=lambda r: (r.line, r.column), reverse=True):
        index = rewrite.line - 1
        line = lines[index]
        start = rewrite.column - 1 + (1 if index == 0 and line.startswith("\ufeff") else 0)
        if line[start : start + len(rewrite.old)] != rewrite.old:
            raise NotebookEditError(f"line {rewrite.line} changed while fixing")
        lines[index] = line[:start] + rewrite.new + line[start + len(rewrite.old) :]
    if any("Path(__file__)" in r.new for r in rewrites) and not _PATH_IMPORTED.search(text):
        newline = "\r\n" if "\r\n" in raw_text else "\n"
        lines.insert(_import_line(text), f"from pathlib import Path{newline}")
    return "".join(lines).encode("utf-8", errors="surrogateescape")


def _import_line(text: str) -> int:
    """Where an import goes: after the module docstring and ``__future__`` imports."""
    import libcst as cst

    try:
        module = cst.parse_module(text)
    except (cst.ParserSyntaxError, RecursionError):
        return 0  # Python 2, a typo: the top of the file
    wrapper = cst.metadata.MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(cst.metadata.PositionProvider)
    after = 0
    for index, statement in enumerate(module.body):
        first = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) else None
        is_docstring = (
            index == 0
            and isinstance(first, cst.Expr)
            and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString))
        )
        is_future = isinstance(first, cst.ImportFrom) and (
            isinstance(first.module, cst.Name) and first.module.value == "__future__"
        )
        if not (is_docstring or is_future):
            break
        after = positions[statement].end.line
    return after


def _write(path: str, data: bytes) -> None:
    """Replace the file atomically: a temporary file beside it, then a rename."""
    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".repro-hooks-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
