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
from repro_hooks.hooks.requirements_current import advice, rules
from repro_hooks.hooks.requirements_current.compare import Lock, at, check_pair
from repro_hooks.hooks.requirements_current.header import interpret
from repro_hooks.hooks.requirements_current.pairs import Orphan, Pair, Unknown, find_pairs
from repro_hooks.sources.requirements.inputs import (
    Inputs,
    Problem,
    UnreadableFile,
    read_inputs,
    read_text,
)
from repro_hooks.sources.requirements.lockfile import RequirementsFile, parse


def check_paths(
    paths: Sequence[str],
    recompile: str | None = None,
    configured: Sequence[Pair] = (),
    diff: bool = False,
) -> list[Finding]:
    """Findings for every pair the given files touch (every ``configured`` pair when no file
    is given): offline (no network) unless ``recompile`` is ``"resolve"`` (compare with
    pip-compile) or ``"fix"`` (rewrite)."""
    found = find_pairs(list(paths), configured)
    findings = [_orphan_finding(orphan) for orphan in found.orphans]
    findings += [_unknown_finding(unknown) for unknown in found.unknown]
    for pair in found.pairs:
        if not all(path.is_file() for path in (pair.output, *pair.sources)):
            continue
        if recompile is not None:
            findings += recompile_one(pair, fix=recompile == "fix", diff=diff)
        findings += check_one(pair)
    return list(dict.fromkeys(findings))


def recompile_one(pair: Pair, fix: bool, diff: bool) -> list[Finding]:
    """The compiler's verdict (it runs only here, in a subprocess)."""
    from repro_hooks.hooks.requirements_current.resolve import recompile

    try:
        _, lock = load_pair(pair)
    except UnreadableFile:
        return []  # the offline check reports it
    return recompile(pair.sources, lock, fix, diff)


def load_pair(pair: Pair) -> tuple[Inputs, Lock]:
    """Read both sides of a pair; raises :class:`UnreadableFile` for the output."""
    parsed = parse(read_text(pair.output))
    compilation = interpret(parsed.header, str(pair.sources[0]) if pair.sources else "")
    workdir = pair.workdir or pair.output.parent
    command = advice.command(compilation, pair.output, pair.sources, workdir, parsed)
    inputs = Inputs()
    for source in pair.sources:
        read = read_inputs(source, compilation.extras, compilation.groups)
        inputs.files += read.files
        inputs.declared += read.declared
        inputs.constraints += read.constraints
        inputs.problems += read.problems
        inputs.parsed.update(read.parsed)
        inputs.dynamic = inputs.dynamic or read.dynamic
    return inputs, Lock(pair.output, parsed, compilation, command, workdir)


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
    run = f"run `{lock.advice}`"
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
        output = Path(orphan.expected)
        compilation = interpret(None, str(orphan.path))
        run = advice.command(compilation, output, (orphan.path,), None, None)
        message = f"{orphan.expected} does not exist; run `{run}`"
    else:
        try:
            parsed: RequirementsFile | None = parse(read_text(orphan.path))
        except UnreadableFile:
            parsed = None
        compilation = interpret(parsed.header if parsed else None, orphan.expected)
        source = (Path(orphan.expected),)
        run = advice.command(compilation, orphan.path, source, None, parsed)
        message = (
            f"compiled from {orphan.expected}, which does not exist; restore it, then run `{run}`"
        )
    return Finding(str(orphan.path), None, None, None, rules.MISSING_PARTNER, message)


def _unknown_finding(unknown: Unknown) -> Finding:
    message = (
        f"cannot check {unknown.path}: its header's command (`{unknown.command}`) names no "
        f"input, and neither does any '# via' annotation; name its inputs in "
        f"[tool.repro-hooks.requirements-current] pairs"
    )
    return Finding(str(unknown.path), None, None, None, rules.SOURCES_UNKNOWN, message)
