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

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from repro_hooks.sources import CodeUnit
from repro_hooks.sources.tree_sites import dotted_name, literal_value

_EXPAND = frozenset({"expanduser"})
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
    flow = _Flow(blocks)
    reads, writes = flow.uses(uses)
    seen: set[Position] = set()
    for value in reads:
        if any(_related(value.path, written.path) for written in writes):
            continue
        if value.origin is not None and value.origin not in seen and value.below_home:
            seen.add(value.origin)
            yield HomeHit(*value.origin, value.path)


class _Flow:
    def __init__(self, blocks: list[tuple[int, MetadataWrapper]]) -> None:
        self._positions: dict[int, CodeRange] = {}
        self._offsets: dict[int, int] = {}
        self._modules: list[cst.Module] = []
        for offset, wrapper in blocks:
            positions = wrapper.resolve(PositionProvider)
            for node, where in positions.items():
                self._positions[id(node)] = where
                self._offsets[id(node)] = offset
            self._modules.append(wrapper.module)
        counter = _Assignments()
        for module in self._modules:
            module.visit(counter)
        self._once = {name for name, count in counter.counts.items() if count == 1}
        self._env: dict[str, Value] = {}
        for module in self._modules:
            module.visit(_Binder(self))

    def position(self, node: cst.CSTNode) -> Position | None:
        where = self._positions.get(id(node))
        if where is None:
            return None
        return where.start.line + self._offsets[id(node)], where.start.column + 1

    def bind(self, name: str, node: cst.BaseExpression) -> None:
        if name in self._once:
            value = self.value(node)
            if value is not None:
                self._env[name] = value

    def uses(self, kinds: CallKinds) -> tuple[list[Value], list[Value]]:
        """The values the unit reads, and those it writes or creates."""
        finder = _Uses(self, kinds)
        for module in self._modules:
            module.visit(finder)
        return finder.reads, finder.writes

    # -- evaluation --------------------------------------------------------------------
    def value(self, node: cst.BaseExpression) -> Value | None:
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            text = literal_value(node)
            if text is None:
                return None
            return Value(text, self.position(node) if Value(text).below_home else None)
        if isinstance(node, cst.FormattedString):
            return self._fstring(node)
        if isinstance(node, cst.Name):
            return self._env.get(node.value)
        if isinstance(node, cst.Subscript):
            return self._subscript(node)
        if isinstance(node, cst.BinaryOperation):
            left, right = self.value(node.left), self.value(node.right) or _UNKNOWN
            if left is None:
                return None
            if isinstance(node.operator, cst.Add):
                return self._combine(node, left, left.path + right.path)
            if isinstance(node.operator, cst.Divide):
                return self._combine(node, left, _join(left.path, right.path))
            return None
        if isinstance(node, cst.Call):
            return self._call(node)
        return None

    def _combine(self, node: cst.CSTNode, left: Value, path: str) -> Value:
        """The origin stays where the first folder below home was written."""
        if left.origin is not None or not path.startswith("~"):
            return Value(path, left.origin)
        result = Value(path)
        return Value(path, self.position(node)) if result.below_home else result

    def _joined(
        self, node: cst.CSTNode, first: cst.BaseExpression, rest: list[cst.BaseExpression]
    ) -> Value | None:
        """``os.path.join(first, *rest)``; parts that cannot be told read ``{}``."""
        head = self.value(first)
        if head is None:
            return None
        path = head.path
        for part in rest:
            path = _join(path, (self.value(part) or _UNKNOWN).path)
        return self._combine(node, head, path)

    def _subscript(self, node: cst.Subscript) -> Value | None:
        if dotted_name(node.value) in {"os.environ", "environ"} and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index) and literal_value(index.value) in _HOME_VARIABLES:
                return Value("~")
        return None

    def _fstring(self, node: cst.FormattedString) -> Value | None:
        pieces: list[str] = []
        first: Value | None = None
        for part in node.parts:
            if not isinstance(part, cst.FormattedStringExpression):
                pieces.append(part.value if isinstance(part, cst.FormattedStringText) else "{}")
                continue
            inner = self.value(part.expression)
            if not pieces and inner is not None:
                first = inner
            pieces.append(inner.path if inner is not None else "{}")
        path = "".join(pieces)
        if first is None:
            return Value(path, self.position(node) if Value(path).below_home else None)
        return self._combine(node, first, path)

    def _call(self, node: cst.Call) -> Value | None:
        name = dotted_name(node.func) or ""
        last = name.rsplit(".", 1)[-1]
        args = [arg.value for arg in node.args if arg.keyword is None]
        if last == "home" and name.endswith(("Path.home", "pathlib.Path.home")):
            return Value("~")
        if name in _ENV_GETTERS and args and literal_value(args[0]) in _HOME_VARIABLES:
            return Value("~")
        if name in _JOINS and args:
            return self._joined(node, args[0], args[1:])
        if isinstance(node.func, cst.Attribute) and not args and last in _SAME:
            return self.value(node.func.value)  # Path(x).expanduser(), .resolve()
        if isinstance(node.func, cst.Attribute) and last == "joinpath":
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


