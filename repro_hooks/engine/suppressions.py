"""Per-line ``# repro: ignore[RH101]`` comments and ``repro-ignore`` notebook cell tags.

A comment silences the codes it names (every code when it names none) on its own line, or
on every line of the statement it ends, so a long string or call is silenced by a comment
after its last line. A cell tagged ``repro-ignore`` is exempt as a whole, outputs
included; ``repro-ignore:RH201`` exempts it from one code. A suppression that silences
nothing is reported as RH001, like ruff's unused-noqa, so exemptions don't outlive their
reason; a run judges only the codes it checks (one hook judges its own), and only a run
of every hook can tell that a bare ``# repro: ignore`` is unused.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from repro_hooks.core.finding import Finding
from repro_hooks.core.lazy import LazyRegex, lazy
from repro_hooks.core.rule import UNUSED_SUPPRESSION
from repro_hooks.sources import NotReadable, read_regular_file
from repro_hooks.sources.lexing import LexState

_COMMENT = LazyRegex(r"#\s*repro:\s*ignore(?:\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
TAG = "repro-ignore"
_TAG = LazyRegex(rf"{TAG}(?::(?P<code>\S+))?")
_NOT_STATEMENT = frozenset(
    {tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
)


@dataclass(frozen=True)
class Judging:
    """Which suppressions a run may call unused: those naming a code with one of
    ``prefixes``, and bare ones when ``bare`` (every hook ran). ``known`` is every code of
    the suite, to tell a stale code from one that never existed."""

    prefixes: tuple[str, ...]
    known: frozenset[str]
    bare: bool = False

    def judges(self, code: str) -> bool:
        return code.startswith(self.prefixes)


@dataclass(frozen=True)
class Scope:
    """Where suppressions live: one notebook cell or one whole file. ``python`` (when the
    text is Python) gives statement spans."""

    cell: int | None
    text: str
    python: str | None = None
    tags: frozenset[str] = frozenset()

    @lazy
    def statement_ends(self) -> dict[int, int]:
        """Line -> last line of the statement it belongs to (only multi-line ones)."""
        ends: dict[int, int] = {}
        if self.python is None:
            return ends
        start = None
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.python).readline):
                if token.type == tokenize.NEWLINE and start is not None:
                    last = token.start[0]
                    ends.update(dict.fromkeys(range(start, last), last))
                    start = None
                elif start is None and token.type not in _NOT_STATEMENT:
                    start = token.start[0]
        except (tokenize.TokenError, SyntaxError, UnicodeError):  # a lone surrogate on 3.12+
            return {}
        return ends


@dataclass
class _Suppression:
    cell: int | None
    line: int | None  # None: a cell tag
    column: int | None
    codes: dict[str, str] | None  # upper-cased -> as written; None: every code
    written: str
    used: set[str] = field(default_factory=set)

    def silences(self, code: str) -> bool:
        return self.codes is None or code in self.codes


def apply_suppressions(
    path: str, scopes: Iterable[Scope], findings: Sequence[Finding], judging: Judging
) -> list[Finding]:
    """``findings`` minus the suppressed ones, plus RH001 for each unused suppression.

    Suppressions are looked up by cell and line, so the cost grows with the number of
    findings plus the number of suppressions, not their product."""
    scopes = list(scopes)
    suppressions = [s for scope in scopes for s in _suppressions_in(scope)]
    if not suppressions:
        return list(findings)
    by_cell = {scope.cell: scope for scope in scopes}
    by_place: dict[tuple[int | None, int | None], list[_Suppression]] = {}
    for suppression in suppressions:
        by_place.setdefault((suppression.cell, suppression.line), []).append(suppression)
    kept = []
    for finding in findings:
        places = [None, *_lines_covering(finding, by_cell.get(finding.cell))]
        silencing = [
            s
            for line in places
            for s in by_place.get((finding.cell, line), ())
            if s.silences(finding.code)
        ]
        for suppression in silencing:
            suppression.used.add(finding.code)
        if not silencing:
            kept.append(finding)
    return kept + [finding for s in suppressions for finding in _unused_findings(path, s, judging)]


def suppress_in_text_files(
    paths: Sequence[str], findings: Sequence[Finding], judging: Judging
) -> list[Finding]:
    """:func:`apply_suppressions` for files that are not Python (requirement files): the
    comments written in the given files and in the files findings are about. Lines are
    counted as pip counts them (:meth:`str.splitlines`: CR alone, form feed and NEL end a
    line too), as the findings about them are."""
    by_path: dict[str, list[Finding]] = {path: [] for path in paths}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    kept = []
    for path, found in by_path.items():
        try:
            text = "\n".join(read_regular_file(path).decode("utf-8-sig").splitlines())
        except (NotReadable, UnicodeDecodeError):
            kept += found
            continue
        kept += apply_suppressions(path, [Scope(None, text)], found, judging)
    return kept


def _lines_covering(finding: Finding, scope: Scope | None) -> set[int]:
    if finding.line is None:
        return set()
    lines = {finding.line}
    if scope is not None:
        lines.add(scope.statement_ends.get(finding.line, finding.line))
    return lines


def _suppressions_in(scope: Scope) -> Iterable[_Suppression]:
    for tag in sorted(scope.tags):
        match = _TAG.fullmatch(tag)
        if match:
            tagged = {match["code"].upper(): match["code"]} if match["code"] else None
            yield _Suppression(scope.cell, None, None, tagged, f"cell tag {tag}")
    if not _COMMENT.search(scope.text):
        return
    python = scope.python.split("\n") if scope.python is not None else []
    state = LexState()
    for number, line in enumerate(scope.text.split("\n"), start=1):
        match = _COMMENT.search(line)
        if number <= len(python):  # Python (a magic's line reads "pass" there)
            code = python[number - 1]
            state.feed(code)
            comment = len(line) if state.comment is None else state.comment
            if match and code == line and match.start() < comment:
                continue  # the suppression syntax inside a string is no comment
        if match:
            codes: dict[str, str] | None = None
            if match["codes"] is not None:
                written = (code.strip() for code in match["codes"].split(","))
                codes = {code.upper(): code for code in written if code} or None
            yield _Suppression(scope.cell, number, match.start() + 1, codes, match[0])


def _unused_findings(path: str, suppression: _Suppression, judging: Judging) -> list[Finding]:
    def finding(message: str) -> Finding:
        return Finding(
            path,
            suppression.cell,
            suppression.line,
            suppression.column,
            UNUSED_SUPPRESSION,
            f"unused suppression {_quoted(suppression.written)}: {message}",
        )

    place = "this line" if suppression.line is not None else "this cell"
    remove = "the comment" if suppression.line is not None else "the tag"
    if suppression.codes is None:
        if judging.bare and not suppression.used:
            return [finding(f"nothing is reported on {place}; remove {remove}")]
        return []
    known = judging.known
    findings = []
    for code, as_written in suppression.codes.items():
        if code in suppression.used or not judging.judges(code):
            continue
        if code not in known:
            findings.append(finding(f"{as_written} is not a repro-hooks code; remove it"))
        else:
            findings.append(finding(f"{code} is not reported on {place}; remove it"))
    return findings


# A suppression is quoted whole up to this length, then cut (with its length): one RH001
# per stale code must not repeat a comment of thousands of codes thousands of times.
QUOTED_AT_MOST = 80


def _quoted(written: str) -> str:
    if len(written) <= QUOTED_AT_MOST:
        return f"`{written}`"
    return f"`{written[: QUOTED_AT_MOST - 16]}…` ({len(written):,} characters)"
