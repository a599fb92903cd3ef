"""``--format sarif``: a SARIF 2.1.0 log for GitHub code scanning (``upload-sarif``).

Where a finding points:

- ``.py`` (and other text files): ``region.startLine``/``startColumn``, 1-based as in
  our findings; columns count code points, so the run says ``columnKind:
  unicodeCodePoints`` (SARIF 3.14.27 requires it once there are results).
- A whole file (``line`` is ``None``): the file with no ``region``.
- A notebook cell: the ``.ipynb`` file with no ``region``; the place inside it goes
  into ``message.text`` (``cell 3:2:10: ...``, as ``--format text`` writes it) and
  into the location's ``properties`` (``cell``, ``cellLine``, ``cellColumn``).

Why no region for a cell: our line and column count within the cell's source, so as a
region they would mark an unrelated line of the notebook's JSON, and a made-up
``startLine: 1`` would be as wrong. A region is optional in SARIF (3.29.4: a
``physicalLocation`` "MAY" have one; microsoft/sarif-sdk#2909 on file-level results).
What GitHub rejects is a result without ``physicalLocation.artifactLocation.uri``
("expected at least one location", github/codeql-action#2459; a logical location
alone: "expected a physical location", forcedotcom/code-analyzer#1970), so the file
stays the location and no logical location stands in for it. codeql-action's
fingerprinting skips results without ``region.startLine`` rather than failing. GitHub's
"SARIF support for code scanning" page lists the region fields as what it needs to
annotate lines, so these alerts name the file and the cell but mark no line (not
checked against a live upload).

No ``partialFingerprints``: GitHub uses only ``primaryLocationLineHash``, a hash of the
source around the line that ``upload-sarif`` computes itself for results with a region;
for the others we have nothing stable (messages change with the advice in them).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from repro_hooks import __version__
from repro_hooks.core.finding import Finding
from repro_hooks.core.rule import Rule
from repro_hooks.output.formats import cell_message

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def render_sarif(findings: Iterable[Finding], rules: Mapping[str, Rule]) -> str:
    """One run of repro-hooks: every rule it has, and one result per finding."""
    index = {code: position for position, code in enumerate(rules)}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "repro-hooks",
                        "version": __version__,
                        "rules": [_descriptor(rule) for rule in rules.values()],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(finding, index[finding.code]) for finding in findings],
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.what},
        "fullDescription": {"text": f"{rule.what} {rule.why}"},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": "error"},
    }


def _help_text(rule: Rule) -> str:
    def block(text: str) -> str:
        return "\n".join("    " + line for line in text.splitlines())

    return (
        f"{rule.what}\n\nWhy is this bad? {rule.why}\n\n"
        f"Example:\n{block(rule.example)}\n\nUse instead:\n{block(rule.instead)}"
    )


def _help_markdown(rule: Rule) -> str:
    def fenced(text: str) -> str:
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}\n{text}\n{fence}"

    return (
        f"{rule.what}\n\n**Why is this bad?** {rule.why}\n\n"
        f"**Example**\n\n{fenced(rule.example)}\n\n**Use instead**\n\n{fenced(rule.instead)}"
    )


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _artifact_location(finding.path)}
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.cell is not None:
        place = {"cell": finding.cell, "cellLine": finding.line, "cellColumn": finding.column}
        location["properties"] = {key: value for key, value in place.items() if value is not None}
    elif finding.line is not None:
        physical["region"] = {"startLine": finding.line}
        if finding.column is not None:
            physical["region"]["startColumn"] = finding.column
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": cell_message(finding)},
        "locations": [location],
    }


def _artifact_location(path: str) -> dict[str, str]:
    """The path as given, as a URI: a relative one (``/``, percent-encoded) based on
    ``%SRCROOT%``, as GitHub reads relative paths from the repository root; an absolute
    path as a ``file:`` URI."""
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    # The bytes of the name as given, so an undecodable file name survives too.
    raw = path.replace(os.sep, "/").encode("utf-8", "surrogateescape")
    return {"uri": quote(raw, safe="/"), "uriBaseId": "%SRCROOT%"}
