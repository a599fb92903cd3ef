"""What a source file imports and installs, with the position of each.

Imports come from the Python text of each code unit (``import``, ``from ... import``,
``importlib.import_module("literal")``, ``__import__("literal")``) and from magics
(``%matplotlib`` needs matplotlib, ``%load_ext X`` imports X). Left out, since they need
no declaration: relative imports, ``from __future__``, imports under ``if TYPE_CHECKING:``
and those in the ``try`` body of a ``try`` whose handler catches ``ImportError`` (or
``ModuleNotFoundError``, ``Exception``, everything): optional by design. The imports of
such a handler are fallbacks: needed only when none of the ``try``'s is available.
A unit that does not parse (Python 2) is read line by line instead.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from keyword import iskeyword

from repro_hooks.sources import CodeUnit, Command, SourceFile, Word
from repro_hooks.sources.lines import char_column

# Exceptions that make the imports of a ``try`` body optional.
_GUARDS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
# Extensions that ship inside IPython itself.
_IPYTHON_EXTENSIONS = frozenset({"autoreload", "storemagic"})
_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:import[ \t]+(?P<modules>[\w. \t,]+)|from[ \t]+(?P<module>[\w.]+)[ \t]+import\b)"
)
_INSTALLERS = {
    "pip": "pip",
    "pip3": "pip",
    "conda": "conda",
    "mamba": "conda",
    "micromamba": "conda",
}
# Options of ``pip install`` / ``conda install`` that take a value.
_PIP_VALUE = frozenset(
    "-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url -f "
    "--find-links -t --target --prefix --root --src --platform --python-version "
    "--implementation --abi --upgrade-strategy --trusted-host --progress-bar --python "
    "--cache-dir --log --proxy --timeout --retries --report".split()
)
_CONDA_VALUE = frozenset(
    "-c --channel -n --name -p --prefix --file --override-channels-file --repodata-fn".split()
)
_SHELL_OPERATOR = re.compile(r"[;&|]")
_PYTHON = re.compile(r"\{.*\}|\S*python[\d.]*")
# Paths and unexpanded variables: they install the project itself or unknown names.
_NOT_PACKAGE = re.compile(r"^(\.{1,2}(/|$)|/|~|\{|\$)")
_TOOLING = re.compile(r"^(pip|setuptools|wheel)\b(?![-.\w])", re.IGNORECASE)
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_NAME_AS = r"[ \t]+as[ \t]+\w+"
_PLAIN_MODULE = rf"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:{_NAME_AS})?"
_PLAIN_MEMBER = rf"[A-Za-z_]\w*(?:{_NAME_AS})?"
# A plain import statement alone on its line, a comment at most after it.
_PLAIN_IMPORT = re.compile(
    rf"(?:import[ \t]+(?P<modules>{_PLAIN_MODULE}(?:[ \t]*,[ \t]*{_PLAIN_MODULE})*)"
    rf"|from[ \t]+(?P<module>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t]+import[ \t]+"
    rf"(?P<members>\*|{_PLAIN_MEMBER}(?:[ \t]*,[ \t]*{_PLAIN_MEMBER})*))[ \t]*(?:#.*)?"
)
_SYS_PATH = re.compile(
    r"sys\.path\.(?:append|insert)\(\s*(?:\d+\s*,\s*)?(?P<q>['\"])(?P<path>[^'\"\n]+)(?P=q)\s*\)"
)
_TRY = (ast.Try, getattr(ast, "TryStar", ast.Try))


@dataclass(frozen=True)
class Import:
    """One imported module. ``names`` are its dotted candidates, most specific first:
    ``from google.cloud import storage`` -> ``("google.cloud.storage", "google.cloud")``.
    ``alternatives``: for a fallback (``except ImportError: import json``), the imports it
    stands in for (``ujson``); any of them available makes it needless. ``min_python``:
    the import runs only from that Python on (``if sys.version_info >= (3, 11):``)."""

    names: tuple[str, ...]
    cell: int | None
    line: int
    column: int
    alternatives: tuple[tuple[str, ...], ...] = ()
    min_python: tuple[int, int] | None = None

    @property
    def module(self) -> str:
        """The module as the user wrote it."""
        return self.names[-1]


@dataclass(frozen=True)
class Install:
    """A ``%pip install`` / ``!conda install`` line and the packages it names."""

    command: str
    packages: tuple[str, ...]
    cell: int | None
    line: int
    column: int


def find_imports(source: SourceFile) -> list[Import]:
    """Every import of every code unit, in file order."""
    found: list[Import] = []
    for unit in source.units:
        found += _python_imports(unit)
        found += _magic_imports(unit)
    found.sort(key=lambda i: (i.cell or 0, i.line, i.column))
    return found


def _python_imports(unit: CodeUnit) -> list[Import]:
    """The imports of the top-level statements that mention ``import``: a plain import on
    a line of its own is read as written, any other statement parsed on its own; one that
    does not parse is read a line at a time."""
    if "import" not in unit.python:
        return []
    lines = unit.python_lines
    found: list[Import] = []
    to_parse: set[int] = set()
    for number, text in enumerate(lines, 1):
        if "import" in text:
            plain = _plain_import(unit, lines, number)
            if plain is None:
                to_parse.add(number)
            else:
                found += plain
    for offset, block, tree in unit.syntax_trees(to_parse):
        if tree is None:
            found += _line_imports(unit.cell, block, offset)
            continue
        dynamic = "import_module" in block or "__import__" in block
        for names, line, column, others, python in _visit(tree.body, dynamic, (), None):
            line += offset
            column = _column(lines, line, column, names[-1])
            found.append(Import(names, unit.cell, line, column, others, python))
    return found


# The statement lists of a compound statement; a simple statement has none.
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")
# (names, line, UTF-8 byte offset as ast counts, alternatives, min_python)
_Found = tuple[tuple[str, ...], int, int, tuple[tuple[str, ...], ...], tuple[int, int] | None]


def _visit(
    body: list[ast.stmt],
    dynamic: bool,
    alternatives: tuple[tuple[str, ...], ...],
    python: tuple[int, int] | None,
) -> Iterator[_Found]:
    """The imports in ``body``, without those under ``if TYPE_CHECKING:`` or in the
    ``try`` of a guarded ``try``; a guarded ``try``'s handlers are fallbacks, whose
    imports carry the ``try``'s as alternatives; under ``if sys.version_info >= (3, 11):``
    they carry the version. ``dynamic``: also ``import_module("x")`` calls (looked for
    only when the text has one)."""
    for node in body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield (alias.name,), alias.lineno, alias.col_offset, alternatives, python
        elif isinstance(node, ast.ImportFrom):
            if node.level or not node.module or node.module == "__future__":
                continue
            for alias in node.names:
                member = () if alias.name == "*" else (f"{node.module}.{alias.name}",)
                at = node.lineno, node.col_offset + len("from")  # the module, after "from"
                yield (*member, node.module), *at, alternatives, python
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _visit(node.orelse, dynamic, alternatives, python)
        elif isinstance(node, ast.If) and (version := _version_test(node.test)):
            since, branch = version
            newer = max(python, since) if python else since
            yield from _visit(node.body, dynamic, alternatives, newer if branch else python)
            yield from _visit(node.orelse, dynamic, alternatives, python if branch else newer)
        elif isinstance(node, _TRY) and _guards_import(node):
            tried = tuple(found[0] for found in _visit(node.body, dynamic, (), python))
            for handler in node.handlers:
                yield from _visit(handler.body, dynamic, alternatives + tried, python)
            yield from _visit(node.orelse, dynamic, alternatives, python)
            yield from _visit(node.finalbody, dynamic, alternatives, python)
        elif any(hasattr(node, field) for field in _BODIES):
            for field in _BODIES:
                for child in getattr(node, field, ()):
                    if isinstance(child, ast.stmt):
                        yield from _visit([child], dynamic, alternatives, python)
                    else:  # an except handler or a match case
                        yield from _visit(child.body, dynamic, alternatives, python)
        elif dynamic:
            for names, line, offset in _calls(node):
                yield names, line, offset, alternatives, python


def _version_test(test: ast.expr) -> tuple[tuple[int, int], bool] | None:
    """``sys.version_info >= (3, 11)`` -> ((3, 11), True): from 3.11 on the body runs;
    ``sys.version_info < (3, 11)`` -> ((3, 11), False): from 3.11 on the ``else`` runs."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if isinstance(left, ast.Subscript):  # sys.version_info[:2]
        left = left.value
    name = left.attr if isinstance(left, ast.Attribute) else getattr(left, "id", None)
    if name != "version_info" or not isinstance(right, ast.Tuple) or len(right.elts) < 2:
        return None
    parts = [
        e.value for e in right.elts[:2] if isinstance(e, ast.Constant) and type(e.value) is int
    ]
    if len(parts) != 2:
        return None
    since = (parts[0], parts[1])
    if isinstance(op, ast.GtE | ast.Gt):
        return since, True
    if isinstance(op, ast.Lt):
        return since, False
    return None


