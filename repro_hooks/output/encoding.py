"""Write any string a finding holds: the one encoder behind every output format.

A user's file can hold anything: a lone surrogate (``\\ud800`` in a notebook's JSON), a
newline in a file name, terminal escape sequences, NEL or U+2028. JSON and SARIF carry any
string as an escape already; the line formats (text, github) escape what would break a
line or the terminal (a message's own line breaks continue indented in text), and
:func:`write` never fails on a character the stream's encoding lacks. Messages are masked
first (:func:`repro_hooks.core.masking.redact`), whatever the format, so quoted user text
cannot carry a credential out whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TextIO

from repro_hooks.core.finding import Finding
from repro_hooks.core.lazy import LazyRegex
from repro_hooks.core.masking import redact

# Controls (but tab and newline), DEL, C1 controls (NEL), line/paragraph separators,
# lone surrogates.
_UNSAFE = LazyRegex("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_UNSAFE_IN_PATH = LazyRegex("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match[0]
    return _NAMED.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def printable(text: str) -> str:
    """A message for a line format: what would break the line or the terminal, escaped
    (newlines are kept: a message may span lines on purpose, such as a diff)."""
    return _UNSAFE.sub(_escaped, text)


CONTINUATION = "    "


def one_finding_a_line(message: str) -> str:
    """A message for ``--format text``: printable, and any line after its first indented
    by :data:`CONTINUATION`, so a line that starts a finding is never part of a message."""
    return printable(message).replace("\n", "\n" + CONTINUATION)


def printable_path(path: str) -> str:
    """A path for a line format: a newline or tab in a file name is escaped too."""
    return _UNSAFE_IN_PATH.sub(_escaped, path)


def say(stream: TextIO, line: str) -> None:
    """One line for people (a note, an error) on ``stream``: masked and printable, as a
    finding's message is."""
    write(stream, printable(redact(line)) + "\n")


def masked(findings: Iterable[Finding]) -> list[Finding]:
    """Every finding with its message (and detail, such as a diff) masked."""
    return [_masked(finding) for finding in findings]


def _masked(finding: Finding) -> Finding:
    message = redact(finding.message)
    detail = None if finding.detail is None else redact(finding.detail)
    if message == finding.message and detail == finding.detail:
        return finding  # nothing to mask: most findings
    return replace(finding, message=message, detail=detail)


def write(stream: TextIO, text: str) -> None:
    """``text`` on ``stream``; what its encoding cannot hold is written as an escape."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