class _Assignments(cst.CSTVisitor):
    """How many times each name is assigned in the unit (a loop or ``+=`` counts twice)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    def _names(self, target: cst.BaseExpression, weight: int = 1) -> None:
        if isinstance(target, cst.Name):
            self.counts[target.value] += weight
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._names(element.value, 2)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._names(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._names(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._names(node.target, 2)

    def visit_For(self, node: cst.For) -> None:
        self._names(node.target, 2)

    def visit_Param(self, node: cst.Param) -> None:
        self.counts[node.name.value] += 2

    def visit_AsName(self, node: cst.AsName) -> None:
        self._names(node.name, 2)


class _Binder(cst.CSTVisitor):
    """Names assigned once, in the order the statements come."""

    def __init__(self, flow: _Flow) -> None:
        super().__init__()
        self._flow = flow

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._flow.bind(node.targets[0].target.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and node.value is not None:
            self._flow.bind(node.target.value, node.value)


class _Uses(cst.CSTVisitor):
    """Values given to calls that read a file, list or enter a folder, or search it; and
    values given to calls that write or create."""

    def __init__(self, flow: _Flow, kinds: CallKinds) -> None:
        super().__init__()
        self._flow = flow
        self._kinds = kinds
        self.reads: list[Value] = []
        self.writes: list[Value] = []

    def _add(self, found: list[Value], node: cst.BaseExpression | None) -> None:
        value = self._flow.value(node) if node is not None else None
        if value is not None:
            found.append(value)

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted_name(node.func) or ""
        last = name.rsplit(".", 1)[-1]
        args = [arg.value for arg in node.args if arg.keyword is None]
        keywords = {arg.keyword.value: arg.value for arg in node.args if arg.keyword}
        for key, value in keywords.items():
            if _OUTPUT_KEYWORDS.fullmatch(key):
                self._add(self.writes, value)
        if isinstance(node.func, cst.Attribute) and last in _WRITE_METHODS:
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
            isinstance(node.func, cst.Attribute)
            and last in _READ_METHODS
            and isinstance(node.func.value, cst.Call)
            and node.func.value.args
        ):
            target: cst.BaseExpression | None = node.func.value.args[0].value
        elif self._kinds.reads(name) and args:
            target = args[0]
        else:
            target = None
        if target is not None:
            self._add(self.reads, target)
        for key, value in keywords.items():
            if self._kinds.path_keyword(key):  # Dataset(root=...): a folder it reads
                self._add(self.reads, value)


def _creates(keywords: dict[str, cst.BaseExpression]) -> bool:
    return any(
        key in _CREATES and not (isinstance(value, cst.Name) and value.value == "False")
        for key, value in keywords.items()
    )


def _writes(args: list[cst.BaseExpression], keywords: dict[str, cst.BaseExpression]) -> bool:
    mode = keywords.get("mode", args[1] if len(args) > 1 else None)
    text = literal_value(mode) if mode is not None else None
    return text is not None and _WRITE_MODE.search(text) is not None
