"""Home folders reached by code: ``HOME = os.path.expanduser('~')`` then
``pd.read_csv(HOME + '/data/x.csv')``.

A small data-flow over one code unit: names assigned once get the value their
expression builds from ``expanduser``, ``Path.home()``, ``os.environ['HOME']``, ``+``,
``/``, ``os.path.join`` and f-strings; a call that reads a file, lists a folder, moves into
it or searches it for modules, given such a value, reports the resulting path
(``~/data/x.csv``) where the home-relative part is written. Dot folders (``~/.cache``)
and places the code itself writes or creates (a log folder it lists again, ``~/logs``)
are per-user places that work everywhere.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from repro_hooks.sources import CodeUnit
from repro_hooks.sources.lines import char_column
from repro_hooks.sources.tree_sites import dotted_name, literal_value

_ENV_GETTERS = frozenset({"os.getenv", "getenv", "os.environ.get", "environ.get"})
_HOME_VARIABLES = frozenset({"HOME", "USERPROFILE"})
_JOINS = frozenset({"os.path.join", "path.join", "posixpath.join", "ntpath.join", "join"})
_SAME = frozenset(
    """Path PurePath PosixPath WindowsPath str fspath abspath normpath realpath expanduser
    resolve absolute""".split()
)
_READ_METHODS = frozenset({"read_text", "read_bytes", "open", "iterdir", "glob", "rglob"})
_WRITE_METHODS = frozenset({"mkdir", "write_text", "write_bytes", "touch"})
_WRITE_MODE = re.compile(r"[wax]")
_CREATES = frozenset({"download", "exist_ok", "cache_dir"})
# Keywords naming a folder a call writes into.
_OUTPUT_KEYWORDS = re.compile(r"(?:log|cache|output|save|checkpoint|ckpt)_?dir", re.IGNORECASE)

Position = tuple[int, int]


@dataclass(frozen=True)
class Value:
    """A path the code builds: ``~`` for the user's home folder; ``origin`` is where the
    first folder below home is written, once there is one."""

    path: str
    origin: Position | None = None

    @property
    def below_home(self) -> bool:
        """``~/data``: a named place in a home folder, not a dot folder of a tool."""
        rest = self.path[1:].lstrip("/\\") if self.path.startswith("~") else None
        return bool(rest) and rest is not None and not rest.startswith((".", "{}"))


@dataclass(frozen=True)
class CallKinds:
    """What the hook knows of calls, by dotted name: which read a file or folder they are
    given, which write or create it; and which keywords name a file or folder."""

    reads: Callable[[str], bool]
    writes: Callable[[str], bool]
    path_keyword: Callable[[str], bool]


@dataclass(frozen=True)
class HomeHit:
    line: int
    column: int
    path: str


def home_paths(unit: CodeUnit, uses: CallKinds) -> Iterator[HomeHit]:
    """Each home-folder path ``unit`` reads, once per place it is written."""
    blocks = [(offset, tree) for offset, _, tree in unit.syntax_trees() if tree is not None]
    flow = _Flow(unit.python_lines, blocks)
    reads, writes = flow.uses(uses)
    seen: set[Position] = set()
    for value in reads:
        if any(_related(value.path, written.path) for written in writes):
            continue
        if value.origin is not None and value.origin not in seen and value.below_home:
            seen.add(value.origin)
            yield HomeHit(*value.origin, value.path)


def _in_order(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of ``tree``, each before its children, in the order written."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack += reversed(list(ast.iter_child_nodes(node)))


class _Flow:
    """The unit's statements (parsed one block at a time, ``(line offset, tree)``), the
    names assigned once and the values they hold."""

    def __init__(self, lines: list[str], blocks: list[tuple[int, ast.Module]]) -> None:
        self._lines = lines
        self._nodes = [(offset, node) for offset, tree in blocks for node in _in_order(tree)]
        counts: Counter[str] = Counter()
        for _, node in self._nodes:
            for name, weight in _assigned(node):
                counts[name] += weight
        self._once = {name for name, count in counts.items() if count == 1}
        self._offset = 0
        self._env: dict[str, Value] = {}
        for offset, node in self._nodes:
            self._offset = offset
            target, value = _binding(node)
            if target is not None and value is not None and target in self._once:
                bound = self.value(value)
                if bound is not None:
                    self._env[target] = bound

    def position(self, node: ast.expr) -> Position:
        line = node.lineno + self._offset
        return line, char_column(self._lines[line - 1], node.col_offset) + 1

    def uses(self, kinds: CallKinds) -> tuple[list[Value], list[Value]]:
        """The values the unit reads, and those it writes or creates."""
        finder = _Uses(self, kinds)
        for offset, node in self._nodes:
            if isinstance(node, ast.Call):
                self._offset = offset
                finder.call(node)
        return finder.reads, finder.writes

    # -- evaluation --------------------------------------------------------------------
    def value(self, node: ast.expr) -> Value | None:
        if isinstance(node, ast.Constant):
            text = literal_value(node)
            if text is None:
                return None
            return Value(text, self.position(node) if Value(text).below_home else None)
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node)
        if isinstance(node, ast.Name):
            return self._env.get(node.id)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.BinOp):
            left, right = self.value(node.left), self.value(node.right) or _UNKNOWN
            if left is None:
                return None
            if isinstance(node.op, ast.Add):
                return self._combine(node, left, left.path + right.path)
            if isinstance(node.op, ast.Div):
                return self._combine(node, left, _join(left.path, right.path))
            return None
        if isinstance(node, ast.Call):
            return self._call(node)
        return None

    def _combine(self, node: ast.expr, left: Value, path: str) -> Value:
        """The origin stays where the first folder below home was written."""
        if left.origin is not None or not path.startswith("~"):
            return Value(path, left.origin)
        result = Value(path)
        return Value(path, self.position(node)) if result.below_home else result

    def _joined(self, node: ast.expr, first: ast.expr, rest: list[ast.expr]) -> Value | None:
        """``os.path.join(first, *rest)``; parts that cannot be told read ``{}``."""
        head = self.value(first)
        if head is None:
            return None
        path = head.path
        for part in rest:
            path = _join(path, (self.value(part) or _UNKNOWN).path)
        return self._combine(node, head, path)

    def _subscript(self, node: ast.Subscript) -> Value | None:
        environ = dotted_name(node.value) in {"os.environ", "environ"}
        return Value("~") if environ and literal_value(node.slice) in _HOME_VARIABLES else None

    def _fstring(self, node: ast.JoinedStr) -> Value | None:
        pieces: list[str] = []
        first: Value | None = None
        for part in node.values:
            if not isinstance(part, ast.FormattedValue):
                pieces.append(literal_value(part) or "")
                continue
            inner = self.value(part.value)
            if not pieces and inner is not None:
                first = inner
            pieces.append(inner.path if inner is not None else "{}")
        path = "".join(pieces)
        if first is None:
            return Value(path, self.position(node) if Value(path).below_home else None)
        return self._combine(node, first, path)

    def _call(self, node: ast.Call) -> Value | None:
        name = dotted_name(node.func) or ""
        last = name.rsplit(".", 1)[-1]
        args = _positional(node)
        if last == "home" and name.endswith(("Path.home", "pathlib.Path.home")):
            return Value("~")
        if name in _ENV_GETTERS and args and literal_value(args[0]) in _HOME_VARIABLES:
            return Value("~")
        if name in _JOINS and args:
            return self._joined(node, args[0], args[1:])
        if isinstance(node.func, ast.Attribute) and not args and last in _SAME:
            return self.value(node.func.value)  # Path(x).expanduser(), .resolve()
        if isinstance(node.func, ast.Attribute) and last == "joinpath":
            return self._joined(node, node.func.value, args)
        if last in _SAME and len(args) == 1:
            return self.value(args[0])
        return None


_UNKNOWN = Value("{}")


def _related(one: str, other: str) -> bool:
    """One path is the other, or a folder holding it."""
    one, other = one.rstrip("/"), other.rstrip("/")
    return one == other or other.startswith(one + "/") or one.startswith(other + "/")


def _join(left: str, right: str) -> str:
    if right.startswith(("/", "~")):
        return right
    return f"{left.rstrip('/')}/{right}" if left else right


def _positional(node: ast.Call) -> list[ast.expr]:
    """The positional arguments of a call, up to the first ``*args``."""
    args: list[ast.expr] = []
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            break
        args.append(arg)
    return args


def _target_names(target: ast.expr, weight: int = 1) -> Iterator[tuple[str, int]]:
    if isinstance(target, ast.Name):
        yield target.id, weight
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _target_names(
                element.value if isinstance(element, ast.Starred) else element, 2
            )


def _assigned(node: ast.AST) -> Iterator[tuple[str, int]]:
    """The names ``node`` assigns, each with a weight: 2 for an assignment that may run
    more than once or binds several values (a loop, ``+=``, a parameter, an unpacking)."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield from _target_names(target)
    elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)):
        yield from _target_names(node.target)
    elif isinstance(node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.comprehension)):
        yield from _target_names(node.target, 2)
    elif isinstance(node, ast.arg):
        yield node.arg, 2
    elif isinstance(node, (ast.withitem)) and node.optional_vars is not None:
        yield from _target_names(node.optional_vars, 2)
    elif isinstance(node, ast.alias):
        yield (node.asname or node.name).split(".")[0], 2
    elif isinstance(node, ast.ExceptHandler) and node.name:
        yield node.name, 2


