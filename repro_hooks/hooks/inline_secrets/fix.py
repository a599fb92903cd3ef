"""``inline-secrets --fix``: move a secret written in code into the repository's ``.env``.

A codemod over the libcst tree of each unit that holds a fixable finding (a provider
token, a named secret or a URL password in a string literal of Python code):

* the literal becomes ``os.environ["NAME"]`` (a secret inside a longer string becomes an
  f-string hole); ``os.environ["NAME"] = "<secret>"`` and ``os.environ.setdefault(...)``
  statements, which only put the value into the environment, become a comment. NAME is
  the variable, keyword or key the value is given to when it says key, token or password
  (and more than "api key"); else the provider's variable, or the value's name in
  configuration text;
* ``NAME=<value>`` is appended to the ``.env`` at the top of the work tree (a value
  already there keeps its name; a name there with another value makes this one
  ``NAME_2``), ``.env`` is added to the root ``.gitignore`` when git does not ignore it, and
  ``load_dotenv()`` (with its imports) is added where the file has none;
* a notebook keeps its JSON layout, and the outputs of a cell that printed a moved secret
  are cleared.

Edits are spliced into the text as written, so magics and comments stay as they are.
Nothing is written through a symbolic link, every write is atomic, and the ``.env`` is
written before the code, so a failure never loses the secret. Only masked values are
printed. A second run finds nothing to move and changes nothing.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.metadata import CodeRange, ParentNodeProvider, PositionProvider

from repro_hooks.core.masking import mask
from repro_hooks.engine.git import GitError, ignored_by_shared_files, work_tree_root
from repro_hooks.engine.ignore_files import missing_lines, with_lines
from repro_hooks.engine.writes import WriteRefused, write_in_work_tree
from repro_hooks.hooks.inline_secrets.check import Hit, SecretSettings, unit_hits
from repro_hooks.hooks.inline_secrets.context import name_words, secret_name
from repro_hooks.hooks.inline_secrets.rules import KNOWN_TOKEN, NAMED_SECRET, URL_CREDENTIAL
from repro_hooks.sources import CodeUnit, SourceError, SourceFile, read_source

FIXABLE = frozenset({KNOWN_TOKEN, NAMED_SECRET, URL_CREDENTIAL})
_GITIGNORE_HEADER = "# Added by repro-hooks inline-secrets --fix: the secrets it moved"
# Name words that say "a credential" and nothing about whose: the provider names it better.
_GENERIC_WORDS = frozenset(
    {
        "api",
        "key",
        "keys",
        "token",
        "secret",
        "access",
        "auth",
        "authorization",
        "bearer",
        "password",
        "pass",
        "apikey",
        "credential",
        "credentials",
    }
)
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<value>.*?)\s*$")
_IMPORTS_OS = re.compile(r"^\s*import\s+(?:[\w.]+\s*,\s*)*os\b", re.MULTILINE)
_LOADS_DOTENV = re.compile(r"\bload_dotenv\s*\(")
_DECLARES_DOTENV = re.compile(r"python[-_.]?dotenv", re.IGNORECASE)


@dataclass
class DotEnv:
    """The work tree's ``.env``: the names it holds and the lines a fix adds."""

    path: Path
    entries: dict[str, str]
    added: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> DotEnv:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            text = ""
        entries = {}
        for line in text.splitlines():
            match = _ENV_LINE.match(line)
            if match and not line.lstrip().startswith("#"):
                entries[match["name"]] = match["value"].strip("'\"")
        return cls(path, entries)

    def name_for(self, name: str, value: str) -> str:
        """The name ``.env`` already gives ``value``; else ``name``, or ``name_2`` ... when
        ``.env`` gives ``name`` another value."""
        for existing, known in self.entries.items():
            if known == value:
                return existing
        candidate, number = name, 1
        while candidate in self.entries and self.entries[candidate] != value:
            number += 1
            candidate = f"{name}_{number}"
        if candidate not in self.entries:
            self.entries[candidate] = value
            self.added.append(f"{candidate}={_env_value(value)}")
        return candidate

    def write(self, root: Path) -> None:
        if not self.added:
            return
        try:
            before = self.path.read_bytes()
        except FileNotFoundError:
            before = b""
        if before and not before.endswith(b"\n"):
            before += b"\n"
        data = before + "".join(line + "\n" for line in self.added).encode("utf-8")
        if not before:
            _create_private(self.path)
        write_in_work_tree(root, self.path.name, data)