def _calls(node: ast.stmt) -> Iterator[tuple[tuple[str, ...], int, int]]:
    """``importlib.import_module("x")`` and ``__import__("x")`` in a simple statement."""
    for call in ast.walk(node):
        if not isinstance(call, ast.Call) or not call.args:
            continue
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        first = call.args[0]
        if (
            name in ("import_module", "__import__")
            and isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and _DOTTED.fullmatch(first.value)
        ):
            yield (first.value,), first.lineno, first.col_offset + 1


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _guards_import(node: ast.Try) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in types:
            name = kind.attr if isinstance(kind, ast.Attribute) else getattr(kind, "id", "")
            if name in _GUARDS:
                return True
    return False


def _plain_import(unit: CodeUnit, lines: list[str], number: int) -> list[Import] | None:
    """The imports of line ``number`` if it is a whole top-level statement of the plainest
    kind (``import a.b as c, d``, ``from a import b, c``), else ``None``: most imports are
    written so, and reading them as written costs far less than parsing them."""
    text = lines[number - 1]
    match = _PLAIN_IMPORT.fullmatch(text)
    if match is None or unit.statement_lines(number) != range(number, number + 1):
        return None
    if not _all_identifiers(match):
        return None  # a keyword as a name ("from x import if"): a syntax error, parsed as one
    module = match["module"]
    if module == "__future__":
        return []
    if module:
        column = match.start("module") + 1
        members = [part.split()[0] for part in match["members"].split(",")]
        named = [(module,)] if members == ["*"] else [(f"{module}.{m}", module) for m in members]
        return [Import(names, unit.cell, number, column) for names in named]
    imports = []
    start = match.start("modules")
    for part in match["modules"].split(","):
        name = part.split()[0]
        imports.append(Import((name,), unit.cell, number, text.index(name, start) + 1))
        start += len(part) + 1
    return imports


