"""String sites from a Python syntax tree: parents hand each child the context it is in.

The tree is the standard library's (:mod:`ast`): its parser is exact and runs in C, so a
file with a candidate in every function costs milliseconds, not seconds. Its positions
are UTF-8 byte columns; :class:`_Collector` turns them into characters, and a literal's
``raw`` text is cut from the source by its exact extent.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from repro_hooks.sources.lines import char_column
from repro_hooks.sources.sites import StringSite, first_part_end

# Calls whose arguments after the first are appended to the first.
JOIN_CALLS = frozenset({"os.path.join", "path.join", "join", "posixpath.join", "ntpath.join"})
_APPENDING = (ast.Add, ast.Div, ast.Mod)
# One string literal, from its prefix to its closing quote (an f-string whose holes hold
# no quote of its own kind).
_ONE_LITERAL = re.compile(
    r"[A-Za-z]{0,2}(?:"
    r"'''(?:\\.|(?!''')[^\\])*'''"
    r'|"""(?:\\.|(?!""")[^\\])*"""'
    r"|'(?:\\.|[^'\\\n])*'"
    r'|"(?:\\.|[^"\\\n])*"'
    r")",
    re.DOTALL,
)

# What a parent says of a child: :class:`StringSite`'s context fields (``name``, ``call``,
# ``is_head``, ...). Plain dicts: a site is built once, from its context, when found.
Context = dict[str, Any]
_EMPTY: Context = {}


def tree_sites(
    module: ast.Module,
    python: str,
    module_docstring: bool,
    line_offset: int = 0,
    lines: Sequence[int] | None = None,
) -> list[StringSite]:
    """The string sites of ``module``, parsed from ``python``, in the order written;
    ``python`` starts ``line_offset`` lines into its unit. Given ``lines`` (of the unit,
    sorted), a statement that holds none of them is not visited: a function with a
    candidate on one line has its other statements skipped. A parent hands context only
    to its own children, so the statements visited see what they saw before."""
    collector = _Collector(python.split("\n"), line_offset, lines)
    if module_docstring:
        collector.mark_docstring(module.body)
    collector.visit(module)
    return sorted(collector.sites, key=lambda site: (site.line, site.column))


def is_one_literal(raw: str) -> bool:
    """Whether ``raw`` is one literal, not an implicit concatenation of several."""
    return bool(_ONE_LITERAL.fullmatch(raw)) or first_part_end(raw) == len(raw)


def dotted_name(node: ast.expr) -> str | None:
    """``os.path.join`` for an attribute chain, ``df.to_csv`` for ``df.to_csv``; ``None``
    for anything more complex (a call result is kept as its callee: ``Path(x).open``)."""
    parts: list[str] = []
    while True:
        name = _name(node)
        if name is not None:
            parts.append(name)
            return ".".join(reversed(parts))
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return ".".join(reversed(parts)) if parts else None


def literal_value(node: ast.expr | None) -> str | None:
    """The decoded value of a string literal node, or ``None`` if it is not one; in an
    f-string each ``{expression}`` reads ``{}`` and bytes read as Latin-1."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("latin-1")
        return None
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
    return None


def _target_name(node: ast.expr) -> str | None:
    """The name a target gives its value: ``x``, ``self.x``'s ``x``, ``d['x']``'s ``x``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        key = literal_value(node.slice)
        if key is not None:
            return key
        return _name(node.slice)
    return None


def _name(node: ast.expr) -> str | None:
    """A name, ``True``, ``False`` and ``None`` included (they are names as written)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, bool)):
        return str(node.value)
    return None


def _unstarred(node: ast.expr) -> ast.expr:
    return node.value if isinstance(node, ast.Starred) else node


class _Collector:
    """Walks the tree once, parents before children; ``_context`` holds what a parent said
    of each child (by node identity)."""

    def __init__(self, lines: list[str], line_offset: int, wanted: Sequence[int] | None) -> None:
        self.sites: list[StringSite] = []
        self._lines = lines
        self._line_offset = line_offset
        self._wanted = wanted
        self._context: dict[int, Context] = {}
        self._then: dict[int, str] = {}  # a call -> the method called on its result

    def _set(self, node: ast.AST | None, context: Context) -> None:
        if node is not None:
            self._context[id(node)] = context

    def _of(self, node: ast.AST) -> Context:
        return self._context.get(id(node), _EMPTY)

    def visit(self, root: ast.AST) -> None:
        """Every node once, each after its parent (the sites are sorted afterwards)."""
        stack = [root]
        while stack:
            node = stack.pop()
            handler = _HANDLERS.get(type(node))
            children = handler(self, node) if handler is not None else None
            if children is None:
                children = _children(node)
            wanted = self._wanted
            if wanted is not None:
                children = [child for child in children if self._holds(child, wanted)]
            stack += children

    def _holds(self, node: ast.AST, wanted: Sequence[int]) -> bool:
        """Whether ``node`` is no statement, or a statement spanning a ``wanted`` line."""
        if not isinstance(node, ast.stmt):
            return True
        first = node.lineno + self._line_offset
        index = bisect_left(wanted, first)
        last = (node.end_lineno or node.lineno) + self._line_offset
        return index < len(wanted) and wanted[index] <= last

    # -- positions -----------------------------------------------------------------------
    def _column(self, line: int, offset: int) -> int:
        """The 0-based character column of UTF-8 byte ``offset`` on ``line`` (1-based)."""
        return char_column(self._lines[line - 1], offset)

    def _segment(self, node: ast.expr | ast.keyword) -> str:
        """The source text of ``node``, exactly as written."""
        first, last = node.lineno, node.end_lineno or node.lineno
        start = self._column(first, node.col_offset)
        end = self._column(last, node.end_col_offset or 0)
        if first == last:
            return self._lines[first - 1][start:end]
        middle = self._lines[first : last - 1]
        return "\n".join([self._lines[first - 1][start:], *middle, self._lines[last - 1][:end]])

    # -- statements that give a value a name ---------------------------------------------
    def mark_docstring(self, body: Sequence[ast.stmt]) -> None:
        """A body's docstring: a string statement alone on the first line of the body."""
        if not body or not isinstance(body[0], ast.Expr):
            return
        first = body[0]
        before = self._lines[first.lineno - 1][: self._column(first.lineno, first.col_offset)]
        alone = len(body) == 1 or body[1].lineno != first.end_lineno
        if alone and not before.strip():
            self._set(first.value, {"is_docstring": True})

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.mark_docstring(node.body)
        for decorator in node.decorator_list:
            self._set(decorator, {"in_decorator": True})

    def _arguments(self, node: ast.arguments) -> None:
        positional = [*node.posonlyargs, *node.args]
        with_default = positional[len(positional) - len(node.defaults) :]
        pairs = [
            *zip(with_default, node.defaults, strict=True),
            *zip(node.kwonlyargs, node.kw_defaults, strict=True),
        ]
        for argument, default in pairs:
            self._set(default, {"name": argument.arg})

    def _assign(self, node: ast.Assign) -> None:
        targets, value = node.targets, node.value
        if (
            isinstance(value, ast.Tuple)
            and len(targets) == 1
            and isinstance(targets[0], ast.Tuple)
            and len(targets[0].elts) == len(value.elts)
        ):
            for target, element in zip(targets[0].elts, value.elts, strict=True):
                self._name_value(_unstarred(target), _unstarred(element))
            return
        self._name_value(targets[-1], value)

    def _ann_assign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._name_value(node.target, node.value)

    def _aug_assign(self, node: ast.AugAssign) -> None:
        self._set(node.value, {"name": _target_name(node.target), "is_head": False})

    def _name_value(self, target: ast.expr, value: ast.expr) -> None:
        self._set(value, {**self._of(value), "name": _target_name(target)})

    # -- expressions that pass their context on ------------------------------------------
    def _call(self, node: ast.Call) -> None:
        outer = self._of(node)
        if isinstance(node.func, ast.Attribute):
            self._set(node.func.value, outer)  # '/x/{}'.format(y) keeps the outer context
            self._then[id(node.func.value)] = node.func.attr
        call = dotted_name(node.func)
        keywords = tuple(
            (arg.arg, self._segment(arg).split("=", 1)[1].strip())
            for arg in node.keywords
            if arg.arg is not None
        )
        # Arguments in the order written (``f(a, key=b, *c)``), each ``(keyword, value)``.
        written: list[ast.expr | ast.keyword] = [*node.args, *node.keywords]
        written.sort(key=lambda arg: (arg.lineno, arg.col_offset))
        arguments = tuple(
            self._segment(_unstarred(arg) if isinstance(arg, ast.expr) else arg.value)
            for arg in written
            if not isinstance(arg, ast.keyword) or arg.arg is None
        )
        then = self._then.get(id(node))
        joins = call in JOIN_CALLS
        setdefault_key = None
        if call is not None and call.endswith(".setdefault") and len(written) >= 2:
            first = written[0]
            key = first.value if isinstance(first, ast.keyword) else _unstarred(first)
            setdefault_key = literal_value(key)
        positional = 0
        for arg in written:
            keyword = arg.arg if isinstance(arg, ast.keyword) else None
            value = arg.value if isinstance(arg, ast.keyword) else _unstarred(arg)
            named = setdefault_key is not None and positional == 1 and keyword is None
            context = {
                "call": call,
                "keyword": keyword,
                "argument": None if keyword else positional,
                "then": then,
                "call_keywords": keywords,
                "call_arguments": arguments,
                "name": setdefault_key if named else keyword,
                "in_decorator": outer.get("in_decorator", False),
                "in_comparison": outer.get("in_comparison", False),
                "is_head": not (joins and positional > 0 and keyword is None),
            }
            self._set(value, context)
            if keyword is None:
                positional += 1

    def _binary(self, node: ast.BinOp) -> None:
        outer = self._of(node)
        self._set(node.left, outer)
        if isinstance(node.op, _APPENDING):
            self._set(node.right, {**outer, "is_head": False})

    def _compare(self, node: ast.Compare) -> None:
        context = {**self._of(node), "in_comparison": True}
        for operand in (node.left, *node.comparators):
            self._set(operand, context)

    def _dict(self, node: ast.Dict) -> None:
        outer = self._of(node)
        for key, value in zip(node.keys, node.values, strict=True):
            if key is not None:  # ``**mapping`` names nothing
                name = literal_value(key)
                name = name if name is not None else dotted_name(key)
                self._set(value, {**outer, "name": name, "keyword": None})

    def _elements(self, node: ast.List | ast.Tuple | ast.Set) -> None:
        outer = self._of(node)
        if outer is not _EMPTY:
            for element in node.elts:
                self._set(_unstarred(element), outer)

    # -- the strings themselves ----------------------------------------------------------
    def _constant(self, node: ast.Constant) -> list[ast.AST]:
        value = literal_value(node)
        if value is not None:
            raw = self._segment(node)
            one = is_one_literal(raw)
            self._add(node, value, raw, is_fstring=not one and "{}" in value)
        return []

    def _fstring(self, node: ast.JoinedStr) -> list[ast.AST]:
        """An f-string is a site; the strings in its expressions are sites of their own,
        except in an implicit concatenation, which is read as one literal."""
        value = literal_value(node) or ""
        raw = self._segment(node)
        if not is_one_literal(raw):
            self._add(node, value, raw, is_fstring="{}" in value)
            return []
        starts_with_expression = bool(node.values) and isinstance(
            node.values[0], ast.FormattedValue
        )
        self._add(node, value, raw, is_fstring=True, head=not starts_with_expression)
        return list(_holes(node))

    def _add(
        self, node: ast.expr, value: str, raw: str, is_fstring: bool, head: bool = True
    ) -> None:
        context = self._of(node)
        self.sites.append(
            StringSite(
                **{
                    **context,
                    "value": value,
                    "line": node.lineno + self._line_offset,
                    "column": self._column(node.lineno, node.col_offset) + 1,
                    "raw": raw,
                    "is_fstring": is_fstring,
                    "is_head": context.get("is_head", True) and head,
                }
            )
        )


def _children(node: ast.AST) -> list[ast.AST]:
    """``ast.iter_child_nodes`` without a generator's cost, and only the fields that can
    hold a string (no ``Load``/``Store``, operators, names or flags)."""
    found: list[ast.AST] = []
    for name in _node_fields(type(node)):
        value = getattr(node, name, None)
        if type(value) is list:
            found += [item for item in value if isinstance(item, ast.AST)]
        elif isinstance(value, ast.AST):
            found.append(value)
    return found


# Fields that never hold a node with a string below it.
_SCALAR_FIELDS = frozenset(
    "ctx op id attr arg name names module level kind type_comment conversion is_async "
    "type_ignores".split()
)


_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}


