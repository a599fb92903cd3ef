"""String sites from a libcst tree: parents hand each child the context it is in.

Imported only when a unit is parsed, so a clean commit never pays for libcst.
"""

from __future__ import annotations

import ast
from dataclasses import replace

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from repro_hooks.sources.sites import StringSite

# Calls whose arguments after the first are appended to the first.
JOIN_CALLS = frozenset({"os.path.join", "path.join", "join", "posixpath.join", "ntpath.join"})


def tree_sites(wrapper: MetadataWrapper, module_docstring: bool) -> list[StringSite]:
    collector = _Collector(wrapper.module, module_docstring)
    wrapper.visit(collector)
    return collector.sites


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


def _target_name(node: cst.BaseExpression) -> str | None:
    """The name a target gives its value: ``x``, ``self.x``'s ``x``, ``d['x']``'s ``x``."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Subscript) and len(node.slice) == 1:
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            key = literal_value(index.value)
            if key is not None:
                return key
            if isinstance(index.value, cst.Name):
                return index.value.value
    return None


class _Collector(cst.CSTVisitor):
    """Walks the tree once; parents hand each child the context it is in."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, module: cst.Module, module_docstring: bool) -> None:
        super().__init__()
        self.sites: list[StringSite] = []
        self._module = module
        self._context: dict[int, StringSite] = {}
        self._then: dict[int, str] = {}  # a call -> the method called on its result
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
        self._set(node.default, replace(_EMPTY, name=node.name.value))

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
        self._set(node.value, replace(_EMPTY, name=_target_name(node.target), is_head=False))

    def _name_value(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        self._set(value, replace(self._of(value), name=_target_name(target)))

    # -- expressions that pass their context on ------------------------------------------
    def visit_Decorator(self, node: cst.Decorator) -> None:
        self._set(node.decorator, replace(_EMPTY, in_decorator=True))

    def visit_Call(self, node: cst.Call) -> None:
        outer = self._of(node)
        if isinstance(node.func, cst.Attribute):
            self._set(node.func.value, outer)  # '/x/{}'.format(y) keeps the outer context
            self._then[id(node.func.value)] = node.func.attr.value
        call = dotted_name(node.func)
        keywords = tuple(
            (arg.keyword.value, cst.Module([]).code_for_node(arg.value))
            for arg in node.args
            if arg.keyword is not None
        )
        arguments = tuple(
            cst.Module([]).code_for_node(arg.value) for arg in node.args if arg.keyword is None
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
                argument=None if keyword else positional,
                then=self._then.get(id(node)),
                call_keywords=keywords,
                call_arguments=arguments,
                name=keyword,
                in_decorator=outer.in_decorator,
                in_comparison=outer.in_comparison,
                is_head=not (joins and positional > 0 and keyword is None),
            )
            if setdefault_key is not None and positional == 1 and keyword is None:
                context = replace(context, name=setdefault_key)
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
                raw=self._module.code_for_node(node),
                is_fstring=is_fstring,
                is_head=context.is_head and head,
            )
        )
