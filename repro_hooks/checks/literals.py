"""Every string literal of a code unit, with the context that decides what it means.

Shared by the checks that judge string values (paths, secrets). Context comes from the
libcst tree: what the string is assigned or passed to, whether it heads a path built with
``+``, ``%``, ``/``, ``os.path.join`` or an f-string, whether it is a docstring, a decorator
argument or a comparison operand. A unit that does not parse is scanned by
:func:`fallback_sites`, a tokenizer-level scan with the context one line can give.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

import libcst as cst
from libcst.metadata import CodeRange, PositionProvider

from repro_hooks.sources import CodeUnit

# Calls whose arguments after the first are appended to the first.
JOIN_CALLS = frozenset({"os.path.join", "path.join", "join", "posixpath.join", "ntpath.join"})


@dataclass(frozen=True)
class StringSite:
    """One string literal (implicitly concatenated parts count as one).

    ``value`` is decoded; in an f-string each ``{expression}`` reads ``{}``. ``is_head`` is
    false when the string is appended to something else (``data_dir + '/train'``,
    ``os.path.join(root, '/x')``, an f-string that starts with an expression). ``name`` is
    what the value is given to: an assignment target's last part, a keyword, a dict key, a
    parameter, ``os.environ['X']``'s key. ``call`` is the dotted name of the call it is an
    argument of (through ``+``, ``%``, joins and method calls on the string), and
    ``call_keywords`` that call's keyword arguments as source text.
    """

    value: str
    line: int
    column: int
    is_fstring: bool = False
    is_head: bool = True
    name: str | None = None
    target: str | None = None
    call: str | None = None
    keyword: str | None = None
    argument_index: int | None = None
    call_keywords: tuple[tuple[str, str], ...] = ()
    in_comparison: bool = False
    is_docstring: bool = False
    in_decorator: bool = False
    is_subscript: bool = False

    def call_keyword(self, keyword: str) -> str | None:
        return dict(self.call_keywords).get(keyword)


def string_sites(unit: CodeUnit, lines: Iterable[int] | None = None) -> Iterator[StringSite]:
    """String literals of ``unit.python`` (only of the top-level statements holding
    ``lines``, if given), from the tree, or by tokens where it won't parse."""
    blocks = [(0, unit.python, unit.syntax_tree)] if lines is None else unit.syntax_trees(lines)
    for offset, text, wrapper in blocks:
        if wrapper is None:
            sites: Iterable[StringSite] = fallback_sites(text)
        else:
            # A notebook cell that starts with a string displays it: that is no docstring.
            collector = _Collector(wrapper.module, unit.cell is None and offset == 0)
            wrapper.visit(collector)
            sites = collector.sites
        for site in sites:
            yield replace(site, line=site.line + offset) if offset else site


_EMPTY = StringSite("", 0, 0)


def dotted_name(node: cst.BaseExpression) -> str | None:
    """``os.path.join`` for an attribute chain, ``df.to_csv`` for ``df.to_csv``; ``None``
    for anything more complex (a call result is kept as its callee: ``Path(x).open``)."""
    parts: list[str] = []
    while True:
        if isinstance(node, cst.Name):
            parts.append(node.value)
            return ".".join(reversed(parts))
        if isinstance(node, cst.Attribute):
            parts.append(node.attr.value)
            node = node.value
        elif isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Subscript):
            node = node.value
        else:
            return ".".join(reversed(parts)) if parts else None


def _string_value(node: cst.SimpleString) -> str | None:
    try:
        value = node.evaluated_value
    except (ValueError, SyntaxError):
        return None
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def _fstring_value(node: cst.FormattedString) -> str:
    prefix = "".join(c for c in node.prefix if c.lower() != "f")
    quote = node.start[len(node.prefix) :]
    pieces: list[str] = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            try:
                text = ast.literal_eval(f"{prefix}{quote}{part.value}{quote}")
            except (ValueError, SyntaxError):
                text = part.value
            pieces.append(str(text).replace("{{", "{").replace("}}", "}"))
        else:
            pieces.append("{}")
    return "".join(pieces)


def literal_value(node: cst.BaseExpression) -> str | None:
    """The decoded value of a string literal node, or ``None`` if it is not one."""
    if isinstance(node, cst.SimpleString):
        return _string_value(node)
    if isinstance(node, cst.FormattedString):
        return _fstring_value(node)
    if isinstance(node, cst.ConcatenatedString):
        left, right = literal_value(node.left), literal_value(node.right)
        return None if left is None or right is None else left + right
    return None