def _node_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(f for f in kind._fields if f not in _SCALAR_FIELDS)
    return fields


def _leaf(collector: _Collector, node: ast.AST) -> list[ast.AST]:
    return []


def _holes(node: ast.JoinedStr) -> Iterator[ast.expr]:
    """The expressions of an f-string's holes, those of its format specs included."""
    for part in node.values:
        if isinstance(part, ast.FormattedValue):
            yield part.value
            if isinstance(part.format_spec, ast.JoinedStr):
                yield from _holes(part.format_spec)


Handler = Callable[[_Collector, Any], "list[ast.AST] | None"]
# What each kind of node does before its children are visited; a handler may return the
# children to visit instead of all of them.
_HANDLERS: dict[type[ast.AST], Handler] = {
    ast.FunctionDef: _Collector._definition,
    ast.AsyncFunctionDef: _Collector._definition,
    ast.ClassDef: _Collector._definition,
    ast.arguments: _Collector._arguments,
    ast.Assign: _Collector._assign,
    ast.AnnAssign: _Collector._ann_assign,
    ast.AugAssign: _Collector._aug_assign,
    ast.Call: _Collector._call,
    ast.BinOp: _Collector._binary,
    ast.Compare: _Collector._compare,
    ast.Dict: _Collector._dict,
    ast.List: _Collector._elements,
    ast.Tuple: _Collector._elements,
    ast.Set: _Collector._elements,
    ast.Constant: _Collector._constant,
    ast.JoinedStr: _Collector._fstring,
    # Nodes that hold no string.
    ast.Name: _leaf,
    ast.Import: _leaf,
    ast.ImportFrom: _leaf,
    ast.Pass: _leaf,
    ast.Break: _leaf,
    ast.Continue: _leaf,
    ast.Global: _leaf,
    ast.Nonlocal: _leaf,
}