def _create_private(path: Path) -> None:
    """A new ``.env`` readable by its owner alone (the write keeps the mode it finds)."""
    with contextlib.suppress(FileExistsError):  # an empty one, or a link: the write decides
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _env_value(value: str) -> str:
    """A ``.env`` value python-dotenv reads back unchanged."""
    if re.fullmatch(r"[\w@%+=:,./~|-]*", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class _Edit:
    """Replace the unit text from ``start`` to ``end`` (1-based line, 0-based column)."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


@dataclass(frozen=True)
class _Moved:
    cell: int | None
    line: int
    name: str
    value: str


def fix_paths(paths: Sequence[str], settings: SecretSettings) -> None:
    """Fix every file; say what moved (masked) and what could not be fixed on stderr."""
    said: set[str] = set()
    for path in paths:
        for note in fix_file(Path(path), settings):
            if note not in said:  # the .gitignore and python-dotenv notes come once
                said.add(note)
                print(f"repro-hooks inline-secrets --fix: {note}", file=sys.stderr)


def fix_file(path: Path, settings: SecretSettings) -> list[str]:
    """Move the file's fixable secrets; the notes to print."""
    if path.is_symlink():
        return [f"{path}: not fixed: it is a symbolic link"]
    try:
        data = path.read_bytes()
        source = read_source(str(path))
    except (OSError, SourceError):
        return []
    root = _root(path)
    dotenv = DotEnv.load(root / ".env")
    edits: dict[int, list[_Edit]] = {}
    moved: list[_Moved] = []
    for index, unit in enumerate(source.units):
        hits = [hit for hit in unit_hits(unit, settings, every=True) if hit.code in FIXABLE]
        unit_edits = _unit_edits(unit, hits, dotenv, moved) if hits else []
        if unit_edits:
            edits[index] = unit_edits
    if not edits:
        return []
    first = min(edits)
    text_of_file = "\n".join(unit.text for unit in source.units)
    setup = _setup_lines(text_of_file)
    if setup:
        edits[first].append(_setup_edit(source.units[first], setup, source.is_notebook))
    new_texts = {index: _apply(source.units[index].text, found) for index, found in edits.items()}
    try:
        dotenv.write(root)
        notes = _ignore_env(root)
        # the folder as git sees it (real), the file as given (a link is refused)
        relative = os.path.relpath(os.path.join(os.path.realpath(path.parent), path.name), root)
        if relative.startswith(os.pardir):
            raise WriteRefused("it is outside the work tree")
        write_in_work_tree(root, relative, _new_content(source, data, new_texts, moved))
    except (OSError, WriteRefused) as error:
        return [f"{path}: not fixed: {error}"]
    notes = [
        f"{path}:{_where(m)}: moved {mask(m.value)} to {dotenv.path.name} as {m.name}, read "
        f'with os.environ["{m.name}"]'
        for m in moved
    ] + notes
    if "load_dotenv()" in setup and not _declares_dotenv(root):
        notes.append(
            "the code now calls load_dotenv(): add python-dotenv to requirements.in (or the "
            "project's dependencies)"
        )
    return notes


def _where(moved: _Moved) -> str:
    return f"cell {moved.cell}:{moved.line}" if moved.cell is not None else str(moved.line)


def _root(path: Path) -> Path:
    try:
        return work_tree_root(path.resolve().parent)
    except GitError:
        return path.resolve().parent


def _ignore_env(root: Path) -> list[str]:
    """Make the root ``.gitignore`` ignore ``.env`` when git does not already."""
    try:
        if ".env" in ignored_by_shared_files(root, [".env"]):
            return []
    except GitError:
        return [f"{root} is not a git work tree: make sure .env is never committed"]
    try:
        before = (root / ".gitignore").read_bytes()
    except FileNotFoundError:
        before = b""
    lines = missing_lines(before, [".env"], _GITIGNORE_HEADER)
    write_in_work_tree(root, ".gitignore", with_lines(before, lines, _GITIGNORE_HEADER))
    return ["added .env to .gitignore"]


def _declares_dotenv(root: Path) -> bool:
    for name in ("requirements.in", "requirements.txt", "pyproject.toml", "setup.cfg"):
        try:
            if _DECLARES_DOTENV.search((root / name).read_text(errors="replace")):
                return True
        except OSError:
            continue
    return False


# -- the codemod ----------------------------------------------------------------------------
def _unit_edits(
    unit: CodeUnit, hits: list[Hit], dotenv: DotEnv, moved: list[_Moved]
) -> list[_Edit]:
    edits: list[_Edit] = []
    for offset, _text, wrapper in unit.concrete_trees({hit.line for hit in hits}):
        if wrapper is None:
            continue
        positions = wrapper.resolve(PositionProvider)
        parents = wrapper.resolve(ParentNodeProvider)
        for node, where in positions.items():
            if not isinstance(node, cst.SimpleString):
                continue
            value = _value(node)
            inside = _hits_in(hits, where, offset)
            if value is None or not inside or any(value.count(h.secret) != 1 for h in inside):
                continue
            edit, names = _literal_edit(node, value, inside, parents, positions, offset, dotenv)
            edits.append(edit)
            moved += [
                _Moved(unit.cell, h.line, n, h.secret) for h, n in zip(inside, names, strict=True)
            ]
    return edits


def _hits_in(hits: Iterable[Hit], where: CodeRange, offset: int) -> list[Hit]:
    """The hits inside the literal at ``where``, one per secret (a provider's format
    first: it names the variable best), in order."""
    start = (where.start.line + offset, where.start.column + 1)
    end = (where.end.line + offset, where.end.column + 1)
    inside: dict[str, Hit] = {}
    for hit in sorted(hits, key=lambda hit: hit.code != KNOWN_TOKEN):
        if start <= (hit.line, hit.column) < end:
            inside.setdefault(hit.secret, hit)
    return sorted(inside.values(), key=lambda hit: (hit.line, hit.column))


def _value(node: cst.SimpleString) -> str | None:
    try:
        value = node.evaluated_value
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


def _literal_edit(
    node: cst.SimpleString,
    value: str,
    hits: list[Hit],
    parents: Mapping[cst.CSTNode, cst.CSTNode],
    positions: Mapping[cst.CSTNode, CodeRange],
    offset: int,
    dotenv: DotEnv,
) -> tuple[_Edit, list[str]]:
    """The edit for one literal, and the names its secrets go by in ``.env``."""
    statement = _environment_statement(node, parents)
    given = _given_name(node, parents)
    if statement is not None and given is not None and [value] == [h.secret for h in hits]:
        name = dotenv.name_for(given, value)
        comment = f"# {given} is set in .env, read by load_dotenv()"
        return _edit(positions[statement], offset, comment), [name]
    names = [dotenv.name_for(_variable(given, hit), hit.secret) for hit in hits]
    if [value] == [h.secret for h in hits]:
        return _edit(positions[node], offset, f'os.environ["{names[0]}"]'), names
    # the secrets become holes of an f-string, the rest of the text stays
    pieces, rest = [], value
    in_order = sorted(zip(hits, names, strict=True), key=lambda pair: value.index(pair[0].secret))
    for hit, name in in_order:
        before, rest = rest.split(hit.secret, 1)
        pieces.append(f"{_fstring_text(before)}{{os.environ['{name}']}}")
    return _edit(positions[node], offset, 'f"' + "".join(pieces) + _fstring_text(rest) + '"'), names


def _edit(where: CodeRange, offset: int, text: str) -> _Edit:
    start = (where.start.line + offset, where.start.column)
    return _Edit(start, (where.end.line + offset, where.end.column), text)


def _fstring_text(text: str) -> str:
    escaped = json.dumps(text)[1:-1]  # backslashes, quotes and control characters
    return escaped.replace("{", "{{").replace("}", "}}")


def _variable(given: str | None, hit: Hit) -> str:
    """The environment variable for a secret given to ``given``: that name when it says
    key, token or password and more than "api key" (``openai_api_key``); else the
    provider's, or the name the secret has in configuration text (``GITHUB_TOKEN``)."""
    words = name_words(given or "")
    if secret_name(given) is not None and not set(words) <= _GENERIC_WORDS:
        return "_".join(words).upper()
    return hit.variable


def _given_name(node: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> str | None:
    """What the literal is given to: a keyword, an assignment target, a dict key, the key
    of ``os.environ[...]`` or of ``setdefault(key, value)``."""
    parent = parents.get(node)
    if isinstance(parent, cst.Arg):
        if parent.keyword is not None:
            return parent.keyword.value
        call = parents.get(parent)
        if isinstance(call, cst.Call) and _is_setdefault(call) and call.args[1] is parent:
            return _literal(call.args[0].value)
        return None
    if isinstance(parent, cst.Assign) and parent.value is node:
        return _target_name(parent.targets[-1].target)
    if isinstance(parent, cst.AnnAssign) and parent.value is node:
        return _target_name(parent.target)
    if isinstance(parent, cst.DictElement) and parent.value is node:
        return _literal(parent.key) or (
            parent.key.value if isinstance(parent.key, cst.Name) else None
        )
    return None


def _environment_statement(
    node: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]
) -> cst.CSTNode | None:
    """The statement, if the literal's only use is to put it into the environment."""
    parent = parents.get(node)
    if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
        target = parent.targets[0].target
        if isinstance(target, cst.Subscript) and _dotted(target.value).endswith("environ"):
            return parent if _alone(parent, parents) else None
    if isinstance(parent, cst.Arg):
        call = parents.get(parent)
        expression = parents.get(call) if call is not None else None
        if isinstance(call, cst.Call) and _is_setdefault(call) and isinstance(expression, cst.Expr):
            return expression if _alone(expression, parents) else None
    return None


def _alone(statement: cst.CSTNode, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> bool:
    line = parents.get(statement)
    return isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1


def _is_setdefault(call: cst.Call) -> bool:
    return _dotted(call.func).endswith("environ.setdefault") and len(call.args) >= 2


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


def _literal(node: cst.BaseExpression | None) -> str | None:
    return _value(node) if isinstance(node, cst.SimpleString) else None


def _target_name(target: cst.BaseExpression) -> str | None:
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        index = target.slice[0].slice
        return _literal(index.value) if isinstance(index, cst.Index) else None
    return None


# -- load_dotenv ----------------------------------------------------------------------------
def _setup_lines(text: str) -> list[str]:
    """What the file needs before its first ``os.environ[...]``: ``import os`` and
    ``load_dotenv()``, each only if it has none."""
    if _LOADS_DOTENV.search(text):
        return [] if _IMPORTS_OS.search(text) else ["import os"]
    lines = [] if _IMPORTS_OS.search(text) else ["import os"]
    return [*lines, "from dotenv import load_dotenv", "", "load_dotenv()"]


def _setup_edit(unit: CodeUnit, lines: list[str], in_notebook: bool) -> _Edit:
    """Insert ``lines`` at the top of the cell, or after a module's docstring and
    ``__future__`` imports."""
    line = 1 if in_notebook else _after_module_header(unit.text)
    following = unit.lines[line - 1] if line <= len(unit.lines) else ""
    text = ("\n" if line > 1 else "") + "\n".join(lines) + "\n"
    return _Edit((line, 0), (line, 0), text + ("\n" if following.strip() else ""))


def _after_module_header(text: str) -> int:
    """The first line after a module's docstring and ``from __future__`` imports."""
    try:
        body = ast.parse(text).body
    except (SyntaxError, ValueError):
        return 1
    end = 0
    for statement in body:
        is_docstring = (
            not end
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        )
        is_future = isinstance(statement, ast.ImportFrom) and statement.module == "__future__"
        if not (is_docstring or is_future):
            break
        end = statement.end_lineno or end
    return end + 1


# -- writing ------------------------------------------------------------------------------------
def _apply(text: str, edits: list[_Edit]) -> str:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def offset(point: tuple[int, int]) -> int:
        line, column = point
        return min(starts[line - 1] + column, len(text)) if line <= len(starts) else len(text)

    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: offset(edit.start)] + edit.text + text[offset(edit.end) :]
    return text


def _new_content(
    source: SourceFile, data: bytes, new_texts: dict[int, str], moved: list[_Moved]
) -> bytes:
    if not source.is_notebook:
        text = new_texts[0]
        if b"\r\n" in data:
            text = text.replace("\n", "\r\n")
        return text.encode("utf-8")
    original = data.decode("utf-8-sig")
    notebook = json.loads(original)
    cells = notebook["cells"]
    for index, text in new_texts.items():
        cell = cells[source.units[index].cell - 1]  # type: ignore[operator]
        old = cell.get("source")
        cell["source"] = text.splitlines(keepends=True) if isinstance(old, list) else text
    values = {m.value for m in moved}
    for cell in cells:
        outputs = cell.get("outputs") if isinstance(cell, dict) else None
        if outputs and any(value in json.dumps(outputs, ensure_ascii=False) for value in values):
            cell["outputs"] = []
    return _dump_like(original, notebook).encode("utf-8")


def _dump_like(original: str, notebook: object) -> str:
    """The notebook as JSON in the original's layout: its indentation (or Colab's compact
    form), its key order, raw or escaped non-ASCII characters, its final newline."""
    indent = re.search(r"\n( +)\"", original)
    compact = indent is None and re.match(r'\s*\{"[^"]*":\S', original) is not None
    text = json.dumps(
        notebook,
        indent=len(indent[1]) if indent else None,
        separators=(",", ":") if compact else None,
        ensure_ascii=original.isascii() and "\\u" in original,
    )
    return text + "\n" if original.endswith("\n") else text