def _target_name(node: cst.BaseExpression) -> tuple[str | None, str]:
    """(the name a target gives its value, the target's source)."""
    source = cst.Module([]).code_for_node(node)
    if isinstance(node, cst.Name):
        return node.value, source
    if isinstance(node, cst.Attribute):
        return node.attr.value, source
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            key = literal_value(index.value)
            if key is not None:
                return key, source
            if isinstance(index.value, cst.Name):
                return index.value.value, source
    return None, source


class _Collector(cst.CSTVisitor):
    """Walks the tree once; parents hand each child the context it is in."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, module: cst.Module, module_docstring: bool) -> None:
        super().__init__()
        self.sites: list[StringSite] = []
        self._context: dict[int, StringSite] = {}
        if module_docstring:
            self._mark_docstring(module.body)

    def _set(self, node: cst.CSTNode | None, context: StringSite) -> None:
        if node is not None:
            self._context[id(node)] = context

    def _of(self, node: cst.CSTNode) -> StringSite:
        return self._context.get(id(node), _EMPTY)

    def _mark_docstring(self, body: object) -> None:
        statements = getattr(body, "body", body)
        if not isinstance(statements, (list, tuple)) or not statements:
            return
        first = statements[0]
        if isinstance(first, cst.SimpleStatementLine) and len(first.body) == 1:
            expression = first.body[0]
            if isinstance(expression, cst.Expr):
                self._set(expression.value, replace(_EMPTY, is_docstring=True))

    # -- statements that give a value a name ---------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._mark_docstring(node.body)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._mark_docstring(node.body)

    def visit_Param(self, node: cst.Param) -> None:
        self._set(node.default, replace(_EMPTY, name=node.name.value, target=node.name.value))

    def visit_Assign(self, node: cst.Assign) -> None:
        targets = [t.target for t in node.targets]
        value = node.value
        if (
            isinstance(value, cst.Tuple)
            and len(targets) == 1
            and isinstance(targets[0], cst.Tuple)
            and len(targets[0].elements) == len(value.elements)
        ):
            for target, element in zip(targets[0].elements, value.elements, strict=True):
                self._name_value(target.value, element.value)
            return
        self._name_value(targets[-1], value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._name_value(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        name, source = _target_name(node.target)
        self._set(node.value, replace(_EMPTY, name=name, target=source, is_head=False))

    def _name_value(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        name, source = _target_name(target)
        self._set(value, replace(self._of(value), name=name, target=source))

    # -- expressions that pass their context on ------------------------------------------
    def visit_Decorator(self, node: cst.Decorator) -> None:
        self._set(node.decorator, replace(_EMPTY, in_decorator=True))

    def visit_Call(self, node: cst.Call) -> None:
        outer = self._of(node)
        if isinstance(node.func, cst.Attribute):
            self._set(node.func.value, outer)  # '/x/{}'.format(y) keeps the outer context
        call = dotted_name(node.func)
        keywords = tuple(
            (arg.keyword.value, cst.Module([]).code_for_node(arg.value))
            for arg in node.args
            if arg.keyword is not None
        )
        joins = call in JOIN_CALLS
        setdefault_key = (
            literal_value(node.args[0].value)
            if call is not None and call.endswith(".setdefault") and len(node.args) >= 2
            else None
        )
        positional = 0
        for arg in node.args:
            keyword = arg.keyword.value if arg.keyword is not None else None
            context = replace(
                _EMPTY,
                call=call,
                keyword=keyword,
                argument_index=None if keyword else positional,
                call_keywords=keywords,
                name=keyword,
                in_decorator=outer.in_decorator,
                in_comparison=outer.in_comparison,
                is_head=not (joins and positional > 0 and keyword is None),
            )
            if setdefault_key is not None and positional == 1 and keyword is None:
                context = replace(context, name=setdefault_key, target=call)
            self._set(arg.value, context)
            if keyword is None:
                positional += 1

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        outer = self._of(node)
        self._set(node.left, outer)
        if isinstance(node.operator, (cst.Add, cst.Divide, cst.Modulo)):
            self._set(node.right, replace(outer, is_head=False))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        context = replace(self._of(node), in_comparison=True)
        self._set(node.left, context)
        for target in node.comparisons:
            self._set(target.comparator, context)

    def visit_Dict(self, node: cst.Dict) -> None:
        outer = self._of(node)
        for element in node.elements:
            if isinstance(element, cst.DictElement):
                key = literal_value(element.key)
                name = key if key is not None else dotted_name(element.key)
                self._set(element.value, replace(outer, name=name, keyword=None))

    def visit_Subscript(self, node: cst.Subscript) -> None:
        for element in node.slice:
            if isinstance(element.slice, cst.Index):
                self._set(element.slice.value, replace(_EMPTY, is_subscript=True))

    def visit_List(self, node: cst.List) -> None:
        self._pass_to_elements(node)

    def visit_Tuple(self, node: cst.Tuple) -> None:
        self._pass_to_elements(node)

    def visit_Set(self, node: cst.Set) -> None:
        self._pass_to_elements(node)

    def _pass_to_elements(self, node: cst.List | cst.Tuple | cst.Set) -> None:
        outer = self._of(node)
        if outer is not _EMPTY:
            for element in node.elements:
                self._set(element.value, outer)

    # -- the strings themselves ----------------------------------------------------------
    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        value = _string_value(node)
        if value is not None:
            self._add(node, value, is_fstring=False)

    def visit_FormattedString(self, node: cst.FormattedString) -> bool:
        value = _fstring_value(node)
        starts_with_expression = bool(node.parts) and isinstance(
            node.parts[0], cst.FormattedStringExpression
        )
        self._add(node, value, is_fstring=True, head=not starts_with_expression)
        return True  # strings nested in its expressions are sites of their own

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        value = literal_value(node)
        if value is None:
            return True
        self._add(node, value, is_fstring="{}" in value)
        return False

    def _add(self, node: cst.CSTNode, value: str, is_fstring: bool, head: bool = True) -> None:
        position: CodeRange = self.get_metadata(PositionProvider, node)
        context = self._of(node)
        self.sites.append(
            replace(
                context,
                value=value,
                line=position.start.line,
                column=position.start.column + 1,
                is_fstring=is_fstring,
                is_head=context.is_head and head,
            )
        )


# -- the token-level fallback -------------------------------------------------------------
_QUOTE_OR_COMMENT = re.compile(r"""(?P<prefix>\b[rRbBuUfF]{1,2})?(?P<quote>'''|\"\"\"|'|")|#""")
_NAME_BEFORE = re.compile(r"""(?:(?P<name>[A-Za-z_]\w*)\s*=|["'](?P<key>\w+)["']\s*:)\s*$""")
_CALL_BEFORE = re.compile(r"(?P<call>[A-Za-z_][\w.]*)\s*\(\s*$")


def fallback_sites(python: str) -> Iterator[StringSite]:
    """String literals found by scanning characters, for code no parser accepts
    (Python 2 ``print "x"``, a typo); context is what the same line shows before it."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", python)]
    position = 0
    while True:
        match = _QUOTE_OR_COMMENT.search(python, position)
        if match is None:
            return
        if match[0] == "#":
            newline = python.find("\n", match.end())
            position = len(python) if newline < 0 else newline
            continue
        quote = match["quote"]
        end = _closing_quote(python, match.end(), quote)
        literal = python[match.start() : end]
        position = end
        prefix = (match["prefix"] or "").lower()
        line = _line_of(line_starts, match.start())
        line_start = line_starts[line - 1]
        before = python[line_start : match.start()]
        value = _fallback_value(literal, prefix, quote)
        name_match = _NAME_BEFORE.search(before)
        call_match = _CALL_BEFORE.search(before)
        yield StringSite(
            value=value,
            line=line,
            column=match.start() - line_start + 1,
            is_fstring="f" in prefix,
            is_head=not before.rstrip().endswith(("+", "%", "/")),
            name=(name_match["name"] or name_match["key"]) if name_match else None,
            call=call_match["call"] if call_match else None,
        )


def _closing_quote(text: str, start: int, quote: str) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i + len(quote)
        if len(quote) == 1 and text[i] == "\n":
            return i
        i += 1
    return len(text)


def _line_of(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts)
    while low + 1 < high:
        middle = (low + high) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle
    return low + 1


def _fallback_value(literal: str, prefix: str, quote: str) -> str:
    body_prefix = prefix.replace("f", "").replace("u", "")
    body = literal[len(prefix) :]
    try:
        value = ast.literal_eval(body_prefix + body)
    except (ValueError, SyntaxError, MemoryError):
        inner = body[len(quote) :]
        return inner[: -len(quote)] if inner.endswith(quote) else inner
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return re.sub(r"\{[^{}]*\}", "{}", value) if "f" in prefix else str(value)
