"""``requirements-current``: a ``requirements.txt`` must be what pip-compile makes of its
``.in`` (RH3xx), judged offline from the two files alone.

This module wires the parts together (pairs -> inputs + lock -> comparisons) and
documents every code it can report; the parts live in :mod:`repro_hooks.hooks.requirements_current`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from repro_hooks.core.finding import Finding
from repro_hooks.core.rule import INTERNAL_ERROR, UNDECODABLE, UNREADABLE
from repro_hooks.hooks.requirements_current import rules
from repro_hooks.hooks.requirements_current.compare import Lock, at, check_pair
from repro_hooks.hooks.requirements_current.header import interpret
from repro_hooks.hooks.requirements_current.pairs import Orphan, Pair, find_pairs
from repro_hooks.sources.requirements.inputs import (
    Inputs,
    Problem,
    UnreadableFile,
    read_inputs,
    read_text,
)
from repro_hooks.sources.requirements.lockfile import parse


def check_paths(
    paths: Sequence[str], recompile: str | None = None, configured: Sequence[Pair] = ()
) -> list[Finding]:
    """Findings for every pair the given files touch (every ``configured`` pair when no file
    is given): offline (no network) unless ``recompile`` is ``"resolve"`` (compare with
    pip-compile) or ``"fix"`` (rewrite)."""
    pairs, orphans = find_pairs(list(paths), configured)
    findings = [_orphan_finding(orphan) for orphan in orphans]
    for pair in pairs:
        if not all(path.is_file() for path in (pair.output, *pair.sources)):
            continue
        if recompile is not None:
            findings += recompile_one(pair, fix=recompile == "fix")
        findings += check_one(pair)
    return list(dict.fromkeys(findings))


def recompile_one(pair: Pair, fix: bool) -> list[Finding]:
    """pip-compile's verdict (pip-tools is imported only here, in a subprocess)."""
    from repro_hooks.hooks.requirements_current.resolve import recompile

    try:
        _, lock = load_pair(pair)
    except UnreadableFile:
        return []  # the offline check reports it
    return recompile(pair.sources, lock, fix)


def load_pair(pair: Pair) -> tuple[Inputs, Lock]:
    """Read both sides of a pair; raises :class:`UnreadableFile` for the output."""
    parsed = parse(read_text(pair.output))
    default_source = (
        str(pair.sources[0].relative_to(pair.output.parent))
        if (pair.sources[0].parent == pair.output.parent)
        else str(pair.sources[0])
    )
    compilation = interpret(parsed.header, default_source)
    inputs = Inputs()
    for source in pair.sources:
        read = read_inputs(source, compilation.extras)
        inputs.files += read.files
        inputs.declared += read.declared
        inputs.constraints += read.constraints
        inputs.problems += read.problems
        inputs.parsed.update(read.parsed)
        inputs.dynamic = inputs.dynamic or read.dynamic
    return inputs, Lock(pair.output, parsed, compilation)


def check_one(pair: Pair) -> list[Finding]:
    try:
        inputs, lock = load_pair(pair)
    except UnreadableFile as error:
        return [_unreadable(error.path, error.reason, error.binary)]
    findings = [_problem_finding(problem, lock) for problem in inputs.problems]
    if inputs.dynamic:
        inputs.declared = []
    return findings + check_pair(inputs, lock)


def _problem_finding(problem: Problem, lock: Lock) -> Finding:
    if problem.option is None or problem.kind in ("binary", "unreadable"):
        return _unreadable(problem.target, problem.reason, problem.kind == "binary")
    run = f"run `{lock.compilation.advice}`"
    include = f"'{problem.option.name} {problem.option.value}'"
    if problem.kind == "not-followed":
        return at(problem.source, problem.option, INTERNAL_ERROR, f"{include} {problem.reason}")
    if problem.kind == "cycle":
        message = f"{include} leads back to a file already included (an include cycle); {run}"
        return at(problem.source, problem.option, rules.INCLUDE_CYCLE, message)
    message = f"{include} names a file that does not exist; fix the path, then {run}"
    return at(problem.source, problem.option, rules.MISSING_INCLUDE, message)


def _unreadable(path: Path, reason: str, binary: bool) -> Finding:
    code = UNDECODABLE if binary else UNREADABLE
    return Finding(str(path), None, None, None, code, f"could not check the file: {reason}")


def _orphan_finding(orphan: Orphan) -> Finding:
    if orphan.path.suffix == ".in":
        message = f"{orphan.expected} does not exist; run `pip-compile {orphan.path}`"
    else:
        message = (
            f"compiled from {orphan.expected}, which does not exist; restore it, then run "
            f"`pip-compile {orphan.expected}`"
        )
    return Finding(str(orphan.path), None, None, None, rules.MISSING_PARTNER, message)