def _binding(node: ast.AST) -> tuple[str | None, ast.expr | None]:
    """``name = value`` (one target) or ``name: T = value``: the name and the value."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return (target.id, node.value) if isinstance(target, ast.Name) else (None, None)
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id, node.value
    return None, None


class _Uses:
    """Values given to calls that read a file, list or enter a folder, or search it; and
    values given to calls that write or create."""

    def __init__(self, flow: _Flow, kinds: CallKinds) -> None:
        self._flow = flow
        self._kinds = kinds
        self.reads: list[Value] = []
        self.writes: list[Value] = []

    def _add(self, found: list[Value], node: ast.expr | None) -> None:
        value = self._flow.value(node) if node is not None else None
        if value is not None:
            found.append(value)

    def call(self, node: ast.Call) -> None:
        name = dotted_name(node.func) or ""
        last = name.rsplit(".", 1)[-1]
        args = _positional(node)
        keywords = {arg.arg: arg.value for arg in node.keywords if arg.arg}
        for key, value in keywords.items():
            if _OUTPUT_KEYWORDS.fullmatch(key):
                self._add(self.writes, value)
        if isinstance(node.func, ast.Attribute) and last in _WRITE_METHODS:
            self._add(self.writes, node.func.value)  # Path(x).mkdir(), out.write_text(...)
            return
        if (
            _creates(keywords)
            or (self._kinds.writes(name) and args)
            or (last == "open" and args and _writes(args, keywords))
        ):
            self._add(self.writes, args[0] if args else None)
            return
        if (
            isinstance(node.func, ast.Attribute)
            and last in _READ_METHODS
            and isinstance(node.func.value, ast.Call)
            and node.func.value.args
        ):
            target: ast.expr | None = node.func.value.args[0]
        elif self._kinds.reads(name) and args:
            target = args[0]
        else:
            target = None
        if target is not None:
            self._add(self.reads, target)
        for key, value in keywords.items():
            if self._kinds.path_keyword(key):  # Dataset(root=...): a folder it reads
                self._add(self.reads, value)


def _creates(keywords: dict[str, ast.expr]) -> bool:
    return any(
        key in _CREATES and not (isinstance(value, ast.Constant) and value.value is False)
        for key, value in keywords.items()
    )


def _writes(args: list[ast.expr], keywords: dict[str, ast.expr]) -> bool:
    mode = keywords.get("mode", args[1] if len(args) > 1 else None)
    text = literal_value(mode) if mode is not None else None
    return text is not None and _WRITE_MODE.search(text) is not None
