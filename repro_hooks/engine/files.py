"""Run source checks over files: read each file once, run every check, keep the codes the
configuration selects, apply suppressions, and keep going when a file cannot be checked."""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass

from repro_hooks.core.config import CodeSelection, HookConfig
from repro_hooks.core.finding import Finding
from repro_hooks.core.rule import INTERNAL_ERROR, MALFORMED_NOTEBOOK, OTHER_LANGUAGE
from repro_hooks.engine.hook import SourceCheck
from repro_hooks.engine.pool import check_all
from repro_hooks.engine.suppressions import Judging, Scope, apply_suppressions
from repro_hooks.sources import SourceError, SourceFile, read_source


@dataclass(frozen=True)
class FileCheck:
    """One hook's check of a file and the codes its configuration selects."""

    check: SourceCheck
    codes: CodeSelection


def included(paths: Sequence[str], config: HookConfig) -> list[str]:
    """The paths the configuration's ``exclude`` patterns leave."""
    return [path for path in paths if not config.excludes(path)]


def outside_virtualenvs(paths: Sequence[str]) -> tuple[list[str], dict[str, int]]:
    """The paths not inside a virtualenv folder (one holding ``pyvenv.cfg``), and how many
    were left out under each virtualenv: installed packages are not the project's code,
    even when a repository tracks them (which the gitignore hook reports)."""
    kept: list[str] = []
    skipped: dict[str, int] = {}
    for path in paths:
        venv = _virtualenv_holding(os.path.dirname(path))
        if venv is None:
            kept.append(path)
        else:
            skipped[venv] = skipped.get(venv, 0) + 1
    return kept, skipped


@functools.cache
def _virtualenv_holding(folder: str) -> str | None:
    """The virtualenv folder at or above ``folder`` (as given, relative or absolute), below
    the working folder: a project whose own root holds ``pyvenv.cfg`` is still checked."""
    if not folder or folder == os.sep:
        return None
    if os.path.isfile(os.path.join(folder, VENV_MARKER)):
        return folder
    parent = os.path.dirname(folder)
    return None if parent == folder else _virtualenv_holding(parent)


def run_file_hook(
    paths: Sequence[str], check: SourceCheck, config: HookConfig, judging: Judging
) -> list[Finding]:
    """One hook over the files it is given."""
    return check_files(included(paths, config), [FileCheck(check, config.codes)], judging)


# The file that makes a folder a virtualenv (PEP 405).
VENV_MARKER = "pyvenv.cfg"


def check_files(
    paths: Sequence[str], checks: Sequence[FileCheck], judging: Judging
) -> list[Finding]:
    """Run ``checks`` on every file, on every core when the files are many or large
    (:mod:`repro_hooks.engine.pool`); an unreadable file becomes an RH9xx finding and the
    others are still checked."""
    return check_all(functools.partial(check_file, checks=checks, judging=judging), paths)


def check_file(path: str, checks: Sequence[FileCheck], judging: Judging) -> list[Finding]:
    def selected(code: str) -> bool:
        return all(check.codes.allows(code) for check in checks)

    try:
        source = read_source(path)
        if source.other_language is not None:
            message = f"not checked: its kernel runs {source.other_language}, not Python"
            findings = [Finding(path, None, None, None, OTHER_LANGUAGE, message)]
            return [finding for finding in findings if selected(finding.code)]
        findings = [
            Finding(path, part.cell, None, None, MALFORMED_NOTEBOOK, part.message)
            for part in source.malformed
        ]
        for check in checks:
            findings += [f for f in _run_check(path, check, source) if check.codes.allows(f.code)]
        findings += _too_deep(path, source)
    except SourceError as error:
        findings = [Finding(path, None, None, None, error.code, error.message)]
    else:
        findings = apply_suppressions(path, _scopes(source), findings, judging)
    return [finding for finding in findings if selected(finding.code)]


# Said in the message of a check that failed: the fuzz suite fails on it.
A_BUG = "a bug in repro-hooks"


def _run_check(path: str, check: FileCheck, source: SourceFile) -> list[Finding]:
    """One check of one file. A check that fails is reported on the file (RH999) and the
    other checks and files still run: a crash would print nothing at all, losing every
    other finding of the run."""
    try:
        return list(check.check(source))
    except RecursionError:
        return [Finding(path, None, None, None, INTERNAL_ERROR, "too deeply nested to check")]
    except Exception as error:  # reported, never raised: see the docstring
        message = (
            f"a check failed on this file ({type(error).__name__}), so it was not checked "
            f"whole: {A_BUG}; please report it with the file"
        )
        return [Finding(path, None, None, None, INTERNAL_ERROR, message)]


def _too_deep(path: str, source: SourceFile) -> list[Finding]:
    """RH999 for each statement the checks could not analyse: it alone is lost."""
    if not any(unit.too_deep for unit in source.units):
        return []
    from repro_hooks.sources.parse import MAX_DEPTH

    message = (
        f"this statement is nested too deeply to analyse (more than {MAX_DEPTH} levels): "
        "it was checked line by line only; the rest of the file was checked"
    )
    return [
        Finding(path, unit.cell, line, 1, INTERNAL_ERROR, message)
        for unit in source.units
        for line in sorted(unit.too_deep)
    ]


def _scopes(source: SourceFile) -> list[Scope]:
    return [Scope(unit.cell, unit.text, unit.python, unit.tags) for unit in source.units]
