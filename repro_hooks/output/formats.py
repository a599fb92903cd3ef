"""Findings as text (ruff's shape), JSON and GitHub workflow commands."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, replace

from repro_hooks.core.finding import Finding
from repro_hooks.core.rule import Rule
from repro_hooks.output.encoding import one_finding_a_line, printable, printable_path


def render_text(findings: Iterable[Finding], colour: bool = False) -> str:
    """One finding a line, as ruff prints them."""
    lines = []
    for finding in findings:
        path = printable_path(finding.path)
        shown = finding if path == finding.path else replace(finding, path=path)
        location, code, message = (
            shown.location(),
            finding.code,
            one_finding_a_line(finding.message),
        )
        if colour:
            location, code = f"\x1b[1m{location}\x1b[0m", f"\x1b[1;31m{code}\x1b[0m"
        lines.append(f"{location}: {code} {message}")
    return "".join(line + "\n" for line in lines)


def render_summary(findings: Sequence[Finding], fixable: Collection[str]) -> str:
    """The line that ends a text report with findings: how many, in how many files, and
    how many the hook's ``--fix`` repairs (``""`` when clean)."""
    if not findings:
        return ""
    files = len({finding.path for finding in findings})
    repairable = sum(finding.code in fixable for finding in findings)
    counted = f"Found {_plural(len(findings), 'finding')} in {_plural(files, 'file')}"
    return f"{counted} ({repairable} fixable with --fix).\n" if repairable else f"{counted}.\n"


def statistics(
    findings: Iterable[Finding], rules: Mapping[str, Rule]
) -> list[tuple[str, str, int]]:
    """(code, rule name, count) for every code found, most frequent first, as ruff's
    ``--statistics``."""
    counts = Counter(finding.code for finding in findings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(code, rules[code].name if code in rules else "", count) for code, count in ordered]


def render_statistics(rows: Sequence[tuple[str, str, int]]) -> str:
    width = max((len(str(count)) for _, _, count in rows), default=1)
    return "".join(f"{count:>{width}}  {code}  {name}\n" for code, name, count in rows)


def render_statistics_json(rows: Sequence[tuple[str, str, int]]) -> str:
    objects = [{"code": code, "name": name, "count": count} for code, name, count in rows]
    return json.dumps(objects, indent=2) + "\n"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def render_json(findings: Iterable[Finding]) -> str:
    """A JSON array of finding objects (``[]`` when clean)."""
    rows = [
        {key: value for key, value in asdict(finding).items() if key != "detail" or value}
        for finding in findings
    ]
    return json.dumps(rows, indent=2) + "\n"


def cell_message(finding: Finding) -> str:
    """The message, led by ``cell N:line:col`` for a notebook finding: formats that
    locate by file lines cannot hold a place inside a cell."""
    if finding.cell is None:
        return finding.message
    return f"{finding.position()}: {finding.message}"


def render_github(findings: Iterable[Finding], rules: Mapping[str, Rule]) -> str:
    """GitHub Actions ``::error`` workflow commands, which annotate the pull request.

    A notebook's line and column are within a cell, not the ``.ipynb`` file GitHub
    would point at, so they go into the message instead (:func:`cell_message`).
    """
    lines = []
    for finding in findings:
        properties = {"file": finding.path}
        if finding.cell is None and finding.line is not None:
            properties["line"] = str(finding.line)
            if finding.column is not None:
                properties["col"] = str(finding.column)
        properties["title"] = f"{finding.code} {rules[finding.code].name}"
        fields = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
        lines.append(f"::error {fields}::{_escape_data(cell_message(finding))}")
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    """GitHub's escaping of a command's message: a newline would end the command."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """A property value also must not contain the ``,`` and ``:`` that delimit it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
