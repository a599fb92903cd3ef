"""``requirements-current``: a ``requirements.txt`` must be what pip-compile makes of its
``.in`` (RH3xx), judged offline from the two files alone.

This module wires the parts together (pairs -> inputs + lock -> comparisons) and
documents every code it can report; the parts live in :mod:`repro_hooks.checks.requirements`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from repro_hooks.checks.requirements import codes
from repro_hooks.checks.requirements.compare import Lock, at, check_pair
from repro_hooks.checks.requirements.header import interpret
from repro_hooks.checks.requirements.inputs import (
    Inputs,
    Problem,
    UnreadableFile,
    read_inputs,
    read_text,
)
from repro_hooks.checks.requirements.lockfile import parse
from repro_hooks.checks.requirements.pairs import Orphan, Pair, find_pairs
from repro_hooks.findings import Finding
from repro_hooks.rules import UNDECODABLE, UNREADABLE, Rule

RULES: tuple[Rule, ...] = (
    Rule(
        codes.NOT_COMPILED,
        "requirement-not-compiled",
        "Finds a requirement of the `.in` (or of a file it includes with `-r`) that has no "
        "pin in the compiled `.txt`.",
        "Whoever installs from the `.txt` does not get the package the notebook imports.",
        "requirements.in: `seaborn` added, requirements.txt not recompiled",
        "Run the pip-compile command from the `.txt` header and commit both files.",
    ),
    Rule(
        codes.OUTSIDE_SPECIFIER,
        "pin-outside-specifier",
        "Finds a pin in the `.txt` that the `.in` no longer allows, such as `pandas==2.1.0` "
        "for `pandas<2`, or a pin that is not the URL the `.in` names.",
        "The specifier in the `.in` says what works; the lock installs something else.",
        "requirements.in: `pandas<2`\nrequirements.txt: `pandas==2.1.0`",
        "Recompile so that the pin satisfies the specifier.",
    ),
    Rule(
        codes.EXTRAS_OR_MARKER,
        "extras-or-marker-dropped",
        "Finds a pin missing the extras or the environment marker its `.in` line has (extras "
        "are not required when the header has `--strip-extras`).",
        "Without the extra the optional dependencies are missing; without the marker the "
        "package is installed where it should not be.",
        "requirements.in: `requests[socks]`\nrequirements.txt: `requests==2.32.3`",
        "requirements.txt: `requests[socks]==2.32.3`, as pip-compile writes it.",
    ),
    Rule(
        codes.STALE,
        "stale-pin",
        "Finds a pin annotated `via -r X.in` for a package X.in no longer requires, and the "
        "pins that only it pulled in.",
        "Deleted dependencies keep being installed, and keep their vulnerabilities.",
        "requirements.txt: `seaborn==0.13.2  # via -r requirements.in` after removing seaborn",
        "Recompile; pip-compile drops the package and its orphans.",
    ),
    Rule(
        codes.MISSING_VIA,
        "missing-via-annotation",
        "Finds a direct requirement whose pin lacks the `-r X.in` annotation.",
        "The `.txt` was not made from this `.in` (or was edited by hand); a recompile "
        "would change it.",
        "requirements.txt: `numpy==2.1.0  # via pandas` while requirements.in lists numpy",
        "requirements.txt: `numpy==2.1.0` annotated `# via -r requirements.in, pandas`.",
    ),
    Rule(
        codes.NOT_PINNED,
        "not-an-exact-pin",
        "Finds a `.txt` line pip-compile never writes: an unpinned or non-`==` requirement, "
        "an unparseable line, or an `-r`/`-c` include.",
        "A lock file that is not exact does not reproduce the environment.",
        "requirements.txt: `pandas>=2`",
        "requirements.txt: `pandas==2.2.3`, by recompiling.",
    ),
    Rule(
        codes.DUPLICATE,
        "duplicate-pin",
        "Finds a package pinned more than once in the `.txt`.",
        "pip refuses double requirements, or installs whichever it meets first.",
        "requirements.txt: `numpy==1.26.4` ... `numpy==2.1.0`",
        "One pin per package, by recompiling.",
    ),
    Rule(
        codes.PARTIAL_HASHES,
        "partial-hashes",
        "Finds a pin without `--hash` in a `.txt` whose other pins have hashes (or whose "
        "header has `--generate-hashes`).",
        "pip's hash-checking mode refuses the whole file when one requirement lacks a hash.",
        "requirements.txt: `six==1.17.0` among `--hash=sha256:...` pins",
        "Recompile with `--generate-hashes`.",
    ),
    Rule(
        codes.LAYER_CONFLICT,
        "layered-pin-conflict",
        "Finds a pin that disagrees with a constraint file the `.in` names with `-c`, such "
        "as dev.txt pinning another version than requirements.txt.",
        "Installing both layers together fails or silently changes the base environment.",
        "dev.in: `-c requirements.txt`; requirements.txt: `idna==3.7`; dev.txt: `idna==3.6`",
        "Recompile the layered file after its base.",
    ),
    Rule(
        codes.MISSING_PARTNER,
        "missing-partner",
        "Finds a `.in` with no compiled `.txt`, or a compiled `.txt` whose input is gone.",
        "Nothing pins what the `.in` asks for, or nothing says how the `.txt` was made.",
        "requirements.in committed without requirements.txt",
        "Run `pip-compile requirements.in` and commit the result.",
    ),
    Rule(
        codes.MISSING_INCLUDE,
        "missing-include",
        "Finds a `-r` or `-c` line whose file does not exist.",
        "pip-compile and pip install both stop on it.",
        "requirements.in: `-r base.in` with no base.in",
        "Fix the path or restore the file.",
    ),
    Rule(
        codes.INCLUDE_CYCLE,
        "include-cycle",
        "Finds `-r` includes that lead back to a file already being read.",
        "The cycle makes the input ambiguous and some tools loop on it.",
        "a.in: `-r b.in`; b.in: `-r a.in`",
        "Move the shared requirements into one file both include.",
    ),
    Rule(
        codes.MACHINE_SPECIFIC,
        "machine-specific-line",
        "Finds lines that only work on the author's machine: an absolute editable or file "
        "URL path, `--find-links` to an absolute directory, an index URL with a password.",
        "The lock fails to install anywhere else, and a password in it is leaked.",
        "requirements.txt: `-e file:///home/ana/project/localpkg`",
        "requirements.in: `-e file:localpkg` (pip-compile keeps it relative); "
        "`--no-emit-find-links`, `--no-emit-index-url` for machine-level pip settings.",
    ),
    Rule(
        codes.NOT_CURRENT,
        "not-current",
        "With `--resolve`: pip-compile, run with the header's flags and the existing `.txt` "
        "as its starting point, writes a different file (the finding shows the diff).",
        "The lock is not what its inputs compile to today.",
        "requirements.txt differs from a fresh `pip-compile requirements.in`",
        "Run the command, or `repro-hooks requirements-current --fix`.",
    ),
    Rule(
        codes.RESOLVE_FAILED,
        "resolve-failed",
        "With `--resolve` or `--fix`: pip-compile itself failed (no index, no solution).",
        "The pair could not be checked exactly.",
        "`--resolve` without network access",
        "Run the command shown to see pip-compile's full error.",
    ),
)


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
    from repro_hooks.checks.requirements.resolve import recompile

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
    if problem.kind == "cycle":
        message = f"{include} leads back to a file already included (an include cycle); {run}"
        return at(problem.source, problem.option, codes.INCLUDE_CYCLE, message)
    message = f"{include} names a file that does not exist; fix the path, then {run}"
    return at(problem.source, problem.option, codes.MISSING_INCLUDE, message)


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
    return Finding(str(orphan.path), None, None, None, codes.MISSING_PARTNER, message)