def _all_identifiers(match: re.Match[str]) -> bool:
    """Whether every name of a plain import is an identifier, not a keyword (``as``,
    ``if``, ``None``): each part reads ``name`` or ``name as alias``."""
    names = match["module"].split(".") if match["module"] else []
    for part in (match["members"] or match["modules"]).split(","):
        words = part.split()
        names += [*words[0].split("."), *words[2:]]
    return not any(iskeyword(name) for name in names)


def _column(lines: list[str], line: int, offset: int, module: str) -> int:
    """1-based character column of ``module`` at or after the UTF-8 byte ``offset``
    (what ``ast`` reports) on ``line``: ``from x import y`` is reported at ``x``."""
    text = lines[line - 1] if line <= len(lines) else ""
    offset = char_column(text, offset)
    found = text.find(module, offset)
    return (found if found >= 0 else offset) + 1


def _line_imports(cell: int | None, block: str, offset: int) -> Iterator[Import]:
    """Import statements of a block of code that does not parse, read one line at a time;
    the block starts ``offset`` lines into its unit."""
    for number, text in enumerate(block.split("\n"), start=offset + 1):
        match = _IMPORT_LINE.match(text)
        if not match:
            continue
        if match["module"]:
            module = match["module"]
            if not module.startswith(".") and module != "__future__":
                yield Import((module,), cell, number, match.start("module") + 1)
            continue
        start = match.start("modules")
        for part in match["modules"].split(","):
            name = part.split()[0] if part.split() else ""
            if _DOTTED.fullmatch(name):
                column = text.index(name, start) + 1
                yield Import((name,), cell, number, column)
            start += len(part) + 1


def _magic_imports(unit: CodeUnit) -> Iterator[Import]:
    for command in unit.commands:
        if command.kind != "magic":
            continue
        if command.name == "matplotlib":
            yield Import(("matplotlib",), unit.cell, command.line, _sigil_column(unit, command))
        elif command.name in ("load_ext", "reload_ext"):
            for word in command.words:
                if not _DOTTED.fullmatch(word.text):
                    continue
                if word.text not in _IPYTHON_EXTENSIONS:
                    yield Import((word.text,), unit.cell, word.line, word.column)


