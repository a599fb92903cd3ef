"""The record that makes a package a hook, and how the engine runs each kind.

Every hook package exports ``HOOK = Hook(...)``; :mod:`repro_hooks.registry` lists the
packages. The record holds everything the command line, ``check``, ``explain``, the SARIF
rule table, configuration and the manifest test need to know of the hook, so none of them
names a hook in code. Its check is reached through a function that imports it, so that
reading the record (``--help``, configuration) costs no more than its rule docs.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from repro_hooks.core.config import HookConfig, Options, Schema
from repro_hooks.core.finding import Finding
from repro_hooks.core.lazy import lazy
from repro_hooks.core.rule import Rule
from repro_hooks.sources import SourceFile

SourceCheck = Callable[[SourceFile], Iterable[Finding]]
Scope = Literal["sources", "files", "repository"]
# pre-commit's `python` and `jupyter` types: `.pyi` is a type of its own.
TYPE_SUFFIXES: Mapping[str, tuple[str, ...]] = {
    "python": (".py", ".pyw"),
    "jupyter": (".ipynb",),
}
_PYTHON_INTERPRETER = re.compile(r"python[\d.]*")


@dataclass(frozen=True)
class Run:
    """One run of a ``files`` or ``repository`` hook, or of a ``sources`` hook's
    ``project_check``: the paths it is given (files, or the folder of the work tree), its
    configuration, and its own flags (``fix``, ``resolve``, ...; empty when ``check`` runs
    it). The caller applies the suppressions written in the files, once for every hook
    that ran, so that each is judged once."""

    paths: Sequence[str]
    config: HookConfig
    flags: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Hook:
    """One hook.

    ``id`` is its subcommand and pre-commit id; every code it reports starts with
    ``prefix`` (written out, never derived from an order). ``scope`` says how it runs:
    ``sources`` checks one :class:`SourceFile` at a time (``make_check(config)`` builds the
    check with the project's settings); ``files`` and ``repository`` hooks are ``run`` once
    with their :class:`Run`. ``types`` (pre-commit's ``types_or``) and ``files`` (a regular
    expression over the path) say which files pre-commit passes it; ``check`` routes files
    the same way, adding the files the project's configuration names
    (``configured_files``). A ``sources`` hook with a ``fix`` repairs the files it is given
    before they are checked, when its ``--fix`` flag is set. ``add_arguments`` adds the
    hook's own flags; ``example_file`` turns a rule example into a file name and its text
    (default: a ``.py`` module), ``example_files`` into several files.

    ``project_check`` is a ``sources`` hook's once-per-run step, for findings about the
    project rather than one source (a declaration file's lines): it gets every path the
    hook was given, whichever, and the engine reads only the sources among them
    (:func:`is_source`), so ``files`` may route other files to this step alone.
    """

    id: str
    prefix: str
    summary: str
    rules: tuple[Rule, ...]
    scope: Scope
    options: Options = field(default_factory=dict)
    types: tuple[str, ...] = ()
    files: str | None = None
    pass_filenames: bool = True
    configured_files: Callable[[HookConfig], Callable[[str], bool] | None] | None = None
    make_check: Callable[[HookConfig], SourceCheck] | None = None
    fix: Callable[[Sequence[str], HookConfig], object] | None = None
    run: Callable[[Run], list[Finding]] | None = None
    project_check: Callable[[Run], list[Finding]] | None = None
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None
    example_file: Callable[[str], tuple[str, str]] | None = None
    example_files: Callable[[str], dict[str, str]] | None = None

    def example_tree(self, text: str) -> dict[str, str]:
        """A rule example as the files it stands for: the hook's ``example_files`` (for a
        hook that reads several files together, such as a ``.in`` and its ``.txt``), else
        the one file of :meth:`example`."""
        if self.example_files is not None:
            return self.example_files(text)
        return dict([self.example(text)])

    def example(self, text: str) -> tuple[str, str]:
        """A rule example as a file: the hook's ``example_file``, else a ``.py`` module,
        or a one-cell notebook when the text uses IPython syntax (``%magic``, ``!shell``)."""
        if self.example_file is not None:
            return self.example_file(text)
        if any(line.lstrip().startswith(("%", "!")) for line in text.splitlines()):
            return "example.ipynb", notebook_text([text])
        return "example.py", text

    @property
    def require_serial(self) -> bool:
        """Whether pre-commit must pass all the files to one process (``require_serial:
        true``): a hook given file names runs them in the engine's own pool, one
        parallelism. pre-commit's chunks, each forking a pool, ran slower on two cores."""
        return self.pass_filenames

    @property
    def schema(self) -> Schema:
        return Schema(self.id, self.prefix, tuple(rule.code for rule in self.rules), self.options)

    @lazy
    def _files_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self.files) if self.files is not None else None

    def taker(self, config: HookConfig) -> Callable[[str], bool]:
        """Which files are this hook's under ``config``: :meth:`takes`, and the files the
        configuration names."""
        named = self.configured_files(config) if self.configured_files else None
        if named is None:
            return self.takes
        return lambda path: self.takes(path) or named(path)

    def takes(self, path: str) -> bool:
        """Whether pre-commit passes ``path`` to this hook (both ``types`` and ``files``,
        where given, must match). ``files`` is matched on the absolute path: from a
        subfolder the given one may lack the folder the pattern looks for."""
        if not self.pass_filenames:
            return False
        if self.types and not any(_has_type(path, kind) for kind in self.types):
            return False
        if self._files_pattern is not None:
            absolute = os.path.abspath(path).replace(os.sep, "/")
            return self._files_pattern.search(absolute) is not None
        return True


def is_source(path: str) -> bool:
    """Whether the engine reads ``path`` as a :class:`SourceFile` (a Python file or a
    notebook)."""
    return _has_type(path, "python") or _has_type(path, "jupyter")


def notebook_text(cells: Sequence[str | Mapping[str, Any]]) -> str:
    """A format 4 Python notebook: a text in ``cells`` is a code cell that never ran, a
    mapping is a whole cell (a count, outputs, tags, or a markdown cell)."""
    import json

    notebook = {
        "cells": [
            cell
            if not isinstance(cell, str)
            else {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": cell.splitlines(keepends=True),
            }
            for cell in cells
        ],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1) + "\n"


def _has_type(path: str, kind: str) -> bool:
    """pre-commit's file types: by suffix, and for ``python`` an executable script without
    a suffix whose ``#!`` line runs Python."""
    if path.endswith(TYPE_SUFFIXES.get(kind, ())):
        return True
    return kind == "python" and _is_python_script(path)


def _is_python_script(path: str) -> bool:
    if os.path.splitext(path)[1] or not os.access(path, os.X_OK):
        return False
    try:
        with open(path, "rb") as handle:
            first = handle.readline(256).decode("utf-8", "replace")
    except OSError:
        return False
    words = first.removeprefix("#!").split() if first.startswith("#!") else []
    if words and os.path.basename(words[0]) == "env":
        words = [word for word in words[1:] if not word.startswith("-")]
    return bool(words) and bool(_PYTHON_INTERPRETER.fullmatch(os.path.basename(words[0])))