def _sigil_column(unit: CodeUnit, command: Command) -> int:
    """Column of the ``%``/``!`` that starts ``command`` on its line."""
    text = unit.lines[command.line - 1] if command.line <= len(unit.lines) else ""
    found = text.find("!" if command.kind == "shell" and command.name == "!" else "%")
    return found + 1 if found >= 0 else command.column


def written_modules(source: SourceFile) -> frozenset[str]:
    """Modules the notebook writes itself, first-party: ``%%writefile helpers.py``, and
    ``!protoc x.proto --python_out=.`` (``x_pb2``, ``x_pb2_grpc``)."""
    names = set()
    for unit in source.units:
        for command in unit.commands:
            words = [w.text for w in command.words]
            if command.kind == "magic" and command.name in ("writefile", "file"):
                target = next((w for w in words if not w.startswith("-")), "")
                if target.endswith(".py"):
                    names.add(target.rsplit("/", 1)[-1].removesuffix(".py"))
            elif command.kind == "shell" and any(w.endswith("protoc") for w in words[:3]):
                for word in words:
                    if word.endswith(".proto"):
                        stem = word.rsplit("/", 1)[-1].removesuffix(".proto")
                        names |= {f"{stem}_pb2", f"{stem}_pb2_grpc"}
    return frozenset(name for name in names if name.isidentifier())


def added_paths(source: SourceFile) -> list[str]:
    """Folders the code puts on ``sys.path`` by a literal (``sys.path.append("..")``,
    ``sys.path.insert(0, "../src")``): modules there are the project's own."""
    return [
        match["path"]
        for unit in source.units
        if "sys.path" in unit.python
        for match in _SYS_PATH.finditer(unit.python)
    ]


def find_installs(source: SourceFile) -> list[Install]:
    """Every ``pip``/``conda`` install command in magics and shell escapes."""
    found: list[Install] = []
    for unit in source.units:
        for command in unit.commands:
            for texts, line, column in _segments(unit, command):
                install = _install(texts)
                if install is not None:
                    found.append(Install(*install, unit.cell, line, column))
    return found


def _segments(unit: CodeUnit, command: Command) -> Iterator[tuple[list[str], int, int]]:
    """(words, line, column) of each simple command in ``command``: shell text split at
    its operators (``a && b``); a magic with its name put back (``pip install x``)."""
    if command.kind == "magic":
        texts = [command.name, *(w.text for w in command.words)]
        yield texts, command.line, _sigil_column(unit, command)
        return
    if command.kind != "shell":
        return
    segment: list[Word] = []
    cursor = 0
    for word in command.words:
        at = command.args.find(word.raw, cursor)
        if at >= 0:
            if segment and _SHELL_OPERATOR.search(command.args[cursor:at]):
                yield [w.text for w in segment], segment[0].line, segment[0].column
                segment = []
            cursor = at + len(word.raw)
        segment.append(word)
    if segment:
        yield [w.text for w in segment], segment[0].line, segment[0].column


def _install(texts: list[str]) -> tuple[str, tuple[str, ...]] | None:
    """(``pip install``, packages) if ``texts`` run an installer's install command."""
    while texts and texts[0] in ("sudo", "env"):
        texts = texts[1:]
    if len(texts) >= 3 and texts[1] == "-m" and _PYTHON.fullmatch(texts[0]):
        texts = texts[2:]
    if texts[:2] == ["uv", "pip"]:
        texts = texts[1:]
    if not texts or texts[0] not in _INSTALLERS or "install" not in texts[1:3]:
        return None
    tool = _INSTALLERS[texts[0]]
    takes_value = _PIP_VALUE if tool == "pip" else _CONDA_VALUE
    packages: list[str] = []
    skip = False
    for text in texts[texts.index("install", 1) + 1 :]:
        if skip:
            skip = False
        elif text.startswith("-"):
            skip = text in takes_value
        elif text and not _NOT_PACKAGE.match(text):
            packages.append(text)
    if all(_TOOLING.match(package) for package in packages):
        return None  # upgrading the installer itself changes no import
    return f"{texts[0]} install", tuple(packages)
